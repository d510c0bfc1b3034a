// `npm run -s db:seed-demo -- --records N [--audit N] [--days 90] [--db-url URL]`: fills a
// database (the local stack's by default) with realistic calls for both demo departments, so
// that the console's queue, audit trail and sync health look like a real agency's. Written as
// the superuser straight into the record tables (as a server job would), so the QI queue files
// and flags every call through its triggers, exactly as when devices sync.
//
// A call: a crew member opens a patient, looks up and applies a protocol, gives 0 to 2 doses a
// few minutes apart, and writes a narrative (narratives only in the last 30 days, which is all
// the server keeps). Records: protocol uses + doses + narratives. Audit entries: device events
// (app starts, searches, protocols viewed, doses confirmed, patients saved) spread over the
// same days. Calls of the last 30 days were closed and handed to the ePCR (epcr_submissions).
// Every value comes from Postgres' random() after setseed, so a run is repeatable.
// For the console's charts: when each patient was first contacted (kept without PHI), what the
// ledger of received events says about each rig's sync lag, the server's per-batch counts of
// refused events, and finally one run of the hourly job that refreshes the charts.
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { connectionUrl, DEFAULT_PASSWORD } from './postgres';

export interface SeedDemoOptions {
  /** Record rows to write (protocol uses, doses and narratives together). */
  records: number;
  /** Audit entries to write; default ten per record. */
  auditEntries?: number;
  /** How far back the calls go; default 90 days. */
  days?: number;
  /** 0..1, for repeatable runs. */
  seed?: number;
  log?: (line: string) => void;
}

export interface SeedDemoReport {
  crew: number;
  calls: number;
  protocolUses: number;
  doses: number;
  narratives: number;
  epcrHandoffs: number;
  auditEntries: number;
  reviewItems: number;
  seconds: number;
}

const DEPARTMENTS = [
  // Demo department, its stations, how many crew members the generator adds.
  {
    id: 'd0000000-0000-4000-8000-000000000001',
    code: 'NV',
    stations: ['50000000-0000-4000-8000-000000000012', '50000000-0000-4000-8000-000000000015'],
    crew: 36,
  },
  {
    id: 'd0000000-0000-4000-8000-000000000002',
    code: 'HC',
    stations: ['50000000-0000-4000-8000-000000000003'],
    crew: 18,
  },
];

const FIRST = [
  'Alex',
  'Bea',
  'Chris',
  'Dev',
  'Eli',
  'Fran',
  'Gus',
  'Hana',
  'Ivan',
  'Jo',
  'Kai',
  'Lena',
  'Marco',
  'Nia',
  'Omar',
  'Pia',
  'Quinn',
  'Ravi',
];
const LAST = [
  'Alvarez',
  'Brooks',
  'Chen',
  'Diaz',
  'Evans',
  'Fischer',
  'Garcia',
  'Hughes',
  'Ibarra',
  'Jensen',
  'Kim',
  'Lopez',
  'Moore',
  'Nguyen',
];

/**
 * What a call looks like: the protocol applied, and the dose given (or none). Doses are within
 * the formulary's ranges except where a real agency also sees exceptions (a capped dose, a
 * danger warning, midazolam before the Base order), in the proportions `weight` gives.
 */
const SCENARIOS = [
  {
    tp: '1211',
    weight: 14,
    med: 'aspirin',
    route: 'PO',
    value: 324,
    unit: 'mg',
    indication: 'chest pain',
    age: 64,
    kg: 82,
    color: 'Adult',
  },
  {
    tp: '1219',
    weight: 6,
    med: 'epinephrine',
    route: 'IM',
    value: 0.5,
    unit: 'mg',
    indication: 'anaphylaxis',
    age: 31,
    kg: 70,
    color: 'Adult',
  },
  {
    tp: '1219-P',
    weight: 3,
    med: 'epinephrine',
    route: 'IM',
    value: 0.14,
    unit: 'mg',
    indication: 'anaphylaxis',
    age: 3,
    kg: 14,
    color: 'Yellow',
  },
  {
    tp: '1210',
    weight: 4,
    med: 'epinephrine',
    route: 'IV',
    value: 1,
    unit: 'mg',
    indication: 'cardiac arrest',
    age: 71,
    kg: 88,
    color: 'Adult',
  },
  {
    tp: '1231-P',
    weight: 3,
    med: 'midazolam',
    route: 'IM',
    value: 2.5,
    unit: 'mg',
    indication: 'seizure',
    age: 4,
    kg: 16,
    color: 'White',
  },
  {
    tp: '1231',
    weight: 3,
    med: 'midazolam',
    route: 'IM',
    value: 10,
    unit: 'mg',
    indication: 'seizure',
    age: 38,
    kg: 75,
    color: 'Adult',
  },
  {
    tp: '1244',
    weight: 8,
    med: 'fentanyl',
    route: 'IV',
    value: 50,
    unit: 'mcg',
    indication: 'pain',
    age: 45,
    kg: 80,
    color: 'Adult',
  },
  {
    tp: '1241',
    weight: 6,
    med: 'naloxone',
    route: 'IN',
    value: 4,
    unit: 'mg',
    indication: 'opioid overdose',
    age: 29,
    kg: 68,
    color: 'Adult',
  },
  {
    tp: '1237',
    weight: 7,
    med: 'albuterol',
    route: 'NEB',
    value: 5,
    unit: 'mg',
    indication: 'bronchospasm',
    age: 55,
    kg: 90,
    color: 'Adult',
  },
  {
    tp: '1205',
    weight: 6,
    med: 'ondansetron',
    route: 'ODT',
    value: 4,
    unit: 'mg',
    indication: 'nausea',
    age: 40,
    kg: 72,
    color: 'Adult',
  },
  {
    tp: '1229',
    weight: 10,
    med: null,
    route: null,
    value: null,
    unit: null,
    indication: null,
    age: 77,
    kg: 70,
    color: 'Adult',
  },
  {
    tp: '1202',
    weight: 14,
    med: null,
    route: null,
    value: null,
    unit: null,
    indication: null,
    age: 50,
    kg: 80,
    color: 'Adult',
  },
  {
    tp: '1233',
    weight: 6,
    med: null,
    route: null,
    value: null,
    unit: null,
    indication: null,
    age: 19,
    kg: 60,
    color: 'Adult',
  },
  {
    tp: '1242-P',
    weight: 2,
    med: null,
    route: null,
    value: null,
    unit: null,
    indication: null,
    age: 9,
    kg: 28,
    color: 'Orange',
  },
];

const AUDIT_ACTIONS = [
  'app_started',
  'protocol_viewed',
  'search_performed',
  'dose_confirmed',
  'patient_saved',
  'narrative_saved',
  'reference_updated',
];

export async function seedDemoRecords(databaseUrl: string, options: SeedDemoOptions): Promise<SeedDemoReport> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const days = options.days ?? 90;
  const records = Math.max(0, Math.floor(options.records));
  const auditEntries = Math.max(0, Math.floor(options.auditEntries ?? records * 10));
  // About 1.6 protocol uses, 0.8 doses and 0.45 narratives per call.
  const calls = Math.max(1, Math.round(records / 2.85));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('select setseed($1)', [options.seed ?? 0.42]);
    const departments = await client.query<{ id: string }>(
      'select id from public.departments where id = any($1::uuid[])',
      [DEPARTMENTS.map((d) => d.id)],
    );
    if (departments.rowCount !== DEPARTMENTS.length)
      throw new Error(
        'the demo departments are missing: seed the database first (npm run db:migrate -- --seed, or npm start)',
      );

    log(`crew: ${DEPARTMENTS.reduce((n, d) => n + d.crew, 0)} members across both departments`);
    await ensureCrew(client);
    const crew = await client.query<{ id: string; department_id: string; station_id: string }>(
      "select id, department_id, station_id from public.users where role in ('paramedic', 'emt') and station_id is not null and deleted_at is null order by id",
    );

    // The calls, in a temporary table the record inserts read.
    await client.query(
      'create temporary table demo_calls (n integer, user_id uuid, department_id uuid, station_id uuid, context_id uuid, started_at timestamptz, scenario integer, capped boolean, danger boolean, base_order boolean) on commit preserve rows',
    );
    const scenarioPicks = SCENARIOS.flatMap((s, i) => Array<number>(s.weight).fill(i));
    await client.query(
      `insert into demo_calls
       select g, ($4::uuid[])[1 + g % cardinality($4::uuid[])], ($5::uuid[])[1 + g % cardinality($4::uuid[])],
              ($6::uuid[])[1 + g % cardinality($4::uuid[])], gen_random_uuid(),
              now() - make_interval(secs => random() * $2 * 86400) - interval '30 minutes',
              ($3::int[])[1 + floor(random() * cardinality($3::int[]))::int],
              random() < 0.03, random() < 0.01, random() < 0.5
       from generate_series(1, $1) g`,
      [
        calls,
        days,
        scenarioPicks,
        crew.rows.map((r) => r.id),
        crew.rows.map((r) => r.department_id),
        crew.rows.map((r) => r.station_id),
      ],
    );

    const scenarios = JSON.stringify(SCENARIOS.map((s, i) => ({ ...s, i })));
    log(`calls: ${calls}; writing protocol uses`);
    const uses = await client.query(
      `insert into public.protocol_usage (id, user_id, department_id, station_id, context_id, tp_code, action, query, dataset_version, created_at)
       select gen_random_uuid(), c.user_id, c.department_id, c.station_id, c.context_id, s.tp, a.action, s.indication, 'demo',
              c.started_at + make_interval(secs => a.k * 45)
       from demo_calls c
       join jsonb_to_recordset($1::jsonb) as s (i int, tp text, indication text) on s.i = c.scenario
       cross join lateral (values (0, 'viewed'::public.protocol_usage_action), (1, 'applied'::public.protocol_usage_action)) as a (k, action)
       -- One call in ten applies no protocol (a refusal, a lift assist).
       where (a.action = 'viewed' or c.n % 10 <> 0)
         -- protocol usage is kept 90 days
         and c.started_at > now() - interval '89 days'`,
      [scenarios],
    );

    log('writing doses');
    const doses = await client.query(
      `insert into public.dosing_calculations (id, user_id, department_id, station_id, context_id, medication, route, indication, inputs,
         dose_value, dose_unit, volume_ml, concentration, color, capped, warnings, formulary_version, created_at)
       select gen_random_uuid(), c.user_id, c.department_id, c.station_id, c.context_id, s.med, s.route, s.indication,
              jsonb_build_object('medication', s.med, 'route', s.route, 'age_years', s.age,
                -- A child's weight goes unrecorded now and then, as the QI queue and the charts show.
                'weight_kg', case when s.age < 15 and random() < 0.08 then null else s.kg end,
                'base_order', c.base_order and s.med = 'midazolam'),
              s.value, s.unit, null, null, s.color, c.capped,
              case when c.danger then jsonb_build_array(jsonb_build_object('code', 'ALLERGY', 'severity', 'danger', 'message', 'An allergy recorded in the patient matches this medication.'))
                   else '[]'::jsonb end,
              'demo', c.started_at + make_interval(secs => 120 + d.k * 300 + floor(random() * 240)::int)
       from demo_calls c
       join jsonb_to_recordset($1::jsonb) as s (i int, med text, route text, value numeric, unit text, indication text, age numeric, kg numeric, color text)
         on s.i = c.scenario and s.med is not null
       -- A second dose in a third of the calls that have one.
       cross join lateral (select k from generate_series(0, case when c.n % 3 = 0 then 1 else 0 end) k) d`,
      [scenarios],
    );

    log('writing narratives');
    const narratives = await client.query(
      `insert into public.narrative_history (id, narrative_id, user_id, department_id, station_id, context_id, format, content, created_at)
       select gen_random_uuid(), gen_random_uuid(), c.user_id, c.department_id, c.station_id, c.context_id, 'soap',
              format('S: %s. O: vitals recorded, %s kg. A: per TP %s. P: treated and transported.', coalesce(s.indication, 'called for help'), s.kg, s.tp),
              c.started_at + interval '25 minutes'
       from demo_calls c
       join jsonb_to_recordset($1::jsonb) as s (i int, tp text, indication text, kg numeric) on s.i = c.scenario
       where c.started_at > now() - interval '29 days'`,
      [scenarios],
    );

    // Calls closed in the last 30 days (what the server keeps) went to the ePCR: most were
    // accepted, a few with warnings, and a few need a person (refused for the schema, or failed
    // after three retries). None is left queued, so a running stack's hand-off has nothing of the
    // generator's to send; the encounter is a stub (the export's input is not made up here).
    log('writing ePCR hand-offs');
    const handoffs = await client.query(
      `insert into public.epcr_submissions (id, user_id, department_id, station_id, context_id, report_uuid, pcr_number, encounter,
         status, attempts, next_attempt_at, last_status_code, last_error, warnings, closed_at, sent_at, received_at, updated_at)
       select x.id, x.user_id, x.department_id, x.station_id, x.context_id, x.report_uuid, x.pcr_number,
              jsonb_build_object('format', 'rigside-encounter/1', 'reportUuid', x.report_uuid, 'pcrNumber', x.pcr_number, 'demo', true),
              x.status, case x.status when 'failed' then 4 else 0 end, null,
              case x.status when 'sent' then 1 when 'sent_with_warnings' then 3 when 'needs_correction' then -12 else -20 end,
              case x.status when 'needs_correction' then '-12: failed XML (schema) validation · eTimes.03 is required'
                            when 'failed' then '-20: generic server error' end,
              case x.status when 'sent_with_warnings' then '[WARNING] Incident ZIP Code should be recorded' end,
              x.closed_at, case when x.status in ('sent', 'sent_with_warnings') then x.closed_at + interval '2 minutes' end,
              x.closed_at + interval '1 minute', x.closed_at + interval '2 minutes'
       from (
         select gen_random_uuid() as id, c.user_id, c.department_id, c.station_id, c.context_id, gen_random_uuid() as report_uuid,
                format('%s-%s', d.code, lpad(c.n::text, 7, '0')) as pcr_number, c.started_at + interval '40 minutes' as closed_at,
                (case when r < 0.93 then 'sent' when r < 0.97 then 'sent_with_warnings' when r < 0.99 then 'needs_correction'
                      else 'failed' end)::public.epcr_submission_status as status
         from (select c.*, random() as r from demo_calls c) c
         join public.departments d on d.id = c.department_id
         where c.started_at > now() - interval '29 days'
       ) x`,
    );

    log(`writing ${auditEntries} audit entries`);
    for (let month = 0; month <= Math.ceil(days / 28) + 1; month++) {
      await client.query('select public.create_audit_log_partition((now() - make_interval(months => $1))::date)', [
        month,
      ]);
    }
    const chunk = 250_000;
    for (let done = 0; done < auditEntries; done += chunk) {
      await client.query(
        `insert into public.audit_logs (id, occurred_at, received_at, user_id, department_id, station_id, session_id, source, action, details)
         select gen_random_uuid(), x.at, x.at + make_interval(secs => floor(random() * 600)::int),
                ($4::uuid[])[1 + x.who], ($6::uuid[])[1 + x.who], ($7::uuid[])[1 + x.who], null, 'device', x.action,
                case x.action when 'protocol_viewed' then jsonb_build_object('tp_code', ($5::text[])[1 + floor(random() * cardinality($5::text[]))::int])
                              when 'dose_confirmed' then jsonb_build_object('medication', 'epinephrine')
                              else '{}'::jsonb end
         from (
           select now() - make_interval(secs => random() * $2 * 86400) - interval '1 minute' as at,
                  ($3::text[])[1 + floor(random() * cardinality($3::text[]))::int] as action,
                  floor(random() * cardinality($4::uuid[]))::int as who
           from generate_series(1, $1) g
         ) x`,
        [
          Math.min(chunk, auditEntries - done),
          days,
          AUDIT_ACTIONS,
          crew.rows.map((r) => r.id),
          SCENARIOS.map((s) => s.tp),
          crew.rows.map((r) => r.department_id),
          crew.rows.map((r) => r.station_id),
        ],
      );
      log(`  ${Math.min(done + chunk, auditEntries)} audit entries`);
    }

    log('device reports and a few rate-limit violations for sync health');
    // One device (a rig's tablet) per crew member, signed in with one session; some rigs work
    // where the signal is poor, so their records reach the server later.
    await client.query(
      `create temporary table demo_devices on commit preserve rows as
       select c.id as user_id, c.department_id, c.station_id, gen_random_uuid() as device_id, gen_random_uuid() as session_id,
              case when random() < 0.2 then 4 else 1 end as poor_signal
       from unnest($1::uuid[], $2::uuid[], $3::uuid[]) as c (id, department_id, station_id)`,
      [crew.rows.map((r) => r.id), crew.rows.map((r) => r.department_id), crew.rows.map((r) => r.station_id)],
    );
    await client.query(
      `insert into public.device_outbox_states (device_id, user_id, department_id, station_id, session_id, pending, oldest_pending_at, refused, refused_count, reported_at)
       select d.device_id, d.user_id, d.department_id, d.station_id, d.session_id,
              case when random() < 0.8 then 0 else floor(random() * 40)::int end,
              case when random() < 0.2 then now() - make_interval(mins => floor(random() * 600)::int) end,
              '[]'::jsonb, 0, now() - make_interval(mins => floor(random() * 300)::int)
       from demo_devices d
       on conflict do nothing`,
    );

    log('patient contacts, the ledger of received events and refused events, for the charts');
    // The crew opened the patient up to 4 minutes before the first protocol use.
    await client.query(
      `insert into private.patient_contacts (context_id, user_id, department_id, station_id, contact_at)
       select c.context_id, c.user_id, c.department_id, c.station_id, c.started_at - make_interval(secs => 30 + floor(random() * 210)::int)
       from demo_calls c
       on conflict do nothing`,
    );
    // received minus occurred: mostly under a minute, a rig with poor signal four times as often late.
    await client.query(
      `insert into private.ingested_events (id, kind, user_id, occurred_at, received_at, device_id)
       select r.id, r.kind, r.user_id, r.created_at,
              least(now(), r.created_at + make_interval(secs => case
                when r.p < 0.80 / d.poor_signal then 2 + floor(random() * 50)
                when r.p < 0.93 then 60 + floor(random() * 840)
                when r.p < 0.97 then 900 + floor(random() * 2700)
                when r.p < 0.99 then 3600 + floor(random() * 10800)
                when r.p < 0.997 then 14400 + floor(random() * 72000)
                else 86400 + floor(random() * 86400) end)),
              d.device_id
       from (select u.*, random() as p from (
               select id, 'protocol_usage' as kind, user_id, created_at from public.protocol_usage
               union all select id, 'dosing_calculation', user_id, created_at from public.dosing_calculations
               union all select id, 'narrative', user_id, created_at from public.narrative_history) u) r
       join demo_devices d on d.user_id = r.user_id
       on conflict do nothing`,
    );
    // ingest_events' count per batch: one batch a call, now and then an event refused.
    await client.query(
      `insert into public.metrics (name, value, labels, user_id, session_id, department_id, station_id, recorded_at)
       select 'ingest.batch', 3, jsonb_build_object('accepted', 3, 'duplicate', 0, 'rate_limited', 0, 'lag_seconds', 0,
                'rejected', case when random() < 0.03 * d.poor_signal then 1 + floor(random() * 3)::int else 0 end),
              c.user_id, d.session_id, c.department_id, c.station_id, c.started_at + interval '26 minutes'
       from demo_calls c
       join demo_devices d on d.user_id = c.user_id
       where c.started_at > now() - interval '89 days'`,
    );
    await client.query('analyze');
    log('refreshing the charts and each department’s protocol popularity (the hourly job)');
    const analytics = await client.query<{ r: unknown }>('select public.refresh_console_analytics() as r');
    log(`  ${JSON.stringify(analytics.rows[0]?.r)}`);

    const items = await client.query<{ n: string }>('select count(*) as n from public.qi_reviews');
    const report: SeedDemoReport = {
      crew: crew.rowCount ?? 0,
      calls,
      protocolUses: uses.rowCount ?? 0,
      doses: doses.rowCount ?? 0,
      narratives: narratives.rowCount ?? 0,
      epcrHandoffs: handoffs.rowCount ?? 0,
      auditEntries,
      reviewItems: Number(items.rows[0]?.n ?? 0),
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
    return report;
  } finally {
    await client.end();
  }
}

/** The generator's crew members (with the demo password), made once per database. */
async function ensureCrew(client: pg.Client): Promise<void> {
  const hash = (
    await client.query<{ h: string }>(
      "select extensions.crypt('rigside-demo-password', extensions.gen_salt('bf', 6)) as h",
    )
  ).rows[0]!.h;
  for (const department of DEPARTMENTS) {
    for (let i = 1; i <= department.crew; i++) {
      const id = `c0000000-0000-4000-8${department.code === 'NV' ? '001' : '002'}-${String(i).padStart(12, '0')}`;
      const name = `${FIRST[(i * 7) % FIRST.length]} ${LAST[(i * 5) % LAST.length]}`;
      const email = `crew${i}@${department.code === 'NV' ? 'north-valley' : 'harbor-city'}.example`;
      const role = i % 3 === 0 ? 'emt' : 'paramedic';
      const station = department.stations[i % department.stations.length]!;
      await client.query(
        `with auth_user as (
           insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, confirmation_token, recovery_token,
                                   email_change_token_new, email_change, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
           values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2, $3, now(), '', '', '', '',
                   jsonb_build_object('provider', 'email', 'providers', jsonb_build_array('email'), 'role', $4::text), '{}', now(), now())
           on conflict (id) do nothing returning id)
         insert into public.users (id, email, full_name, role, badge_number, department_id, station_id)
         select id, $2, $5, $4::public.app_role, $6, $7, $8 from auth_user
         on conflict (id) do nothing`,
        [id, email, hash, role, name, `${department.code}-${String(3000 + i)}`, department.id, station],
      );
    }
  }
}

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const records = Number(argValue(args, '--records') ?? NaN);
  if (!Number.isInteger(records) || records < 1) {
    console.error(
      'usage: npm run -s db:seed-demo -- --records N [--audit N] [--days 90] [--db-url URL]\n  N: how many record rows to write (protocol uses, doses and narratives), e.g. 20000',
    );
    process.exit(2);
  }
  const audit = argValue(args, '--audit');
  const daysArg = argValue(args, '--days');
  const databaseUrl =
    argValue(args, '--db-url') ??
    connectionUrl({ port: Number(process.env['DB_PORT'] ?? 54322), password: DEFAULT_PASSWORD, database: 'postgres' });
  seedDemoRecords(databaseUrl, {
    records,
    ...(audit ? { auditEntries: Number(audit) } : {}),
    ...(daysArg ? { days: Number(daysArg) } : {}),
    log: (line) => console.error(line),
  }).then(
    (report) => console.log(JSON.stringify(report, null, 2)),
    (error: unknown) => {
      console.error(
        `db:seed-demo: ${error instanceof Error ? error.message : String(error)} (is the local stack running? npm run db:start)`,
      );
      process.exit(1);
    },
  );
}
