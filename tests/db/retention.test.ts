// Retention with a moved clock: each purge function takes p_now, so a test puts rows just
// inside and just outside the window and asks what the function keeps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrganisation,
  ingest,
  narrativeEvent,
  patientContextEvent,
  protocolUsageEvent,
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
const at = (base: Date, offsetMs: number) => new Date(base.getTime() + offsetMs).toISOString();

async function purge(fn: string, now: string): Promise<number> {
  const { rows } = await db.queryAs<{ purged: number }>(
    'service_role',
    `select public.${fn}($1::timestamptz) as purged`,
    [now],
  );
  return rows[0]!.purged;
}

async function count(table: string, where = 'true', params: unknown[] = []): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`, params);
  return rows[0]!.n;
}

describe('retention', () => {
  it('purges a patient context 24 hours after it was created, not a minute before', async () => {
    const created = new Date();
    const context = patientContextEvent(created);
    await ingest(db, medic.caller, [context]);
    const id = context.payload['context_id'];

    expect(await purge('purge_expired_patient_contexts', at(created, DAY - 60_000))).toBe(0);
    expect(await count('public.patient_contexts', 'id = $1', [id])).toBe(1);
    expect(await purge('purge_expired_patient_contexts', at(created, DAY))).toBe(1);
    expect(await count('public.patient_contexts', 'id = $1', [id])).toBe(0);
    expect(await count('private.ingested_events', 'id = $1', [context.id])).toBe(0);
  });

  it('hides a patient context from its owner and their medical director the moment it expires, before any purge', async () => {
    const fresh = patientContextEvent(new Date(Date.now() - 23 * HOUR));
    await ingest(db, medic.caller, [fresh]);
    const expiredId = crypto.randomUUID();
    await db.plant(
      `insert into public.patient_contexts (id, user_id, department_id, station_id, created_at, expires_at, phi_sealed)
       values ($1, $2, $3, $4, now() - interval '24 hours 1 minute', now() - interval '1 minute', $5)`,
      [expiredId, medic.id, medic.departmentId, medic.stationId, JSON.stringify(fresh.payload['phi_sealed'])],
    );

    for (const reader of [medic, org.people.directorA]) {
      const { rows } = await db.queryAs<{ id: string }>(
        reader.caller,
        'select id from public.patient_contexts where id = any($1)',
        [[expiredId, fresh.payload['context_id']]],
      );
      expect(
        rows.map((r) => r.id),
        reader.key,
      ).toEqual([fresh.payload['context_id']]);
    }
    expect(await count('public.patient_contexts', 'id = $1', [expiredId])).toBe(1);
  });

  it('purges a narrative 30 days after it was written, and forgets it in the ingest ledger', async () => {
    const written = new Date();
    const narrative = narrativeEvent({ occurred_at: written.toISOString() });
    await ingest(db, medic.caller, [narrative]);

    expect(await purge('purge_old_narratives', at(written, 30 * DAY - 60_000))).toBe(0);
    expect(await count('public.narrative_history', 'id = $1', [narrative.id])).toBe(1);
    expect(await purge('purge_old_narratives', at(written, 30 * DAY + 60_000))).toBe(1);
    expect(await count('public.narrative_history', 'id = $1', [narrative.id])).toBe(0);
    expect(await count('private.ingested_events', 'id = $1', [narrative.id])).toBe(0);
  });

  it('refuses a paramedic a narrative already older than the 30 days narratives are kept', async () => {
    const stale = narrativeEvent({ occurred_at: at(new Date(), -(30 * DAY + HOUR)) });
    const { results } = await ingest(db, medic.caller, [stale]);
    expect(results[0]).toMatchObject({ id: stale.id, status: 'rejected', code: 'EVENT_PAST_RETENTION' });
    expect(await count('public.narrative_history', 'id = $1', [stale.id])).toBe(0);
  });

  it('purges a device session once it has gone 90 days without a sync', async () => {
    const sessionId = crypto.randomUUID();
    await ingest(db, { ...medic.caller, sessionId }, [protocolUsageEvent()]);
    const now = new Date();

    await purge('purge_expired_sessions', at(now, 89 * DAY));
    expect(await count('public.sessions', 'id = $1', [sessionId])).toBe(1);
    expect(await purge('purge_expired_sessions', at(now, 91 * DAY))).toBeGreaterThanOrEqual(1);
    expect(await count('public.sessions', 'id = $1', [sessionId])).toBe(0);
  });

  it('keeps metrics and rate-limit violations 90 days', async () => {
    const now = new Date();
    await db.query(
      "insert into public.metrics (name, value, recorded_at) values ('retention.test', 1, $1), ('retention.test', 2, $2)",
      [at(now, -89 * DAY), at(now, -91 * DAY)],
    );
    await db.query(
      "insert into public.rate_limit_violations (user_id, scope, occurred_at, request_count, limit_count, reputation_after) values ($1, 'API', $2, 61, 60, 95), ($1, 'API', $3, 61, 60, 90)",
      [medic.id, at(now, -89 * DAY), at(now, -91 * DAY)],
    );

    expect(await purge('purge_old_metrics', now.toISOString())).toBe(1);
    expect(await count('public.metrics', "name = 'retention.test'")).toBe(1);
    expect(await count('public.rate_limit_violations', 'user_id = $1', [medic.id])).toBe(1);
  });

  it('keeps protocol usage 90 days, and forgets the purged events in the ingest ledger too', async () => {
    const recent = protocolUsageEvent({ occurred_at: at(new Date(), -10 * DAY) });
    await ingest(db, medic.caller, [recent]);
    const later = new Date(Date.now() + 85 * DAY);

    expect(await purge('purge_old_protocol_usage', later.toISOString())).toBe(1);
    expect(await count('public.protocol_usage', 'id = $1', [recent.id])).toBe(0);
    expect(await count('private.ingested_events', 'id = $1', [recent.id])).toBe(0);
  });

  it('keeps dosing calculations six years', async () => {
    const now = new Date('2032-06-15T12:00:00Z');
    for (const createdAt of ['2026-06-16T12:00:00Z', '2026-06-14T12:00:00Z']) {
      await db.query(
        `insert into public.dosing_calculations (id, user_id, department_id, medication, route, inputs, dose_value, dose_unit, formulary_version, created_at)
         values (gen_random_uuid(), $1, $2, 'aspirin', 'PO', '{}', 325, 'mg', 'test', $3)`,
        [medic.id, medic.departmentId, createdAt],
      );
    }
    expect(await purge('purge_old_dosing_calculations', now.toISOString())).toBe(1);
    expect(await count('public.dosing_calculations', "medication = 'aspirin'")).toBe(1);
  });

  it('keeps a QI review item six years from its call’s last record, then drops it with its flags, comments and fallouts', async () => {
    const lastRecord = new Date('2026-05-14T12:00:00Z');
    const context = crypto.randomUUID();
    // A child's midazolam given with no Base order, and a later dose of the same call: the trigger
    // files one flagged item, dated by the later dose.
    for (const createdAt of ['2026-05-14T11:40:00Z', lastRecord.toISOString()]) {
      await db.query(
        `insert into public.dosing_calculations (id, user_id, department_id, context_id, medication, route, inputs, dose_value, dose_unit, formulary_version, created_at)
         values (gen_random_uuid(), $1, $2, $3, 'midazolam', 'IM', '{"age_years": 6, "weight_kg": 20}', 5, 'mg', 'test', $4)`,
        [medic.id, medic.departmentId, context, createdAt],
      );
    }
    const { rows } = await db.query<{ id: string; flags: string[] }>(
      'select id, flags from public.qi_reviews where call_key = $1',
      [context],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.flags).toContain('MIDAZOLAM_WITHOUT_BASE_ORDER');
    const review = rows[0]!.id;
    await db.query(
      "insert into public.qi_review_comments (review_id, department_id, author_id, body) values ($1, $2, $3, 'Base order missing.')",
      [review, medic.departmentId, org.people.directorA.id],
    );
    await db.query(
      "insert into public.qi_review_fallouts (review_id, department_id, code, added_by) values ($1, $2, 'MD', $3)",
      [review, medic.departmentId, org.people.directorA.id],
    );
    const sixYears = new Date('2032-05-14T12:00:00Z');

    expect(await purge('purge_old_qi_reviews', at(sixYears, -60_000))).toBe(0);
    expect(await count('public.qi_reviews', 'id = $1', [review])).toBe(1);
    expect(await purge('purge_old_qi_reviews', sixYears.toISOString())).toBe(1);
    for (const table of [
      'public.qi_reviews',
      'public.qi_flags',
      'public.qi_review_comments',
      'public.qi_review_fallouts',
    ])
      expect(await count(table, table === 'public.qi_reviews' ? 'id = $1' : 'review_id = $1', [review]), table).toBe(0);
  });

  it('drops a month of audit logs once all of it is six years old, and no earlier', async () => {
    await db.queryAs('service_role', "select public.create_audit_log_partition('2019-03-01')");
    await db.plant(
      "insert into public.audit_logs (occurred_at, user_id, department_id, source, action) values ('2019-03-31T22:00:00Z', $1, $2, 'device', 'app_started')",
      [medic.id, medic.departmentId],
    );

    expect(await purge('purge_old_audit_logs', '2025-03-31T23:59:00Z')).toBe(0);
    expect(await count('public.audit_logs', "occurred_at < '2020-01-01'")).toBe(1);
    expect(await purge('purge_old_audit_logs', '2025-04-01T00:00:00Z')).toBe(1);
    expect(await count('public.audit_logs', "occurred_at < '2020-01-01'")).toBe(0);
    expect(await count('pg_class', "relname = 'audit_logs_y2019m03'")).toBe(0);
    expect(await count('pg_class', "relname like 'audit_logs_y%'")).toBeGreaterThanOrEqual(3);
  });

  it('runs every purge and prepares the coming audit months in one daily call', async () => {
    const { rows } = await db.queryAs<{ report: Record<string, number> }>(
      'service_role',
      "select public.run_daily_retention('2033-01-10T03:15:00Z') as report",
    );
    expect(Object.keys(rows[0]!.report).sort()).toEqual([
      'audit_logs',
      'audit_partitions_created',
      'dosing_calculations',
      'epcr_submissions',
      'metrics',
      'narratives',
      'patient_contexts',
      'protocol_usage',
      'qi_reviews',
      'sessions',
      'sign_in_attempts',
    ]);
    expect(
      await count('pg_class', "relname in ('audit_logs_y2033m01', 'audit_logs_y2033m02', 'audit_logs_y2033m03')"),
    ).toBe(3);
  });

  it('lets no signed-in user run the purges', async () => {
    for (const fn of [
      'purge_expired_patient_contexts',
      'purge_old_audit_logs',
      'purge_old_narratives',
      'purge_old_qi_reviews',
      'run_daily_retention',
    ]) {
      await expect(db.queryAs(org.people.adminA.caller, `select public.${fn}()`), fn).rejects.toMatchObject({
        code: '42501',
      });
    }
  });
});
