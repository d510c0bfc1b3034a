// Sign-in throttling per account (issue #12): Supabase Auth's password verification attempt
// hook (public.hook_password_verification_attempt) holds the design's AUTH limit, 5 attempts
// per 15 minutes; the API stand-in calls it as Supabase Auth does. The clock is moved, never
// waited for: Auth sends its time in the hook's metadata, and the stand-in takes a nowMs.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../supabase/local/migrate';
import { createTestDatabase, type TestDatabase } from './helpers';

const MINUTE = 60_000;
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
    const event = { metadata: { uuid: crypto.randomUUID(), time: new Date(atMs).toISOString(), name: 'password-verification', ip_address: '127.0.0.1' }, user_id: userId, valid };
    const { rows } = await client.query<{ answer: HookAnswer }>('select "public"."hook_password_verification_attempt"($1) as answer', [JSON.stringify(event)]);
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
      message: 'Too many failed sign-in attempts: this account is locked until 08:25 UTC. Try again then, or ask an agency admin.',
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
       from unnest(array['supabase_auth_admin', 'anon', 'authenticated', 'service_role']) as r`);
    expect(rows).toEqual([
      { role: 'supabase_auth_admin', can: true }, { role: 'anon', can: false }, { role: 'authenticated', can: false }, { role: 'service_role', can: false },
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
