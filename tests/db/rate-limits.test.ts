// Rate limits inside ingest_events, as rate_limit_config seeds them (DOSING 30/min, PHI 50/min,
// API 60/min), and the reputation that bans repeat offenders: 100, -5 per violation, a 1 h ban
// at 6-10, 24 h at 0-5. Each test uses a fresh user, because reputation is per user.
//
// What a client reads: events held back by a per-event limit come back in an HTTP 200 list, each
// with retry_after_seconds; a call refused as a whole (API or GLOBAL limit, ban) is HTTP 429 with
// Retry-After and a body {code, message, details, hint, retry_after_seconds, results}.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrganisation,
  createPerson,
  dosingEvent,
  ingest,
  patientContextEvent,
  protocolUsageEvent,
  type Organisation,
  type UserCaller,
} from './fixtures';
import { createTestDatabase, type TestDatabase } from './helpers';

let db: TestDatabase;
let org: Organisation;
let people = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  org = await createOrganisation(db);
});

afterAll(async () => {
  await db?.close();
});

async function freshMedic(): Promise<{ id: string; caller: UserCaller }> {
  people += 1;
  return createPerson(db, {
    label: `medic-${people}`,
    role: 'paramedic',
    departmentId: org.departments.A,
    stationId: org.stations.A1,
  });
}

/** Violations the user already has, `minutesAgo` in the past. */
async function priorViolations(userId: string, count: number, minutesAgo = 1): Promise<void> {
  await db.query(
    `insert into public.rate_limit_violations (user_id, scope, occurred_at, request_count, limit_count, reputation_after)
     select $1, 'DOSING', now() - make_interval(mins => $3), 31, 30, greatest(0, 100 - 5 * g) from generate_series(1, $2) g`,
    [userId, count, minutesAgo],
  );
}

async function violationsOf(userId: string) {
  const { rows } = await db.query<{ scope: string; reputation_after: number; ban_minutes: number | null }>(
    `select scope, reputation_after, round(extract(epoch from banned_until - occurred_at) / 60)::int as ban_minutes
     from public.rate_limit_violations where user_id = $1 order by id`,
    [userId],
  );
  return rows;
}

const over = (n: number) => Array.from({ length: n }, () => dosingEvent());
const retryAfterOf = (headers: string | null) =>
  Number((JSON.parse(headers ?? '[]') as Array<Record<string, string>>)[0]?.['Retry-After']);

describe('per-event limits', () => {
  it('accepts 30 dosing calculations a minute and holds back the 31st, in an HTTP 200 list that says when to send it again', async () => {
    const medic = await freshMedic();
    const batch = over(31);
    const { results, refusal, httpStatus, headers } = await ingest(db, medic.caller, batch);

    expect(refusal).toBeNull();
    expect(results.filter((r) => r.status === 'accepted')).toHaveLength(30);
    expect(results.slice(0, 30).every((r) => r.retry_after_seconds === null)).toBe(true);
    expect(results[30]).toMatchObject({ id: batch[30]!.id, status: 'rejected', code: 'RATE_LIMITED' });
    expect(results[30]?.reason).toMatch(/DOSING limit/);
    expect(Number.isInteger(results[30]?.retry_after_seconds)).toBe(true);
    expect(results[30]?.retry_after_seconds).toBeGreaterThanOrEqual(1);
    expect(results[30]?.retry_after_seconds).toBeLessThanOrEqual(60);
    expect(httpStatus).toBeNull();
    expect(headers).toBeNull();
    expect(await violationsOf(medic.id)).toEqual([{ scope: 'DOSING', reputation_after: 95, ban_minutes: null }]);
    const stored = await db.query('select count(*)::int as n from public.dosing_calculations where user_id = $1', [
      medic.id,
    ]);
    expect(stored.rows[0]).toEqual({ n: 30 });
  });

  it('takes the held-back event in the next window, under the same id', async () => {
    const medic = await freshMedic();
    const batch = over(31);
    await ingest(db, medic.caller, batch);
    // The next window, without waiting for it: forget this window's count.
    await db.query('delete from private.rate_limit_counters where user_id = $1', [medic.id]);
    const { results, httpStatus } = await ingest(db, medic.caller, [batch[30]!]);
    expect(results[0]?.status).toBe('accepted');
    expect(httpStatus).toBeNull();
  });

  it('does not count replays of accepted events against the limit', async () => {
    const medic = await freshMedic();
    const batch = over(30);
    await ingest(db, medic.caller, batch);
    const replay = await ingest(db, medic.caller, batch);
    expect(replay.results.map((r) => r.status)).toEqual(Array(30).fill('duplicate'));
    expect(replay.httpStatus).toBeNull();
    expect(await violationsOf(medic.id)).toEqual([]);
  });

  it('accepts 50 patient context saves a minute and holds back the 51st', async () => {
    const medic = await freshMedic();
    const { results, httpStatus } = await ingest(
      db,
      medic.caller,
      Array.from({ length: 51 }, () => patientContextEvent()),
    );
    expect(results.filter((r) => r.status === 'accepted')).toHaveLength(50);
    expect(results[50]).toMatchObject({
      status: 'rejected',
      code: 'RATE_LIMITED',
      reason: expect.stringMatching(/PHI limit/),
    });
    expect(results[50]?.retry_after_seconds).toBeGreaterThanOrEqual(1);
    expect(httpStatus).toBeNull();
    expect((await violationsOf(medic.id)).map((v) => v.scope)).toEqual(['PHI']);
  });

  it('leaves other kinds of event of the same batch alone', async () => {
    const medic = await freshMedic();
    const usage = protocolUsageEvent();
    const { results } = await ingest(db, medic.caller, [...over(31), usage]);
    expect(results[31]).toMatchObject({ id: usage.id, status: 'accepted' });
  });
});

describe('per-call limits', () => {
  it('refuses the 61st call of a minute as a whole: HTTP 429, Retry-After, and every event held back in the body', async () => {
    const medic = await freshMedic();
    // Sixty calls already made in this window and the next, so the test cannot straddle a minute.
    await db.query(
      `insert into private.rate_limit_counters (user_id, scope, window_start, request_count)
       select $1, 'API', to_timestamp(floor(extract(epoch from now()) / 60) * 60) + make_interval(secs => 60 * w), 60
       from generate_series(0, 1) w`,
      [medic.id],
    );
    const batch = [protocolUsageEvent(), protocolUsageEvent()];
    const { results, refusal, httpStatus, headers } = await ingest(db, medic.caller, batch);

    expect(refusal).toEqual({
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/API limit/),
      details: null,
      hint: null,
      retry_after_seconds: expect.any(Number),
      results: expect.any(Array),
    });
    const retryAfter = refusal!.retry_after_seconds;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(results).toEqual(
      batch.map((e) => ({
        id: e.id,
        status: 'rejected',
        code: 'RATE_LIMITED',
        reason: refusal!.message,
        retry_after_seconds: retryAfter,
      })),
    );
    expect(httpStatus).toBe('429');
    expect(retryAfterOf(headers)).toBe(retryAfter);
    expect((await violationsOf(medic.id)).map((v) => v.scope)).toEqual(['API']);
    const stored = await db.query('select 1 from public.protocol_usage where id = any($1::uuid[])', [
      batch.map((e) => e.id),
    ]);
    expect(stored.rowCount).toBe(0);
  });
});

describe('reads count too', () => {
  it('counts each pull of reference data as an API call: over the limit it is refused 429 with the retry time in the body, and recorded', async () => {
    const medic = await freshMedic();
    await db.query(
      `insert into private.rate_limit_counters (user_id, scope, window_start, request_count)
       select $1, 'API', to_timestamp(floor(extract(epoch from now()) / 60) * 60) + make_interval(secs => 60 * w), 60
       from generate_series(0, 1) w`,
      [medic.id],
    );
    for (const call of [
      'select public.pull_reference_page(0, null, null, 5) as body',
      'select public.pull_reference(0) as body',
    ]) {
      const answer = await db.as(medic.caller, async (client) => {
        const { rows } = await client.query<{ body: Record<string, unknown> }>(call);
        const response = await client.query<{ status: string | null }>(
          "select current_setting('response.status', true) as status",
        );
        return { body: rows[0]!.body, status: response.rows[0]!.status };
      });
      expect(answer.status).toBe('429');
      expect(answer.body).toMatchObject({
        code: 'RATE_LIMITED',
        message: expect.stringMatching(/API limit/),
        retry_after_seconds: expect.any(Number),
      });
    }
    expect((await violationsOf(medic.id)).map((v) => v.scope)).toEqual(['API', 'API']);
  });

  it('lets a pull through under the limit, and counts it', async () => {
    const medic = await freshMedic();
    const body = await db.as(
      medic.caller,
      async (client) =>
        (
          await client.query<{ body: Record<string, unknown> }>(
            'select public.pull_reference_page(0, null, null, 5) as body',
          )
        ).rows[0]!.body,
    );
    expect(body).toMatchObject({ done: expect.any(Boolean), rows: expect.any(Array) });
    const { rows } = await db.query<{ n: number }>(
      "select coalesce(sum(request_count), 0)::int as n from private.rate_limit_counters where user_id = $1 and scope = 'API'",
      [medic.id],
    );
    expect(rows[0]!.n).toBe(1);
  });
});

describe('reputation and bans', () => {
  it('bans for one hour the user whose violation leaves a reputation of 10', async () => {
    const medic = await freshMedic();
    await priorViolations(medic.id, 17);
    await ingest(db, medic.caller, over(31));
    expect((await violationsOf(medic.id)).at(-1)).toEqual({ scope: 'DOSING', reputation_after: 10, ban_minutes: 60 });
  });

  it('bans for 24 hours the user whose violation leaves a reputation of 5 or less', async () => {
    const medic = await freshMedic();
    await priorViolations(medic.id, 18);
    await ingest(db, medic.caller, over(31));
    expect((await violationsOf(medic.id)).at(-1)).toEqual({ scope: 'DOSING', reputation_after: 5, ban_minutes: 1440 });
  });

  it('does not ban at a reputation of 15', async () => {
    const medic = await freshMedic();
    await priorViolations(medic.id, 16);
    await ingest(db, medic.caller, over(31));
    expect((await violationsOf(medic.id)).at(-1)).toEqual({ scope: 'DOSING', reputation_after: 15, ban_minutes: null });
  });

  it('forgets violations older than 30 days', async () => {
    const medic = await freshMedic();
    await priorViolations(medic.id, 19, 31 * 24 * 60);
    await ingest(db, medic.caller, over(31));
    expect((await violationsOf(medic.id)).at(-1)).toEqual({ scope: 'DOSING', reputation_after: 95, ban_minutes: null });
  });

  it('holds back every event of a banned user, with Retry-After until the ban ends', async () => {
    const medic = await freshMedic();
    await priorViolations(medic.id, 17);
    await ingest(db, medic.caller, over(31));
    const usage = protocolUsageEvent();
    const { results, refusal, httpStatus, headers } = await ingest(db, medic.caller, [usage]);

    expect(refusal).toMatchObject({
      code: 'BANNED',
      message: expect.stringMatching(/suspended until/),
      details: null,
      hint: null,
    });
    expect(refusal!.retry_after_seconds).toBeGreaterThan(3500);
    expect(refusal!.retry_after_seconds).toBeLessThanOrEqual(3600);
    expect(results).toEqual([
      expect.objectContaining({
        id: usage.id,
        status: 'rejected',
        code: 'BANNED',
        retry_after_seconds: refusal!.retry_after_seconds,
      }),
    ]);
    expect(httpStatus).toBe('429');
    expect(retryAfterOf(headers)).toBe(refusal!.retry_after_seconds);
    expect((await db.query('select 1 from public.protocol_usage where id = $1', [usage.id])).rowCount).toBe(0);
    // Being refused during a ban is not a further violation.
    expect(await violationsOf(medic.id)).toHaveLength(18);
  });

  it('accepts events again once the ban is over', async () => {
    const medic = await freshMedic();
    await priorViolations(medic.id, 17);
    await ingest(db, medic.caller, over(31));
    // Two hours later: move the violations back instead of waiting.
    await db.query(
      "update public.rate_limit_violations set occurred_at = occurred_at - interval '2 hours', banned_until = banned_until - interval '2 hours' where user_id = $1",
      [medic.id],
    );
    const { results, httpStatus } = await ingest(db, medic.caller, [protocolUsageEvent()]);
    expect(results[0]?.status).toBe('accepted');
    expect(httpStatus).toBeNull();
  });
});

describe('supervisor reads count too', () => {
  it('refuses a medical director’s read over the API limit with HTTP 429 and the retry time, and serves it under the limit', async () => {
    const director = await createPerson(db, {
      label: `director-${++people}`,
      role: 'medical_director',
      departmentId: org.departments.A,
      stationId: null,
    });
    const read = () =>
      db.queryAs(director.caller, "select * from public.list_department_narratives(now() - interval '1 day', now())");
    await expect(read()).resolves.toBeDefined();
    await db.query(
      `insert into private.rate_limit_counters (user_id, scope, window_start, request_count)
       select $1, 'API', to_timestamp(floor(extract(epoch from now()) / 60) * 60) + make_interval(secs => 60 * w), 60
       from generate_series(0, 1) w
       on conflict (user_id, scope, window_start) do update set request_count = 60`,
      [director.id],
    );
    const refused = await read().then(
      () => null,
      (error: { code?: string; message?: string; detail?: string }) => error,
    );
    expect(refused?.code).toBe('PGRST');
    expect(JSON.parse(refused?.message ?? '{}')).toMatchObject({
      code: 'RATE_LIMITED',
      details: expect.stringMatching(/^retry_after_seconds=\d+$/),
    });
    expect(JSON.parse(refused?.detail ?? '{}')).toMatchObject({
      status: 429,
      headers: { 'Retry-After': expect.stringMatching(/^\d+$/) },
    });
  });
});
