// The console's charts (issue 15): the materialized views' numbers on crafted records, one KPI at
// a time; the hourly refresh (charts show nothing new until it runs); who may read the charts
// (crew no, supervisors, medical directors and admins yes, each only their own department); and
// each department's protocol popularity, worked out by the same job and sent to that
// department's devices, and to no other, by the reference pull.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type Caller, type TestDatabase } from './helpers';
import { addDays } from '../../src/console/format';

const NV = 'd0000000-0000-4000-8000-000000000001';
const HC = 'd0000000-0000-4000-8000-000000000002';
const ST12 = '50000000-0000-4000-8000-000000000012';
const ST15 = '50000000-0000-4000-8000-000000000015';
const M3 = '50000000-0000-4000-8000-000000000003';
const people = {
  paramedic: { id: 'a0000000-0000-4000-8000-000000000001', role: 'paramedic', station: ST12, department: NV },
  emt: { id: 'a0000000-0000-4000-8000-000000000002', role: 'emt', station: ST15, department: NV },
  director: { id: 'a0000000-0000-4000-8000-000000000003', role: 'medical_director', station: null, department: NV },
  admin: { id: 'a0000000-0000-4000-8000-000000000004', role: 'admin', station: null, department: NV },
  supervisor: { id: 'a0000000-0000-4000-8000-000000000007', role: 'supervisor', station: ST12, department: NV },
  paramedicHC: { id: 'a0000000-0000-4000-8000-000000000005', role: 'paramedic', station: M3, department: HC },
  directorHC: { id: 'a0000000-0000-4000-8000-000000000006', role: 'medical_director', station: null, department: HC },
} as const;
type Person = (typeof people)[keyof typeof people];
const as = (p: Person): Caller => ({ userId: p.id, appRole: p.role });

const CHARTS = ['chart_protocol_use', 'chart_time_to_first_dose', 'chart_sync_lag', 'chart_pediatric_weight'] as const;
type Chart = (typeof CHARTS)[number];

let db: TestDatabase;
/** Every crafted record is between base and base + 40 minutes: one week of the agency's, in the past. */
let base: Date;
const at = (minutes: number) => new Date(base.getTime() + minutes * 60_000).toISOString();

async function usage(p: Person, context: string | null, tp: string, action: 'viewed' | 'applied', minute: number) {
  await db.query(
    `insert into public.protocol_usage (id, user_id, department_id, station_id, context_id, tp_code, action, created_at)
     values (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7)`,
    [p.id, p.department, p.station, context, tp, action, at(minute)],
  );
}
async function dose(
  p: Person,
  context: string | null,
  medication: string,
  minute: number,
  inputs: Record<string, unknown> = {},
  color = 'Adult',
) {
  await db.query(
    `insert into public.dosing_calculations (id, user_id, department_id, station_id, context_id, medication, route, inputs,
       dose_value, dose_unit, color, formulary_version, created_at)
     values (gen_random_uuid(), $1, $2, $3, $4, $5, 'IV', $6, 1, 'mg', $7, 'test', $8)`,
    [p.id, p.department, p.station, context, medication, JSON.stringify({ medication, ...inputs }), color, at(minute)],
  );
}
/** A patient opened on the device, as ingest_events stores it (sealed PHI). */
async function patientContext(p: Person, minute: number): Promise<string> {
  const id = randomUUID();
  await db.query(
    `insert into public.patient_contexts (id, user_id, department_id, station_id, created_at, expires_at, phi_sealed)
     values ($1, $2, $3, $4, $5::timestamptz, $5::timestamptz + interval '24 hours', $6)`,
    [id, p.id, p.department, p.station, at(minute), { iv: 'AAAAAAAAAAAAAAAA', data: 'A'.repeat(24) }],
  );
  return id;
}
async function chart<T = Record<string, unknown>>(
  caller: Caller,
  fn: Chart,
  station: string | null = null,
): Promise<{ refreshed_at: string | null; rows: T[] }> {
  const { rows } = await db.queryAs<{ c: { refreshed_at: string | null; rows: T[] } }>(
    caller,
    `select public.${fn}(current_date - 30, current_date + 1, $1) as c`,
    [station],
  );
  return rows[0]!.c;
}
const refresh = async () =>
  (await db.query<{ r: Record<string, unknown> }>('select public.refresh_console_analytics() as r')).rows[0]!.r;

beforeAll(async () => {
  db = await createTestDatabase({ seed: true });
  await db.query("update public.rate_limit_config set max_requests = 1000000 where scope in ('API', 'GLOBAL')");
  // Within the agency's week (its charts' weeks), or the 41 minutes before it when it began less than 41 minutes ago.
  const { rows } = await db.query<{ base: Date }>(
    `select case when now() - w.start >= interval '41 minutes'
                 then greatest(now() - interval '3 hours', w.start + interval '1 minute')
                 else w.start - interval '41 minutes' end as base
     from public.reference_state rs
     cross join lateral (select date_trunc('week', now() at time zone rs.time_zone) at time zone rs.time_zone as start) w`,
  );
  base = rows[0]!.base;
});
afterAll(async () => {
  await db?.close();
});

describe('charts: the numbers on crafted records', () => {
  beforeAll(async () => {
    const { paramedic, emt, paramedicHC } = people;
    // Arrest, contact through a patient context (the trigger keeps its time): first epinephrine 4 min later.
    const arrest1 = await patientContext(paramedic, 0);
    await usage(paramedic, arrest1, '1210', 'applied', 1);
    await dose(paramedic, arrest1, 'epinephrine', 4);
    await dose(paramedic, arrest1, 'epinephrine', 8);
    // Arrest whose context was already purged: the contact time kept without it; 6 min.
    const arrest2 = randomUUID();
    await db.query(
      'insert into private.patient_contacts (context_id, user_id, department_id, station_id, contact_at) values ($1, $2, $3, $4, $5)',
      [arrest2, emt.id, emt.department, emt.station, at(2)],
    );
    await usage(emt, arrest2, '1210', 'viewed', 3);
    await dose(emt, arrest2, 'epinephrine', 8);
    // A child's arrest with no contact time: counted, not timed.
    const arrest3 = randomUUID();
    await usage(paramedic, arrest3, '1210-P', 'applied', 5);
    await dose(paramedic, arrest3, 'epinephrine', 9, { age_years: 6, weight_kg: 20 }, 'Green');
    // A dose recorded before the contact (a device clock set wrong): not timed.
    const arrest4 = await patientContext(paramedic, 20);
    await usage(paramedic, arrest4, '1210', 'applied', 10);
    await dose(paramedic, arrest4, 'epinephrine', 12);
    // An arrest call with amiodarone only is no epinephrine call.
    const arrest5 = await patientContext(paramedic, 0);
    await usage(paramedic, arrest5, '1210', 'applied', 1);
    await dose(paramedic, arrest5, 'amiodarone', 3);
    // A seizing child: midazolam 3 min after contact; an adult's seizure (1231) is not this KPI.
    const seizure = await patientContext(emt, 10);
    await usage(emt, seizure, '1231-P', 'applied', 11);
    await dose(emt, seizure, 'midazolam', 13, { age_years: 4, weight_kg: 16 }, 'White');
    const adultSeizure = await patientContext(emt, 10);
    await usage(emt, adultSeizure, '1231', 'applied', 11);
    await dose(emt, adultSeizure, 'midazolam', 12, { age_years: 40 });
    // Protocols looked up with no patient open.
    for (const minute of [21, 22, 23]) await usage(emt, null, '1211', 'viewed', minute);
    // Children's doses: weight in kg, by tape colour alone, in pounds; none; zero. Adults and a
    // 16-year-old are not children.
    await dose(paramedic, null, 'ondansetron', 30, { age_years: 3 });
    await dose(paramedic, null, 'ondansetron', 30, { weight_kg: 14 }, 'Yellow');
    await dose(emt, null, 'ondansetron', 31, { age_months: 30, weight_lb: 30 });
    await dose(emt, null, 'ondansetron', 31, { age_years: 5, weight_kg: 0 });
    await dose(emt, null, 'ondansetron', 32, { age_years: 40 });
    await dose(emt, null, 'ondansetron', 32, { age_years: 16, weight_kg: 60 });
    // Harbor City: its own arrest (1 min to epinephrine), uses, a child's dose, a late device.
    const arrestHC = await patientContext(paramedicHC, 0);
    await usage(paramedicHC, arrestHC, '1210', 'applied', 0);
    await dose(paramedicHC, arrestHC, 'epinephrine', 1);
    for (const minute of [1, 2]) await usage(paramedicHC, null, '1244', 'applied', minute);
    await dose(paramedicHC, null, 'ondansetron', 3, { age_years: 2, weight_kg: 12 });
    // Sync: what the ledger of received events says, per device.
    const ledger = async (p: Person, device: string | null, lagSeconds: number, minute: number) =>
      db.query(
        `insert into private.ingested_events (id, kind, user_id, occurred_at, received_at, device_id)
         values (gen_random_uuid(), 'protocol_usage', $1, $2::timestamptz - make_interval(secs => $3), $2::timestamptz, $4)`,
        [p.id, at(minute), lagSeconds, device],
      );
    const rigA = '0a000000-0000-4000-8000-00000000000a';
    const rigB = '0b000000-0000-4000-8000-00000000000b';
    await ledger(paramedic, rigA, 10, 30);
    await ledger(paramedic, rigA, 30, 30);
    await ledger(paramedic, rigA, 7200, 31);
    await ledger(emt, rigB, 1200, 31);
    await ledger(paramedic, null, 5, 32); // an older app that names no device
    await ledger(paramedicHC, '0c000000-0000-4000-8000-00000000000c', 100_000, 32);
    // Refused events come from ingest_events' batch metrics, tied to the device by its sign-in.
    const session = randomUUID();
    await db.query(
      `insert into public.device_outbox_states (device_id, user_id, department_id, station_id, session_id, pending, reported_at)
       values ($1, $2, $3, $4, $5, 0, $6)`,
      [rigA, paramedic.id, NV, ST12, session, at(33)],
    );
    await db.query(
      `insert into public.metrics (name, value, labels, user_id, session_id, department_id, station_id, recorded_at)
       values ('ingest.batch', 5, '{"accepted": 3, "rejected": 2}', $1, $2, $3, $4, $5),
              ('ingest.batch', 4, '{"accepted": 3, "rejected": 1}', $6, null, $7, $8, $5)`,
      [paramedic.id, session, NV, ST12, at(33), paramedicHC.id, HC, M3],
    );
  });

  it('shows nothing new until the hourly job refreshes the views', async () => {
    const before = await chart(as(people.director), 'chart_protocol_use');
    expect(before.rows).toEqual([]);
    const report = await refresh();
    expect(report).toMatchObject({ contacts_purged: 0 });
    const after = await chart(as(people.director), 'chart_protocol_use');
    expect(after.refreshed_at).not.toBeNull();
    expect(after.rows.length).toBeGreaterThan(0);
  });

  it('protocol use: applied and viewed per week, protocol and station', async () => {
    const { rows } = await chart<Record<string, unknown>>(as(people.director), 'chart_protocol_use');
    const week = rows[0]!['week'];
    expect(rows.every((r) => r['week'] === week)).toBe(true);
    expect(
      rows.map(({ tp_code, station_code, applied, viewed }) => ({ tp_code, station_code, applied, viewed })),
    ).toEqual([
      { tp_code: '1210', station_code: 'ST12', applied: 3, viewed: 0 },
      { tp_code: '1210', station_code: 'ST15', applied: 0, viewed: 1 },
      { tp_code: '1210-P', station_code: 'ST12', applied: 1, viewed: 0 },
      { tp_code: '1211', station_code: 'ST15', applied: 0, viewed: 3 },
      { tp_code: '1231', station_code: 'ST15', applied: 1, viewed: 0 },
      { tp_code: '1231-P', station_code: 'ST15', applied: 1, viewed: 0 },
    ]);
    const st15 = await chart<{ station_code: string }>(as(people.director), 'chart_protocol_use', ST15);
    expect(new Set(st15.rows.map((r) => r.station_code))).toEqual(new Set(['ST15']));
  });

  it('time to first dose: epinephrine in arrest and midazolam in a seizing child, median and 90th percentile', async () => {
    const { rows } = await chart<Record<string, unknown>>(as(people.director), 'chart_time_to_first_dose');
    expect(
      rows.map(({ kpi, calls, timed, median_seconds, p90_seconds }) => ({
        kpi,
        calls,
        timed,
        median_seconds,
        p90_seconds,
      })),
    ).toEqual([
      // arrest1 240 s, arrest2 360 s; arrest3 has no contact time, arrest4 a dose before it.
      { kpi: 'epinephrine_in_arrest', calls: 4, timed: 2, median_seconds: 300, p90_seconds: 348 },
      { kpi: 'midazolam_in_pediatric_seizure', calls: 1, timed: 1, median_seconds: 180, p90_seconds: 180 },
    ]);
  });

  it('sync lag per unit: events by lag bucket, mean and largest lag, refused events', async () => {
    const { rows } = await chart<Record<string, unknown>>(as(people.supervisor), 'chart_sync_lag');
    expect(rows).toEqual([
      {
        device_id: '0a000000-0000-4000-8000-00000000000a',
        station_code: 'ST12',
        events: 3,
        mean_lag_seconds: 2413,
        max_lag_seconds: 7200,
        under_1m: 2,
        m1_15: 0,
        m15_60: 0,
        h1_4: 1,
        h4_24: 0,
        over_24h: 0,
        rejected: 2,
      },
      {
        device_id: '0b000000-0000-4000-8000-00000000000b',
        station_code: 'ST15',
        events: 1,
        mean_lag_seconds: 1200,
        max_lag_seconds: 1200,
        under_1m: 0,
        m1_15: 0,
        m15_60: 1,
        h1_4: 0,
        h4_24: 0,
        over_24h: 0,
        rejected: 0,
      },
      {
        device_id: null,
        station_code: 'ST12',
        events: 1,
        mean_lag_seconds: 5,
        max_lag_seconds: 5,
        under_1m: 1,
        m1_15: 0,
        m15_60: 0,
        h1_4: 0,
        h4_24: 0,
        over_24h: 0,
        rejected: 0,
      },
    ]);
  });

  it('pediatric weight: children’s doses and those with a documented weight', async () => {
    const { rows } = await chart<Record<string, unknown>>(as(people.admin), 'chart_pediatric_weight');
    expect(
      rows.map(({ station_code, pediatric_doses, with_weight }) => ({ station_code, pediatric_doses, with_weight })),
    ).toEqual([
      // ST12: the arrest child (20 kg), age 3 without weight, tape Yellow 14 kg.
      { station_code: 'ST12', pediatric_doses: 3, with_weight: 2 },
      // ST15: the seizing child (16 kg), 30 months in pounds, 5 years at 0 kg.
      { station_code: 'ST15', pediatric_doses: 3, with_weight: 2 },
    ]);
  });

  it('gives another department’s reader only that department’s numbers', async () => {
    const use = await chart<{ tp_code: string; station_code: string }>(as(people.directorHC), 'chart_protocol_use');
    expect(use.rows.map((r) => [r.tp_code, r.station_code])).toEqual([
      ['1210', 'M3'],
      ['1244', 'M3'],
    ]);
    const kpi = await chart<{ calls: number; median_seconds: number }>(
      as(people.directorHC),
      'chart_time_to_first_dose',
    );
    expect(kpi.rows.map((r) => [r.calls, r.median_seconds])).toEqual([[1, 60]]);
    const lag = await chart<{ device_id: string | null; rejected: number }>(as(people.directorHC), 'chart_sync_lag');
    expect(lag.rows.map((r) => [r.device_id, r.rejected])).toEqual([
      ['0c000000-0000-4000-8000-00000000000c', 0],
      [null, 1],
    ]);
    const weight = await chart<{ pediatric_doses: number }>(as(people.directorHC), 'chart_pediatric_weight');
    expect(weight.rows.map((r) => r.pediatric_doses)).toEqual([1]);
    // A station of another department is refused, not silently empty.
    await expect(chart(as(people.directorHC), 'chart_protocol_use', ST12)).rejects.toThrow(
      /not a station of your department/,
    );
  });
});

describe('charts: who may read them', () => {
  const matrix: Array<[string, Person | 'anon', 'NV' | 'HC' | 'refused']> = [
    ['anon', 'anon', 'refused'],
    ['a paramedic', people.paramedic, 'refused'],
    ['an EMT', people.emt, 'refused'],
    ['a supervisor', people.supervisor, 'NV'],
    ['a medical director', people.director, 'NV'],
    ['an admin', people.admin, 'NV'],
    ['a medical director of another department', people.directorHC, 'HC'],
  ];
  const stationsOf = { NV: ['ST12', 'ST15'], HC: ['M3'] };
  for (const fn of CHARTS) {
    for (const [label, person, outcome] of matrix) {
      it(`${fn}: ${label} ${outcome === 'refused' ? 'is refused' : 'reads their own department and nothing else'}`, async () => {
        const caller = person === 'anon' ? 'anon' : as(person);
        if (outcome === 'refused') {
          await expect(chart(caller, fn)).rejects.toThrow(
            person === 'anon'
              ? /permission denied/
              : /only a supervisor or a medical director or an admin may read the charts/,
          );
          return;
        }
        const { rows } = await chart<Record<string, unknown>>(caller, fn);
        // The same numbers as that department's medical director sees, and no other station's.
        const director = await chart<Record<string, unknown>>(
          as(outcome === 'NV' ? people.director : people.directorHC),
          fn,
        );
        expect(rows).toEqual(director.rows);
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows)
          if ('station_code' in row && row['station_code'] !== null)
            expect(stationsOf[outcome]).toContain(row['station_code']);
      });
    }
  }

  it('refuses a range that is backwards or longer than 400 days', async () => {
    await expect(
      db.queryAs(as(people.director), 'select public.chart_sync_lag(current_date, current_date - 1)'),
    ).rejects.toThrow(/from_day before to_day/);
    await expect(
      db.queryAs(as(people.director), 'select public.chart_sync_lag(current_date - 401, current_date)'),
    ).rejects.toThrow(/at most 400 days/);
  });

  it('lets only the service role run the refresh', async () => {
    await expect(db.queryAs(as(people.admin), 'select public.refresh_console_analytics()')).rejects.toThrow(
      /permission denied/,
    );
    const { rows } = await db.queryAs<{ r: { popularity_changed: number } }>(
      'service_role',
      'select public.refresh_console_analytics() as r',
    );
    expect(rows[0]!.r.popularity_changed).toBe(0);
  });
});

describe("charts: the agency's weeks", () => {
  it('draws a Sunday evening in Los Angeles in that Sunday’s week, not in the next one (Monday in UTC)', async () => {
    const { rows } = await db.query<{ at: Date; monday: string }>(
      `select (w.monday + 6 + time '18:00') at time zone rs.time_zone as at, w.monday::text as monday
       from public.reference_state rs
       cross join lateral (select (date_trunc('week', now() at time zone rs.time_zone))::date - 35 as monday) w`,
    );
    const { at, monday } = rows[0]!;
    expect(at.toISOString().slice(0, 10)).toBe(addDays(monday, 7));
    await db.query(
      `insert into public.protocol_usage (id, user_id, department_id, station_id, tp_code, action, created_at)
       values (gen_random_uuid(), $1, $2, $3, '1245', 'applied', $4)`,
      [people.paramedicHC.id, HC, people.paramedicHC.station, at],
    );
    await refresh();
    const weeks = await db.query<{ week: string }>(
      "select week::text from private.chart_protocol_use where department_id = $1 and tp_code = '1245'",
      [HC],
    );
    expect(weeks.rows).toEqual([{ week: monday }]);
  });
});
