// The hand-off end to end on this machine: the epcr-handoff Edge Function running in Deno (npm's
// deno) against the API stand-in and a test database, submitting to the local NEMSIS receiver,
// which validates each document against NEMSIS's XSD (../shared) and is told how to fail.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type RunningApi } from '../../supabase/local/api';
import { startHandoffFunction, type RunningFunction } from '../../supabase/local/functions';
import { startNemsisReceiver, type NemsisReceiver } from '../../supabase/local/nemsis/receiver';
import { loadNemsisValidator, nemsisSchemaAvailable, type NemsisValidator } from '../../supabase/local/nemsis/xsd';
import { createOrganisation, ingest, uuidV7, type Organisation } from './fixtures';
import { createTestDatabase, type TestDatabase } from './helpers';

const CREDENTIALS = { username: 'rigside-test', password: 'receiver password', organization: 'RS' };
const example = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../nemsis/encounters/pediatric-anaphylaxis-14kg.json'), 'utf8'),
) as Record<string, unknown>;

let db: TestDatabase;
let org: Organisation;
let api: RunningApi;
let receiver: NemsisReceiver;
let fn: RunningFunction;
let xsd: NemsisValidator | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
  org = await createOrganisation(db);
  api = await startApi({ databaseUrl: db.url });
  xsd = nemsisSchemaAvailable() ? loadNemsisValidator() : undefined;
  receiver = await startNemsisReceiver({
    credentials: CREDENTIALS,
    ...(xsd ? { validate: (xml: string) => xsd!.validate(xml) } : {}),
  });
  fn = await startHandoffFunction({
    apiUrl: api.url,
    serviceRoleKey: api.serviceRoleKey,
    nemsis: { url: receiver.url, ...CREDENTIALS },
    pollDelaysMs: [50, 50, 50],
  });
}, 180_000);

afterAll(async () => {
  await fn?.stop();
  await receiver?.close();
  xsd?.dispose();
  await api?.stop();
  await db?.close();
});

/** One closed call, alone in the queue. */
async function closeOneCall(encounter: Record<string, unknown> = {}): Promise<{ id: string; reportUuid: string }> {
  await db.query(
    "update public.epcr_submissions set status = 'sent', next_attempt_at = null where status in ('queued', 'processing')",
  );
  const reportUuid = crypto.randomUUID();
  const event = {
    id: uuidV7(),
    kind: 'call_closed',
    occurred_at: new Date().toISOString(),
    payload: { context_id: null, encounter: { ...example, reportUuid, ...encounter } },
  };
  const { results } = await ingest(db, org.people.paramedicA.caller, [event]);
  expect(results[0]?.status).toBe('accepted');
  return { id: event.id, reportUuid };
}

async function row(id: string) {
  return (
    await db.query(
      "select status::text, attempts, last_status_code, last_error, warnings, request_handle, next_attempt_at - now() < interval '61 seconds' and next_attempt_at - now() > interval '55 seconds' as retry_in_a_minute from public.epcr_submissions where id = $1",
      [id],
    )
  ).rows[0];
}

describe('the epcr-handoff Edge Function (Deno) and the local NEMSIS receiver', () => {
  it('submits a closed call, which the receiver validates and accepts: sent', async () => {
    const { id, reportUuid } = await closeOneCall();
    const run = await fn.invoke();
    expect(run).toEqual({ status: 200, body: { claimed: 1, results: [{ id, outcome: 'sent', statusCode: 1 }] } });
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 0, last_status_code: 1, last_error: null });
    expect(receiver.reports().map((r) => r.reportUuid)).toContain(reportUuid);
    expect(receiver.reports().find((r) => r.reportUuid === reportUuid)?.pcrNumber).toBe(example['pcrNumber']);
  });

  it('asks RetrieveStatus while the receiver is still processing, then records the result', async () => {
    const { id } = await closeOneCall();
    receiver.script([{ statusCode: 10, polls: 2 }]);
    const run = await fn.invoke();
    expect(run.body).toMatchObject({ results: [{ id, outcome: 'sent', statusCode: 1 }] });
    expect(
      receiver
        .log()
        .slice(-4)
        .map((l) => `${l.operation} ${l.statusCode}`),
    ).toEqual(['SubmitData 10', 'RetrieveStatus 0', 'RetrieveStatus 0', 'RetrieveStatus 1']);
  });

  it('keeps the handle and asks again next run when it is still processing after the run’s polls', async () => {
    const { id } = await closeOneCall();
    receiver.script([{ statusCode: 10, polls: 5 }]);
    await fn.invoke();
    expect(await row(id)).toMatchObject({
      status: 'processing',
      attempts: 0,
      request_handle: expect.stringMatching(/^\d+$/),
    });
  });

  it.each([
    ['the schema', -12],
    ['the rules', -14],
    ['a duplicate', -11],
    ['the credentials', -1],
  ])('sends a refusal for %s straight to needs correction, saying why', async (_, code) => {
    const { id } = await closeOneCall();
    receiver.script([{ statusCode: code }]);
    const run = await fn.invoke();
    expect(run.body).toMatchObject({ results: [{ id, outcome: 'needs_correction', statusCode: code }] });
    expect(await row(id)).toMatchObject({
      status: 'needs_correction',
      last_status_code: code,
      last_error: expect.stringMatching(new RegExp(`^${code}: `)),
    });
  });

  it('finds a real duplicate: the same report sent again is refused by the receiver (-11)', async () => {
    const first = await closeOneCall();
    await fn.invoke();
    const again = await closeOneCall({ reportUuid: first.reportUuid });
    await fn.invoke();
    expect(await row(again.id)).toMatchObject({ status: 'needs_correction', last_status_code: -11 });
  });

  it.each([
    ['a server error (-20)', [{ statusCode: -20 }]],
    ['an HTTP 500', [{ transport: 'http500' as const }]],
    ['a dropped connection', [{ transport: 'drop' as const }]],
  ])('schedules a retry in a minute after %s', async (_, script) => {
    const { id } = await closeOneCall();
    receiver.script(script);
    const started = new Date().toISOString();
    const run = await fn.invoke();
    expect(run.body).toMatchObject({ results: [{ id, outcome: 'retryable' }] });
    expect(await row(id)).toMatchObject({ status: 'queued', attempts: 1, retry_in_a_minute: true });
    // One request, not sent again behind the schedule's back.
    expect(receiver.log().filter((l) => l.at >= started).length).toBe(1);
  });

  it('keeps an accepted-with-warnings answer and its warnings', async () => {
    const { id } = await closeOneCall();
    receiver.script([{ statusCode: 3 }]);
    await fn.invoke();
    expect(await row(id)).toMatchObject({
      status: 'sent_with_warnings',
      last_status_code: 3,
      warnings: expect.stringMatching(/^3: imported, with \[WARNING\]/),
    });
  });

  it('sends a call that makes no NEMSIS document to needs correction without submitting it', async () => {
    const { id } = await closeOneCall({ dispatchReason: 'tummy ache' });
    const before = receiver.log().length;
    await fn.invoke();
    expect(await row(id)).toMatchObject({
      status: 'needs_correction',
      last_error: expect.stringMatching(/does not make a NEMSIS document: dispatchReason/),
    });
    expect(receiver.log().length).toBe(before);
  });

  it('runs for the service role only', async () => {
    const response = await fetch(fn.url, { method: 'POST', headers: { Authorization: `Bearer ${api.anonKey}` } });
    expect(response.status).toBe(401);
  });
});
