// The console's RPCs at county scale (issue 15): a throwaway embedded Postgres with the real
// migrations and seed, filled by the demo generator (supabase/local/seed-demo.ts) with
// 200,000 records and 2,000,000 audit entries over 90 days, then every console RPC called as a
// North Valley medical director (a supervisor, an admin and a paramedic where the RPC is
// theirs) through the request context PostgREST uses. p50 and p95 per RPC and filter; every
// answer checked to hold no row of another department. Rate limits are lifted for the run. The
// chart RPCs read the materialized views; the hourly job that refreshes them is timed once.
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { userClaims, type Claims } from '../../supabase/local/claims';
import { migrate, REPO_ROOT } from '../../supabase/local/migrate';
import { startPostgres } from '../../supabase/local/postgres';
import { withRequestContext } from '../../supabase/local/request-context';
import { seedDemoRecords } from '../../supabase/local/seed-demo';

export interface ConsoleBenchOptions {
  records?: number;
  auditEntries?: number;
  runs?: number;
}

const NORTH = 'd0000000-0000-4000-8000-000000000001';
const DIRECTOR = { id: 'a0000000-0000-4000-8000-000000000003', role: 'medical_director' as const };
const ADMIN = { id: 'a0000000-0000-4000-8000-000000000004', role: 'admin' as const };
const SUPERVISOR = { id: 'a0000000-0000-4000-8000-000000000007', role: 'supervisor' as const };

type Row = Record<string, string | number>;

function claimsOf(person: { id: string; role: string }): Claims {
  return userClaims({ id: person.id, email: `${person.id}@bench.test`, appMetadata: { role: person.role } });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export async function benchConsole(options: ConsoleBenchOptions = {}): Promise<Row[]> {
  const records = options.records ?? 200_000;
  const auditEntries = options.auditEntries ?? 2_000_000;
  const runs = options.runs ?? 40;
  const dataDir = resolve(REPO_ROOT, `.tmp/postgres/bench-console-${process.pid}`);
  const postgres = await startPostgres({ dataDir, port: 0 });
  try {
    const setup = new pg.Client({ connectionString: postgres.urlFor('postgres') });
    await setup.connect();
    await setup.query('create database bench');
    await setup.end();
    const url = postgres.urlFor('bench');
    await migrate(url, { seed: true });
    const seeded = await seedDemoRecords(url, {
      records,
      auditEntries,
      log: (line) => console.error(`  seed-demo: ${line}`),
    });
    console.error(`  seed-demo: ${JSON.stringify(seeded)}`);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(
        "update public.rate_limit_config set max_requests = 100000000 where scope in ('API', 'GLOBAL')",
      );
      const north = new Set(
        (await client.query<{ id: string }>('select id from public.users where department_id = $1', [NORTH])).rows.map(
          (r) => r.id,
        ),
      );
      const sample = async (sql: string, params: unknown[] = []) =>
        (await client.query<Record<string, unknown>>(sql, params)).rows;
      const reviewIds = (
        await sample('select id from public.qi_reviews where department_id = $1 order by random() limit $2', [
          NORTH,
          runs,
        ])
      ).map((r) => r['id'] as string);
      const crew = await sample(
        "select id, role::text as role from public.users where department_id = $1 and role in ('paramedic', 'emt') order by random() limit $2",
        [NORTH, runs],
      );
      const crewIds = crew.map((r) => r['id'] as string);
      const stations = (await sample('select id from public.stations where department_id = $1', [NORTH])).map(
        (r) => r['id'] as string,
      );
      const page2 = (
        await sample(
          `select flagged, started_at, id from public.qi_reviews where department_id = $1 order by flagged desc, started_at desc, id desc offset 49 limit 1`,
          [NORTH],
        )
      )[0]!;
      const auditPage2 = (
        await sample(
          'select occurred_at, id from public.audit_logs where department_id = $1 order by occurred_at desc, id desc offset 99 limit 1',
          [NORTH],
        )
      )[0]!;
      const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

      const rows: Row[] = [];
      async function measure(
        label: string,
        caller: Claims,
        sql: (i: number) => [string, unknown[]],
        check: (result: pg.QueryResult) => void,
      ): Promise<void> {
        const times: number[] = [];
        let rowCount = 0;
        for (let i = -3; i < runs; i++) {
          const [text, params] = sql(Math.max(0, i));
          const t0 = performance.now();
          const result = await withRequestContext(client, caller, (c) => c.query(text, params), { readOnly: false });
          const ms = performance.now() - t0;
          check(result);
          if (i >= 0) times.push(ms);
          rowCount = result.rowCount ?? 0;
        }
        times.sort((a, b) => a - b);
        rows.push({
          rpc: label,
          runs,
          rows: rowCount,
          'p50 ms': Number(percentile(times, 50).toFixed(2)),
          'p95 ms': Number(percentile(times, 95).toFixed(2)),
        });
        console.error(`  ${label}: p95 ${rows.at(-1)?.['p95 ms']} ms`);
      }
      const ownRows = (key: string) => (result: pg.QueryResult) => {
        for (const row of result.rows as Array<Record<string, unknown>>)
          if (row[key] && !north.has(row[key] as string))
            throw new Error(`another department's row in the answer: ${JSON.stringify(row).slice(0, 200)}`);
      };
      const director = claimsOf(DIRECTOR);
      const q = (args: string) => `select * from public.list_qi_reviews(${args})`;

      await measure(
        'get_console_context',
        director,
        () => ['select public.get_console_context() as c', []],
        (r) => {
          if (((r.rows[0] as Record<string, unknown>)['c'] as { department: { id: string } }).department.id !== NORTH)
            throw new Error('another department');
        },
      );
      await measure('list_qi_reviews: first page', director, () => [q('page_size => 50'), []], ownRows('user_id'));
      await measure(
        'list_qi_reviews: second page (keyset)',
        director,
        () => [
          q('after_flagged => $1, after_started_at => $2, after_id => $3, page_size => 50'),
          [page2['flagged'], page2['started_at'], page2['id']],
        ],
        ownRows('user_id'),
      );
      await measure(
        'list_qi_reviews: a flag',
        director,
        () => [q("filter_flag => 'MIDAZOLAM_WITHOUT_BASE_ORDER', page_size => 50"), []],
        ownRows('user_id'),
      );
      await measure(
        'list_qi_reviews: a rare flag',
        director,
        () => [q("filter_flag => 'DANGER_WARNING', page_size => 50"), []],
        ownRows('user_id'),
      );
      await measure(
        'list_qi_reviews: a station',
        director,
        (i) => [q('filter_station_id => $1, page_size => 50'), [stations[i % stations.length]]],
        ownRows('user_id'),
      );
      await measure(
        'list_qi_reviews: a crew member',
        director,
        (i) => [q('filter_user_id => $1, page_size => 50'), [crewIds[i % crewIds.length]]],
        ownRows('user_id'),
      );
      await measure(
        'list_qi_reviews: status new',
        director,
        () => [q("filter_status => 'new', page_size => 50"), []],
        ownRows('user_id'),
      );
      await measure(
        'list_qi_reviews: one week, 60 days ago',
        director,
        () => [q('from_time => $1, to_time => $2, page_size => 50'), [day(60), day(53)]],
        ownRows('user_id'),
      );
      await measure(
        'get_qi_review',
        director,
        (i) => ['select public.get_qi_review($1) as r', [reviewIds[i % reviewIds.length]]],
        (r) => {
          const crew = ((r.rows[0] as Record<string, unknown>)['r'] as { crew: { id: string } }).crew;
          if (!north.has(crew.id)) throw new Error('another department');
        },
      );
      await measure(
        'search_audit_logs: first page',
        director,
        () => ['select * from public.search_audit_logs(page_size => 100)', []],
        ownRows('user_id'),
      );
      await measure(
        'search_audit_logs: second page (keyset)',
        director,
        () => [
          'select * from public.search_audit_logs(after_occurred_at => $1, after_id => $2, page_size => 100)',
          [auditPage2['occurred_at'], auditPage2['id']],
        ],
        ownRows('user_id'),
      );
      await measure(
        'search_audit_logs: a person',
        director,
        (i) => [
          'select * from public.search_audit_logs(filter_user_id => $1, page_size => 100)',
          [crewIds[i % crewIds.length]],
        ],
        ownRows('user_id'),
      );
      await measure(
        'search_audit_logs: an action',
        director,
        () => ["select * from public.search_audit_logs(filter_action => 'dose_confirmed', page_size => 100)", []],
        ownRows('user_id'),
      );
      await measure(
        'search_audit_logs: a resource (tp_code 1231-P)',
        director,
        () => [
          "select * from public.search_audit_logs(filter_resource_key => 'tp_code', filter_resource_value => '1231-P', page_size => 100)",
          [],
        ],
        ownRows('user_id'),
      );
      await measure(
        'search_audit_logs: one day, 45 days ago',
        director,
        () => [
          'select * from public.search_audit_logs(from_time => $1, to_time => $2, page_size => 100)',
          [day(45), day(44)],
        ],
        ownRows('user_id'),
      );
      await measure(
        'list_audit_actions',
        director,
        () => ['select public.list_audit_actions() as a', []],
        () => undefined,
      );
      await measure(
        'list_sync_health',
        claimsOf(SUPERVISOR),
        () => ['select * from public.list_sync_health()', []],
        ownRows('user_id'),
      );
      const handoffPage2 = (
        await sample(
          'select urgency, closed_at, id from public.epcr_submissions where department_id = $1 order by urgency desc, closed_at desc, id desc offset 49 limit 1',
          [NORTH],
        )
      )[0]!;
      const h = (args: string) => `select * from public.list_epcr_handoffs(${args})`;
      await measure('list_epcr_handoffs: first page', director, () => [h('page_size => 50'), []], ownRows('user_id'));
      await measure(
        'list_epcr_handoffs: second page (keyset)',
        director,
        () => [
          h('after_urgency => $1, after_closed_at => $2, after_id => $3, page_size => 50'),
          [handoffPage2['urgency'], handoffPage2['closed_at'], handoffPage2['id']],
        ],
        ownRows('user_id'),
      );
      await measure(
        'list_epcr_handoffs: needs correction',
        director,
        () => [h("filter_stage => 'needs_correction', page_size => 50"), []],
        ownRows('user_id'),
      );
      await measure(
        'list_epcr_handoffs: sent',
        director,
        () => [h("filter_stage => 'sent', page_size => 50"), []],
        ownRows('user_id'),
      );
      await measure(
        'list_epcr_handoffs: retry scheduled (none)',
        director,
        () => [h("filter_stage => 'retry_scheduled', page_size => 50"), []],
        ownRows('user_id'),
      );
      await measure(
        'list_epcr_handoffs: a crew member',
        claimsOf(SUPERVISOR),
        (i) => [h('filter_user_id => $1, page_size => 50'), [crewIds[i % crewIds.length]]],
        ownRows('user_id'),
      );
      await measure(
        'count_epcr_handoffs',
        director,
        () => ['select public.count_epcr_handoffs() as c', []],
        () => undefined,
      );
      // The charts read the materialized views the hourly job refreshed (the demo generator ran it).
      const dayOf = (n: number) => day(n).slice(0, 10);
      const charts = [
        'chart_protocol_use',
        'chart_time_to_first_dose',
        'chart_sync_lag',
        'chart_pediatric_weight',
      ] as const;
      const chartRows = (result: pg.QueryResult) => {
        const answer = (result.rows[0] as { c: { rows: Array<Record<string, unknown>> } }).c;
        if (answer.rows.length === 0) throw new Error('a chart with no rows: the views were not refreshed');
        for (const row of answer.rows)
          if (typeof row['station_code'] === 'string' && !northStations.has(row['station_code']))
            throw new Error(`another department's station in a chart: ${JSON.stringify(row).slice(0, 200)}`);
      };
      const northStations = new Set(
        (await sample('select code from public.stations where department_id = $1', [NORTH])).map(
          (r) => r['code'] as string,
        ),
      );
      for (const fn of charts) {
        await measure(
          `${fn}: 13 weeks`,
          director,
          () => [`select public.${fn}($1, $2) as c`, [dayOf(90), dayOf(-1)]],
          chartRows,
        );
      }
      await measure(
        'chart_protocol_use: 52 weeks, a station',
        claimsOf(SUPERVISOR),
        (i) => [
          'select public.chart_protocol_use($1, $2, $3) as c',
          [dayOf(364), dayOf(-1), stations[i % stations.length]],
        ],
        chartRows,
      );
      // The versions pages: every protocol and medication version, the records to draft from, one version whole.
      const versionIds = (
        await sample('select id from public.reference_versions order by random() limit $1', [runs])
      ).map((r) => r['id'] as string);
      await measure(
        'list_reference_versions',
        director,
        () => ['select public.list_reference_versions() as v', []],
        () => undefined,
      );
      for (const [rpc, reader] of [
        ['list_reference_record_names', 'the draft picker'],
        ['list_reference_records', 'the draft editor'],
      ])
        for (const kind of ['protocol', 'medication'])
          await measure(
            `${rpc}: ${kind}s (${reader})`,
            director,
            () => [`select public.${rpc}($1) as r`, [kind]],
            () => undefined,
          );
      await measure(
        'get_reference_version',
        director,
        (i) => ['select public.get_reference_version($1) as v', [versionIds[i % versionIds.length]]],
        () => undefined,
      );
      const refreshStarted = performance.now();
      const refreshed = await client.query<{ r: Record<string, unknown> }>(
        'select public.refresh_console_analytics() as r',
      );
      rows.push({
        rpc: 'refresh_console_analytics (the hourly job, once)',
        runs: 1,
        rows: 0,
        'p50 ms': Number((performance.now() - refreshStarted).toFixed(0)),
        'p95 ms': Number((performance.now() - refreshStarted).toFixed(0)),
      });
      console.error(`  refresh_console_analytics: ${JSON.stringify(refreshed.rows[0]?.r)}`);
      await measure(
        'my_correction_requests (a paramedic)',
        claimsOf({ id: crewIds[0]!, role: crew[0]!['role'] as string }),
        () => ['select public.my_correction_requests() as r', []],
        () => undefined,
      );
      // Writes roll back nothing here: each run assigns a different item (the bench database is thrown away).
      await measure(
        'assign_qi_review (a write)',
        claimsOf(ADMIN),
        (i) => ['select public.assign_qi_review($1) as r', [reviewIds[i % reviewIds.length]]],
        () => undefined,
      );
      return rows;
    } finally {
      await client.end();
    }
  } finally {
    await postgres.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
