// The record tables' row-level security, read from the catalog: one supervision rule for
// every read policy, and no write policy left, since crews write only through ingest_events.
// (What each role sees row by row is tests/db/rls-matrix.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, dosingEvent, ingest, type Organisation } from './fixtures';
import { createTestDatabase, type TestDatabase } from './helpers';

const RECORD_TABLES = [
  'audit_logs',
  'dosing_calculations',
  'epcr_submissions',
  'metrics',
  'narrative_history',
  'patient_contexts',
  'protocol_usage',
  'rate_limit_violations',
  'sessions',
];

let db: TestDatabase;
let org: Organisation;

beforeAll(async () => {
  db = await createTestDatabase();
  org = await createOrganisation(db);
});

afterAll(async () => {
  await db?.close();
});

interface PolicyRow {
  tablename: string;
  policyname: string;
  cmd: string;
  qual: string | null;
}

async function policies(): Promise<PolicyRow[]> {
  const { rows } = await db.query<PolicyRow>(
    "select tablename, policyname, cmd, qual from pg_catalog.pg_policies where schemaname = 'public' and tablename = any($1) order by 1, 2",
    [RECORD_TABLES],
  );
  return rows;
}

describe('record tables', () => {
  it('each let the author and the supervisors of their department read, through the one supervision rule', async () => {
    const reads = (await policies()).filter((p) => p.cmd === 'SELECT');
    expect(reads.map((p) => p.tablename).sort()).toEqual([...RECORD_TABLES].sort());
    for (const policy of reads) {
      expect({ table: policy.tablename, qual: policy.qual }).toEqual({
        table: policy.tablename,
        qual: expect.stringMatching(
          /\(user_id = \( SELECT auth\.uid\(\) AS uid\)\) OR \(department_id = \( SELECT private\.supervised_department_id\(\) AS supervised_department_id\)\)/,
        ),
      });
      expect({ table: policy.tablename, qual: policy.qual }).not.toEqual({
        table: policy.tablename,
        qual: expect.stringContaining('is_supervisor'),
      });
    }
  });

  it('have no write policy: a paramedic given INSERT by hand is still refused by row-level security', async () => {
    expect((await policies()).filter((p) => p.cmd !== 'SELECT')).toEqual([]);
    await db.query('grant insert on public.dosing_calculations to authenticated');
    try {
      const medic = org.people.paramedicA;
      await expect(
        db.queryAs(
          medic.caller,
          `insert into public.dosing_calculations (id, user_id, department_id, medication, route, inputs, dose_value, dose_unit, formulary_version)
          values (gen_random_uuid(), $1, $2, 'aspirin', 'PO', '{}', 325, 'mg', 'test')`,
          [medic.id, medic.departmentId],
        ),
      ).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/row-level security/) });
      const { results } = await ingest(db, medic.caller, [dosingEvent()]);
      expect(results[0]).toMatchObject({ status: 'accepted' });
    } finally {
      await db.query('revoke insert on public.dosing_calculations from authenticated');
    }
  });

  it('are purged by one rule, which refuses a kind that has no retention rather than deleting on a null cutoff', async () => {
    await expect(
      db.query("select private.purge_past_retention('metric', 'public.metrics', 'recorded_at', now())"),
    ).rejects.toMatchObject({
      code: '22023',
      message: "no retention is set for records of kind 'metric'",
    });
    const { rows } = await db.query<{ proname: string; body: string }>(
      "select p.proname, p.prosrc as body from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and p.proname = any($1) order by 1",
      [
        [
          'purge_expired_patient_contexts',
          'purge_old_dosing_calculations',
          'purge_old_narratives',
          'purge_old_protocol_usage',
        ],
      ],
    );
    expect(rows).toHaveLength(4);
    for (const row of rows)
      expect({ fn: row.proname, shared: row.body.includes('private.purge_past_retention(') }).toEqual({
        fn: row.proname,
        shared: true,
      });
  });
});
