// The ePCR hand-off queue: a closed call queued through ingest_events, claimed by runners with
// `for update skip locked`, and the design's schedule applied to each answer, with a moved clock:
// retries after 1, 2 and 4 minutes, failed after the third retry; non-retryable answers straight
// to needs correction; two concurrent runners never claim one row twice.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, ingest, uuidV7, type Organisation, type WireEvent } from './fixtures';
import { createTestDatabase, type TestDatabase } from './helpers';

let db: TestDatabase;
let org: Organisation;
beforeAll(async () => {
  db = await createTestDatabase();
  org = await createOrganisation(db);
});
afterAll(async () => {
  await db?.close();
});

const example = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../nemsis/encounters/pediatric-anaphylaxis-14kg.json'), 'utf8'),
) as Record<string, unknown>;

function callClosed(encounter: Record<string, unknown> = {}, payload: Record<string, unknown> = {}): WireEvent {
  return {
    id: uuidV7(),
    kind: 'call_closed',
    occurred_at: new Date().toISOString(),
    payload: { context_id: null, encounter: { ...example, reportUuid: crypto.randomUUID(), ...encounter }, ...payload },
  };
}

interface Claimed {
  id: string;
  claim_token: string;
  report_uuid: string;
  encounter: Record<string, unknown>;
  request_handle: string | null;
  attempts: number;
}

async function claim(now: Date, limit = 10, client?: pg.ClientBase): Promise<Claimed[]> {
  const sql = 'select * from public.claim_epcr_submissions($1, 120, $2)';
  if (client) return (await client.query<Claimed>(sql, [limit, now])).rows;
  return (await db.queryAs<Claimed>('service_role', sql, [limit, now])).rows;
}

async function report(
  row: Claimed,
  outcome: string,
  now: Date,
  extra: { code?: number; message?: string; handle?: string } = {},
) {
  const { rows } = await db.queryAs<{ r: Record<string, unknown> }>(
    'service_role',
    'select public.report_epcr_submission($1, $2, $3, $4, $5, $6, $7) as r',
    [row.id, row.claim_token, outcome, extra.code ?? null, extra.message ?? null, extra.handle ?? null, now],
  );
  return rows[0]!.r;
}

async function stored(id: string) {
  const { rows } = await db.query(
    'select status::text, attempts, next_attempt_at, request_handle, last_status_code, last_error, warnings, sent_at from public.epcr_submissions where id = $1',
    [id],
  );
  return rows[0];
}

/** Queues one call and returns its id; the queue is otherwise emptied so each case starts alone. */
async function queueOne(encounter: Record<string, unknown> = {}): Promise<string> {
  await db.query(
    "update public.epcr_submissions set status = 'sent', next_attempt_at = null where status in ('queued', 'processing')",
  );
  const event = callClosed(encounter);
  const { results } = await ingest(db, org.people.paramedicA.caller, [event]);
  expect(results.map((r) => r.status)).toEqual(['accepted']);
  return event.id;
}

const minutes = (base: Date, m: number, s = 0) => new Date(base.getTime() + m * 60_000 + s * 1000);

describe('a call closed on the device', () => {
  it('is queued through ingest_events, due at once, with the encounter and the report’s identity; a replay is a duplicate', async () => {
    const event = callClosed({ pcrNumber: 'RS-2026-777' });
    const first = await ingest(db, org.people.paramedicA.caller, [event]);
    const replay = await ingest(db, org.people.paramedicA.caller, [event]);
    expect(first.results[0]?.status).toBe('accepted');
    expect(replay.results[0]?.status).toBe('duplicate');
    const { rows } = await db.query(
      'select status::text, attempts, pcr_number, report_uuid, user_id, department_id, encounter ->> $2 as fmt, next_attempt_at <= now() as due from public.epcr_submissions where id = $1',
      [event.id, 'format'],
    );
    expect(rows).toEqual([
      {
        status: 'queued',
        attempts: 0,
        pcr_number: 'RS-2026-777',
        report_uuid: (event.payload['encounter'] as { reportUuid: string }).reportUuid,
        user_id: org.people.paramedicA.id,
        department_id: org.people.paramedicA.departmentId,
        fmt: 'rigside-encounter/1',
        due: true,
      },
    ]);
  });

  it('is refused, naming the field, without an encounter or with a report UUID NEMSIS would not take', async () => {
    const { results } = await ingest(db, org.people.paramedicA.caller, [
      callClosed({}, { encounter: 'xml' }),
      callClosed({ reportUuid: uuidV7() }),
      callClosed({ pcrNumber: 'X' }),
    ]);
    expect(results.map((r) => [r.status, r.code, r.reason])).toEqual([
      ['rejected', 'PAYLOAD_INVALID', 'payload.encounter must be an object'],
      ['rejected', 'PAYLOAD_INVALID', 'payload.encounter.reportUuid must be a UUID of version 1 to 5'],
      ['rejected', 'PAYLOAD_INVALID', 'payload.encounter.pcrNumber must have 3 to 50 characters'],
    ]);
  });
});

describe('the hand-off schedule (clock moved by the test)', () => {
  it('retries a retryable failure after 1, 2 and 4 minutes, then stops: failed after the third retry', async () => {
    const id = await queueOne();
    const t0 = new Date(Date.now() + 1000);
    const offsets: number[] = [];
    let now = t0;
    for (let attempt = 1; attempt <= 4; attempt++) {
      const [row] = await claim(now);
      expect(row?.id, `attempt ${attempt}`).toBe(id);
      const answer = await report(row!, 'retryable', now, { code: -20, message: 'Generic server error' });
      const state = await stored(id);
      if (attempt <= 3) {
        expect(answer['status']).toBe('queued');
        const waitMs = (state!['next_attempt_at'] as Date).getTime() - now.getTime();
        offsets.push(waitMs / 60_000);
        // Not due a second early, due on the minute.
        expect(await claim(new Date(now.getTime() + waitMs - 1000))).toEqual([]);
        now = new Date(now.getTime() + waitMs);
      } else {
        expect(answer).toMatchObject({ status: 'failed', attempts: 4, next_attempt_at: null });
      }
    }
    expect(offsets).toEqual([1, 2, 4]);
    expect(await stored(id)).toMatchObject({
      status: 'failed',
      attempts: 4,
      last_status_code: -20,
      last_error: 'Generic server error',
    });
    // Failed is the end: nothing more is claimed, however late.
    expect(await claim(minutes(now, 60))).toEqual([]);
  });

  it.each([
    ['the schema (-12)', -12],
    ['the rules (-14)', -14],
    ['a duplicate (-11)', -11],
    ['the credentials (-1)', -1],
  ])('sends a rejection for %s straight to needs correction, with no retry', async (_, code) => {
    const id = await queueOne();
    const now = new Date(Date.now() + 1000);
    const [row] = await claim(now);
    expect(await report(row!, 'needs_correction', now, { code, message: `refused with ${code}` })).toMatchObject({
      status: 'needs_correction',
      attempts: 0,
      next_attempt_at: null,
    });
    expect(await stored(id)).toMatchObject({
      status: 'needs_correction',
      last_status_code: code,
      last_error: `refused with ${code}`,
    });
    expect(await claim(minutes(now, 30))).toEqual([]);
  });

  it('keeps an accepted-with-warnings answer and its warnings', async () => {
    const id = await queueOne();
    const now = new Date(Date.now() + 1000);
    const [row] = await claim(now);
    await report(row!, 'sent_with_warnings', now, {
      code: 3,
      message: '[WARNING] Incident ZIP Code should be recorded',
    });
    expect(await stored(id)).toMatchObject({
      status: 'sent_with_warnings',
      last_status_code: 3,
      warnings: '[WARNING] Incident ZIP Code should be recorded',
      next_attempt_at: null,
      sent_at: now,
    });
  });

  it('asks again a minute after "still processing", with the receiver’s handle, without counting a retry', async () => {
    const id = await queueOne();
    const now = new Date(Date.now() + 1000);
    const [row] = await claim(now);
    await report(row!, 'processing', now, { code: 10, handle: 'H-42' });
    expect(await stored(id)).toMatchObject({ status: 'processing', attempts: 0, request_handle: 'H-42' });
    expect(await claim(minutes(now, 0, 59))).toEqual([]);
    const [again] = await claim(minutes(now, 1));
    expect(again).toMatchObject({ id, request_handle: 'H-42', attempts: 0 });
    // A status check that fails keeps the handle for the next try; one the receiver forgot does not.
    await report(again!, 'retryable', minutes(now, 1), { code: -21 });
    expect(await stored(id)).toMatchObject({ status: 'queued', attempts: 1, request_handle: 'H-42' });
    const [third] = await claim(minutes(now, 2));
    await report(third!, 'retryable', minutes(now, 2), { code: -40, handle: '' });
    expect(await stored(id)).toMatchObject({ status: 'queued', attempts: 2, request_handle: null });
    const [fourth] = await claim(minutes(now, 4));
    await report(fourth!, 'sent', minutes(now, 4), { code: 1 });
    expect(await stored(id)).toMatchObject({
      status: 'sent',
      attempts: 2,
      request_handle: null,
      sent_at: minutes(now, 4),
    });
  });

  it('drops the answer of a runner whose claim lapsed and another runner took over', async () => {
    const id = await queueOne();
    const now = new Date(Date.now() + 1000);
    const [slow] = await claim(now);
    expect(await claim(minutes(now, 1))).toEqual([]); // still claimed (120 s lease)
    const [fast] = await claim(minutes(now, 2, 1));
    expect(fast?.id).toBe(id);
    expect(await report(slow!, 'sent', minutes(now, 2, 2), { code: 1 })).toMatchObject({ code: 'CLAIM_LOST' });
    await report(fast!, 'retryable', minutes(now, 2, 3), { code: -22 });
    expect(await stored(id)).toMatchObject({ status: 'queued', attempts: 1 });
  });
});

describe('two runners at once', () => {
  it('never claim one row twice: the second skips the rows the first holds, and takes the rest', async () => {
    await db.query(
      "update public.epcr_submissions set status = 'sent', next_attempt_at = null where status in ('queued', 'processing')",
    );
    const events = Array.from({ length: 30 }, () => callClosed());
    await ingest(db, org.people.paramedicA.caller, events);
    const now = new Date(Date.now() + 1000);
    let release!: () => void;
    const held = new Promise<void>((done) => (release = done));
    let firstRows: Claimed[] = [];
    const first = db.as('service_role', async (client) => {
      firstRows = await claim(now, 20, client);
      await held; // still inside its transaction: the rows stay locked
    });
    await expect.poll(() => firstRows.length).toBe(20);
    const secondRows = await db.as('service_role', (client) => claim(now, 20, client));
    release();
    await first;
    const firstIds = new Set(firstRows.map((r) => r.id));
    expect(secondRows).toHaveLength(10);
    expect(secondRows.filter((r) => firstIds.has(r.id))).toEqual([]);
    expect(new Set([...firstIds, ...secondRows.map((r) => r.id)])).toEqual(new Set(events.map((e) => e.id)));
  });

  it('under many concurrent claims, hands each due row to exactly one runner', async () => {
    await db.query(
      "update public.epcr_submissions set status = 'sent', next_attempt_at = null where status in ('queued', 'processing')",
    );
    const events = Array.from({ length: 60 }, () => callClosed());
    await ingest(db, org.people.paramedicA.caller, events);
    const now = new Date(Date.now() + 1000);
    const batches = await Promise.all(Array.from({ length: 6 }, () => claim(now, 7)));
    const ids = batches.flat().map((r) => r.id);
    expect(ids.length).toBe(new Set(ids).size);
    expect(ids.length).toBe(42);
  });
});

describe('who may see and run the hand-off', () => {
  it('shows a crew member their own calls and a medical director their department’s, never another department’s', async () => {
    await ingest(db, org.people.paramedicB.caller, [callClosed({ pcrNumber: 'OTHER-DEPT-1' })]);
    const own = await db.queryAs<{ pcr_number: string; user_id: string }>(
      org.people.paramedicA.caller,
      'select * from public.list_epcr_submissions(200)',
    );
    expect(own.rows.length).toBeGreaterThan(0);
    expect(own.rows.every((r) => r.user_id === org.people.paramedicA.id)).toBe(true);
    const director = await db.queryAs<{ pcr_number: string }>(
      org.people.directorA.caller,
      'select * from public.list_epcr_submissions(200)',
    );
    expect(director.rows.map((r) => r.pcr_number)).not.toContain('OTHER-DEPT-1');
    const other = await db.queryAs<{ pcr_number: string }>(
      org.people.directorB.caller,
      'select * from public.list_epcr_submissions(200)',
    );
    expect(other.rows.map((r) => r.pcr_number)).toEqual(['OTHER-DEPT-1']);
  });

  it('lets only the service role claim and report', async () => {
    for (const caller of [org.people.paramedicA.caller, org.people.adminA.caller, 'anon' as const]) {
      await expect(db.queryAs(caller, 'select * from public.claim_epcr_submissions()')).rejects.toThrow(
        /permission denied/,
      );
      await expect(
        db.queryAs(caller, "select public.report_epcr_submission(gen_random_uuid(), gen_random_uuid(), 'sent')"),
      ).rejects.toThrow(/permission denied/);
    }
  });
});
