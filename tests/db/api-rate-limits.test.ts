// What a device learns from ingest_events' rate limits through supabase-js over HTTP (the API
// stand-in), where headers are out of reach: on a partial limit, `data` lists which events were
// taken and when to send the others; on a whole-call refusal, supabase-js gives `data: null` and
// puts the parsed body in `error`, with every verdict and the time to wait.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type RunningApi } from '../../supabase/local/api';
import { nodeSupabaseClient } from '../../supabase/local/node-client';
import { dosingEvent, protocolUsageEvent, type IngestResult, type RefusedCall } from './fixtures';
import { createAuthUser, createTestDatabase, type TestDatabase } from './helpers';

const PASSWORD = 'a passphrase for tests';
let db: TestDatabase;
let api: RunningApi;
let people = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startApi({ databaseUrl: db.url });
});

afterAll(async () => {
  await api?.stop();
  await db?.close();
});

/** A paramedic of their own (limits and reputation are per user), signed in through supabase-js. */
async function signedInMedic(): Promise<{ id: string; client: SupabaseClient }> {
  people += 1;
  const email = `medic-${people}@limits.test`;
  const id = await createAuthUser(db, { email, password: PASSWORD, appRole: 'paramedic' });
  const dept = await db.query<{ id: string }>(
    'insert into public.departments (code, name) values ($1, $2) returning id',
    [`LIM${people}`, `Limits ${people}`],
  );
  await db.query(
    `insert into public.users (id, email, full_name, role, badge_number, department_id) values ($1, $2, 'Test medic', 'paramedic', $3, $4)`,
    [id, email, `L-${people}`, dept.rows[0]!.id],
  );
  const client = nodeSupabaseClient(api.url, api.anonKey);
  const { error } = await client.auth.signInWithPassword({ email, password: PASSWORD });
  expect(error).toBeNull();
  return { id, client };
}

describe('ingest_events rate limits through supabase-js', () => {
  it('answers a partial limit with data: the events taken, and when to send the one held back', async () => {
    const { client } = await signedInMedic();
    const batch = [...Array.from({ length: 31 }, () => dosingEvent()), protocolUsageEvent()];
    const { data, error, status } = await client.rpc('ingest_events', { events: batch });

    expect(error).toBeNull();
    expect(status).toBe(200);
    const results = data as IngestResult[];
    expect(results.filter((r) => r.status === 'accepted').map((r) => r.id)).toEqual(
      [...batch.slice(0, 30), batch[31]!].map((e) => e.id),
    );
    const heldBack = results.filter((r) => r.status === 'rejected');
    expect(heldBack).toEqual([
      {
        id: batch[30]!.id,
        status: 'rejected',
        code: 'RATE_LIMITED',
        reason: expect.stringMatching(/DOSING limit/),
        retry_after_seconds: expect.any(Number),
      },
    ]);
    expect(heldBack[0]!.retry_after_seconds).toBeGreaterThanOrEqual(1);
    expect(heldBack[0]!.retry_after_seconds).toBeLessThanOrEqual(60);
  });

  it('answers a call refused as a whole with error: status 429, the retry time and every event held back', async () => {
    const { id, client } = await signedInMedic();
    // Sixty calls already made in this window and the next, so the test cannot straddle a minute.
    await db.query(
      `insert into private.rate_limit_counters (user_id, scope, window_start, request_count)
       select $1, 'API', to_timestamp(floor(extract(epoch from now()) / 60) * 60) + make_interval(secs => 60 * w), 60
       from generate_series(0, 1) w`,
      [id],
    );
    const batch = [protocolUsageEvent(), dosingEvent()];
    const { data, error, status } = await client.rpc('ingest_events', { events: batch });

    expect(data).toBeNull();
    expect(status).toBe(429);
    const refusal = error as unknown as RefusedCall;
    expect(refusal).toEqual({
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/API limit/),
      details: null,
      hint: null,
      retry_after_seconds: expect.any(Number),
      results: batch.map((e) => ({
        id: e.id,
        status: 'rejected',
        code: 'RATE_LIMITED',
        reason: expect.stringMatching(/API limit/),
        retry_after_seconds: refusal.retry_after_seconds,
      })),
    });
    expect(refusal.retry_after_seconds).toBeGreaterThanOrEqual(1);
    expect(refusal.retry_after_seconds).toBeLessThanOrEqual(60);
    const stored = await db.query('select 1 from public.protocol_usage where id = $1', [batch[0]!.id]);
    expect(stored.rowCount).toBe(0);
  });
});
