// Sign-in throttling per account (issue #12): Supabase Auth's password verification attempt
// hook (public.hook_password_verification_attempt) holds the design's AUTH limit, 5 attempts
// per 15 minutes; the API stand-in calls it as Supabase Auth does. The clock is moved, never
// waited for: Auth sends its time in the hook's metadata, and the stand-in takes a nowMs.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type RunningApi } from '../../supabase/local/api';
import { REPO_ROOT } from '../../supabase/local/migrate';
import { createAuthUser, createTestDatabase, type TestDatabase } from './helpers';

const MINUTE = 60_000;
const PASSWORD = 'the right passphrase';
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.close();
});

interface HookAnswer {
  decision: 'continue' | 'reject';
  message?: string;
  should_logout_user?: boolean;
}

/** Calls the hook the way Supabase Auth does: as supabase_auth_admin, in a transaction of its own. */
async function hook(userId: string, valid: boolean, atMs: number): Promise<HookAnswer> {
  const client = await db.pool.connect();
  try {
    await client.query('begin');
    await client.query('set local role supabase_auth_admin');
    const event = {
      metadata: {
        uuid: crypto.randomUUID(),
        time: new Date(atMs).toISOString(),
        name: 'password-verification',
        ip_address: '127.0.0.1',
      },
      user_id: userId,
      valid,
    };
    const { rows } = await client.query<{ answer: HookAnswer }>(
      'select "public"."hook_password_verification_attempt"($1) as answer',
      [JSON.stringify(event)],
    );
    await client.query('commit');
    return rows[0]!.answer;
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}

describe('the password verification attempt hook', () => {
  it('lets the first four failed attempts of an account through to Auth, and locks the account on the fifth within 15 minutes', async () => {
    const user = crypto.randomUUID();
    const start = Date.parse('2026-12-01T08:00:00Z');
    for (let attempt = 0; attempt < 4; attempt++) {
      expect(await hook(user, false, start + attempt * MINUTE)).toEqual({ decision: 'continue' });
    }
    expect(await hook(user, false, start + 10 * MINUTE)).toEqual({
      decision: 'reject',
      message:
        'Too many failed sign-in attempts: this account is locked until 08:25 UTC. Try again then, or ask an agency admin.',
      should_logout_user: false,
    });
  });

  it('refuses even the right password while the account is locked, and accepts it once the 15 minutes are over', async () => {
    const user = crypto.randomUUID();
    const start = Date.parse('2026-12-01T09:00:00Z');
    for (let attempt = 0; attempt < 5; attempt++) await hook(user, false, start + attempt * 1000);
    const lockedAt = start + 4000;
    expect((await hook(user, true, lockedAt + 14 * MINUTE)).decision).toBe('reject');
    expect(await hook(user, true, lockedAt + 15 * MINUTE)).toEqual({ decision: 'continue' });
  });

  it('does not count failures older than 15 minutes', async () => {
    const user = crypto.randomUUID();
    const start = Date.parse('2026-12-01T10:00:00Z');
    for (let attempt = 0; attempt < 4; attempt++) await hook(user, false, start + attempt * MINUTE);
    expect(await hook(user, false, start + 20 * MINUTE)).toEqual({ decision: 'continue' });
  });

  it('clears the count when the right password is given before the limit', async () => {
    const user = crypto.randomUUID();
    const start = Date.parse('2026-12-01T11:00:00Z');
    for (let attempt = 0; attempt < 4; attempt++) await hook(user, false, start + attempt * 1000);
    expect(await hook(user, true, start + 5000)).toEqual({ decision: 'continue' });
    expect(await hook(user, false, start + 6000)).toEqual({ decision: 'continue' });
  });

  it('leaves a different account unaffected by the lock of another', async () => {
    const locked = crypto.randomUUID();
    const other = crypto.randomUUID();
    const start = Date.parse('2026-12-01T12:00:00Z');
    for (let attempt = 0; attempt < 5; attempt++) await hook(locked, false, start + attempt * 1000);
    expect((await hook(locked, true, start + 10_000)).decision).toBe('reject');
    expect(await hook(other, true, start + 10_000)).toEqual({ decision: 'continue' });
  });

  it('may be called by Supabase Auth (supabase_auth_admin) only: not by anon, signed-in users or the service role', async () => {
    const { rows } = await db.query<{ role: string; can: boolean }>(
      `select r as role, has_function_privilege(r, 'public.hook_password_verification_attempt(jsonb)', 'execute') as can
       from unnest(array['supabase_auth_admin', 'anon', 'authenticated', 'service_role']) as r`,
    );
    expect(rows).toEqual([
      { role: 'supabase_auth_admin', can: true },
      { role: 'anon', can: false },
      { role: 'authenticated', can: false },
      { role: 'service_role', can: false },
    ]);
  });
});

describe('supabase/config.toml', () => {
  const config = readFileSync(resolve(REPO_ROOT, 'supabase/config.toml'), 'utf8');

  it('enables the hook for the project, pointing at the function', () => {
    const section = /\[auth\.hook\.password_verification_attempt\]\n([^[]*)/.exec(config)?.[1] ?? '';
    expect(section).toMatch(/^enabled = true$/m);
    expect(section).toMatch(/^uri = "pg-functions:\/\/postgres\/public\/hook_password_verification_attempt"$/m);
  });

  it("sets Supabase Auth's per-IP sign-in limit", () => {
    const section = /\[auth\.rate_limit\]\n([^[]*)/.exec(config)?.[1] ?? '';
    expect(section).toMatch(/^sign_in_sign_ups = \d+/m);
  });
});

describe('signing in through the API stand-in', () => {
  let api: RunningApi;
  let clockMs = Date.parse('2026-12-01T14:00:00Z');
  const emails = { locked: 'locked@throttle.test', other: 'other@throttle.test', timed: 'timed@throttle.test' };

  beforeAll(async () => {
    for (const email of Object.values(emails))
      await createAuthUser(db, { email, password: PASSWORD, appRole: 'paramedic', bcryptCost: 10 });
    api = await startApi({ databaseUrl: db.url, nowMs: () => clockMs });
  });

  afterAll(async () => {
    await api?.stop();
  });

  async function signIn(email: string, password: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${api.url}/auth/v1/token?grant_type=password`, {
      method: 'POST',
      headers: { apikey: api.anonKey, 'Content-Type': 'application/json', 'X-Supabase-Api-Version': '2024-01-01' },
      body: JSON.stringify({ email, password }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it('locks an account for 15 minutes after five wrong passwords: the right one is refused during the lockout and accepted after; another account is unaffected', async () => {
    const answers = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      answers.push(await signIn(emails.locked, 'a wrong guess'));
      clockMs += 1000;
    }
    expect(answers.slice(0, 4).map((a) => [a.status, a.body])).toEqual(
      Array(4).fill([400, { code: 'invalid_credentials', message: 'Invalid login credentials' }]),
    );
    expect(answers.slice(4).map((a) => [a.status, a.body['code'], a.body['message']])).toEqual(
      Array(2).fill([
        400,
        'invalid_credentials',
        expect.stringMatching(/^Too many failed sign-in attempts: this account is locked until \d\d:\d\d UTC/),
      ]),
    );

    const duringLockout = await signIn(emails.locked, PASSWORD);
    expect(duringLockout).toMatchObject({
      status: 400,
      body: { code: 'invalid_credentials', message: expect.stringMatching(/locked until/) },
    });
    expect(await signIn(emails.other, PASSWORD)).toMatchObject({ status: 200, body: { token_type: 'bearer' } });

    clockMs += 15 * MINUTE;
    expect(await signIn(emails.locked, PASSWORD)).toMatchObject({ status: 200, body: { token_type: 'bearer' } });
  });

  it('takes as long to refuse an unknown email as a wrong password for a known one', async () => {
    const medianMs = async (email: string) => {
      const times: number[] = [];
      for (let i = 0; i < 7; i++) {
        const started = performance.now();
        const { status } = await signIn(email, 'not the password');
        times.push(performance.now() - started);
        expect(status).toBe(400);
      }
      return times.sort((a, b) => a - b)[3]!;
    };
    await medianMs(emails.timed);
    const known = await medianMs(emails.timed);
    const unknown = await medianMs('nobody@throttle.test');
    console.log(
      `sign-in refusals, median of 7: known email ${known.toFixed(1)} ms, unknown email ${unknown.toFixed(1)} ms`,
    );
    expect(unknown / known).toBeGreaterThan(0.6);
    expect(unknown / known).toBeLessThan(1.6);
  });
});
