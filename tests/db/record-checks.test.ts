// What the database itself demands of a record, whoever writes it (issue #12): sealed PHI is
// {iv, data} in base64 and nothing else, and a record's time lies between its retention and an
// hour ahead of the server's clock. The service role writes here because it is the one API
// role that still may (tests/db/table-grants.test.ts); ingest_events meets the same checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrganisation,
  createPerson,
  ingest,
  dosingEvent,
  patientContextEvent,
  protocolUsageEvent,
  auditEvent,
  type Organisation,
  type Person,
} from './fixtures';
import { createTestDatabase, type TestDatabase } from './helpers';

let db: TestDatabase;
let org: Organisation;
let medic: Person;

beforeAll(async () => {
  db = await createTestDatabase();
  org = await createOrganisation(db);
  medic = org.people.paramedicA;
});

afterAll(async () => {
  await db?.close();
});

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const ahead = (ms: number) => new Date(Date.now() + ms).toISOString();
const APP_SEAL = { iv: 'AAECAwQFBgcICQoL', data: 'c2VhbGVkIHBhdGllbnQgZmllbGRz' };

function insertContext(createdAt: string, sealed: unknown) {
  return db.queryAs(
    'service_role',
    `insert into public.patient_contexts (id, user_id, department_id, station_id, created_at, expires_at, phi_sealed)
     values (gen_random_uuid(), $1, $2, $3, $4::timestamptz, $4::timestamptz + interval '24 hours', $5)`,
    [medic.id, medic.departmentId, medic.stationId, createdAt, JSON.stringify(sealed)],
  );
}

describe('sealed PHI in public.patient_contexts', () => {
  it('accepts a context sealed as the app seals it: a 12-byte IV and AES-GCM ciphertext, in base64', async () => {
    await expect(insertContext(ago(0), APP_SEAL)).resolves.toMatchObject({ rowCount: 1 });
  });

  const refused: Array<[string, unknown]> = [
    ['a field beside iv and data (a name in the clear)', { ...APP_SEAL, name: 'Jane Doe' }],
    ['no data', { iv: APP_SEAL.iv }],
    ['an IV too short for AES-GCM', { ...APP_SEAL, iv: 'aXY=' }],
    ['an IV that is not base64', { ...APP_SEAL, iv: 'not base64 at all!' }],
    ['ciphertext shorter than its authentication tag', { ...APP_SEAL, data: 'ZGF0YQ==' }],
    ['ciphertext that is not base64', { ...APP_SEAL, data: '{"age": 54, "sex": "F", "weight": 70}' }],
    ['numbers instead of text', { iv: 1, data: 2 }],
    ['a list instead of an object', [APP_SEAL.iv, APP_SEAL.data]],
  ];
  for (const [what, sealed] of refused) {
    it(`refuses the service role a context whose sealed PHI has ${what}`, async () => {
      await expect(insertContext(ago(0), sealed)).rejects.toMatchObject({
        code: '23514',
        constraint: 'patient_contexts_phi_sealed_check',
      });
    });
  }

  it('refuses a paramedic re-sealing a context through ingest_events with a field beside iv and data', async () => {
    const event = patientContextEvent();
    (event.payload['phi_sealed'] as Record<string, unknown>)['note'] = 'in the clear';
    const { results } = await ingest(db, medic.caller, [event]);
    expect(results[0]).toMatchObject({ status: 'rejected', code: 'PAYLOAD_INVALID' });
  });
});

interface TimedTable {
  table: string;
  kind: string;
  retention: string;
  keptMs: number;
  insert: (at: string) => [string, unknown[]];
  /** What the row needs first (audit logs: the partition of its month). */
  prepare?: (at: string) => Promise<unknown>;
}

const TIMED: TimedTable[] = [
  {
    table: 'patient_contexts',
    kind: 'patient_context',
    retention: '1 day',
    keptMs: DAY,
    insert: (at) => [
      `insert into public.patient_contexts (id, user_id, department_id, created_at, expires_at, phi_sealed)
      values (gen_random_uuid(), $1, $2, $3::timestamptz, $3::timestamptz + interval '24 hours', $4)`,
      [medic.id, medic.departmentId, at, JSON.stringify(APP_SEAL)],
    ],
  },
  {
    table: 'narrative_history',
    kind: 'narrative',
    retention: '30 days',
    keptMs: 30 * DAY,
    insert: (at) => [
      `insert into public.narrative_history (id, narrative_id, user_id, department_id, format, content, created_at)
      values (gen_random_uuid(), gen_random_uuid(), $1, $2, 'soap', 'S: test', $3)`,
      [medic.id, medic.departmentId, at],
    ],
  },
  {
    table: 'protocol_usage',
    kind: 'protocol_usage',
    retention: '90 days',
    keptMs: 90 * DAY,
    insert: (at) => [
      `insert into public.protocol_usage (id, user_id, department_id, tp_code, action, created_at)
      values (gen_random_uuid(), $1, $2, '1211', 'viewed', $3)`,
      [medic.id, medic.departmentId, at],
    ],
  },
  {
    table: 'dosing_calculations',
    kind: 'dosing_calculation',
    retention: '6 years',
    keptMs: (6 * 365 + 1) * DAY,
    insert: (at) => [
      `insert into public.dosing_calculations (id, user_id, department_id, medication, route, inputs, dose_value, dose_unit, formulary_version, created_at)
      values (gen_random_uuid(), $1, $2, 'aspirin', 'PO', '{}', 324, 'mg', 'test', $3)`,
      [medic.id, medic.departmentId, at],
    ],
  },
  {
    table: 'audit_logs',
    kind: 'audit',
    retention: '6 years',
    keptMs: (6 * 365 + 1) * DAY,
    prepare: (at) => db.queryAs('service_role', 'select public.create_audit_log_partition($1::date)', [at]),
    insert: (at) => [
      `insert into public.audit_logs (occurred_at, user_id, department_id, source, action)
      values ($3, $1, $2, 'device', 'app_started')`,
      [medic.id, medic.departmentId, at],
    ],
  },
];

describe('record times', () => {
  for (const { table, kind, retention, keptMs, insert, prepare } of TIMED) {
    it(`refuses the service role a row of public.${table} dated more than an hour ahead of the server's clock`, async () => {
      await prepare?.(ahead(HOUR + 60_000));
      await expect(db.queryAs('service_role', ...insert(ahead(HOUR + 60_000)))).rejects.toMatchObject({
        code: '23514',
        message: expect.stringContaining(`a ${kind} dated`),
      });
    });

    it(`refuses the service role a row of public.${table} older than the ${retention} it is kept`, async () => {
      await prepare?.(ago(keptMs + 60_000));
      await expect(db.queryAs('service_role', ...insert(ago(keptMs + 60_000)))).rejects.toMatchObject({
        code: '23514',
        message: expect.stringContaining(`older than the ${retention}`),
      });
    });

    it(`accepts a row of public.${table} dated a little ahead (device clock skew) or well inside its retention`, async () => {
      for (const at of [ahead(HOUR - 60_000), ago(keptMs - HOUR)]) {
        await prepare?.(at);
        await expect(db.queryAs('service_role', ...insert(at))).resolves.toMatchObject({ rowCount: 1 });
      }
    });
  }

  it('lets ingest_events accept what it accepted before: events 59 minutes ahead and near the end of their retention', async () => {
    const events = [
      protocolUsageEvent({ occurred_at: ahead(59 * 60_000) }),
      protocolUsageEvent({ occurred_at: ago(89 * DAY) }),
      dosingEvent({ occurred_at: ago(5 * 365 * DAY) }),
      auditEvent({ occurred_at: ahead(30 * 60_000) }),
      patientContextEvent(new Date(Date.now() - 23 * HOUR)),
    ];
    const { results } = await ingest(db, org.people.emtA.caller, events);
    expect(results.map((r) => [r.status, r.code])).toEqual(events.map(() => ['accepted', null]));
  });
});

// A record's department and station are copies of its author's profile when it was written. They
// are checked where they change rarely: a department or station that a record still names cannot
// be deleted (migration 20261201000600), as their foreign keys refused it before.
describe('departments and stations named by records', () => {
  it('refuses deleting a station or department a record names, after its author moved on, and allows it once the record is gone', async () => {
    const dept = (
      await db.query<{ id: string }>(
        "insert into public.departments (code, name) values ('MOVED', 'Moved Fire') returning id",
      )
    ).rows[0]!.id;
    const station = (
      await db.query<{ id: string }>(
        "insert into public.stations (department_id, code, name) values ($1, 'M1', 'M1') returning id",
        [dept],
      )
    ).rows[0]!.id;
    const mover = await createPerson(db, { label: 'mover', role: 'paramedic', departmentId: dept, stationId: station });
    const event = protocolUsageEvent();
    const { results } = await ingest(db, mover.caller, [event]);
    expect(results[0]).toMatchObject({ status: 'accepted' });
    const record = await db.query('select department_id, station_id from public.protocol_usage where id = $1', [
      event.id,
    ]);
    expect(record.rows[0]).toEqual({ department_id: dept, station_id: station });

    // The author transfers to another department: only the record names the old ones now.
    await db.query('update public.users set department_id = $1, station_id = $2 where id = $3', [
      org.departments.A,
      org.stations.A1,
      mover.id,
    ]);
    await expect(db.query('delete from public.stations where id = $1', [station])).rejects.toMatchObject({
      code: '23503',
      message: `station ${station} is still named by records in public.protocol_usage`,
    });
    await expect(db.query('delete from public.departments where id = $1', [dept])).rejects.toMatchObject({
      code: '23503',
    });

    await db.query('delete from public.protocol_usage where id = $1', [event.id]);
    // (what else names them: the device session and the batch's metrics row, which keep their keys)
    await db.query('delete from public.sessions where user_id = $1', [mover.id]);
    await db.query('delete from public.metrics where user_id = $1', [mover.id]);
    await expect(db.query('delete from public.stations where id = $1', [station])).resolves.toMatchObject({
      rowCount: 1,
    });
    await expect(db.query('delete from public.departments where id = $1', [dept])).resolves.toMatchObject({
      rowCount: 1,
    });
  });
});
