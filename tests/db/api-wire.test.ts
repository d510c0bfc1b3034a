// The API stand-in speaks Supabase's wire protocol: PostgREST's RPC convention and errors,
// GoTrue's password and refresh grants. These tests use functions of their own (created here),
// so they hold whatever the migrations contain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type RunningApi } from '../../supabase/local/api';
import { nodeSupabaseClient } from '../../supabase/local/node-client';
import { keyClaims, userClaims } from '../../supabase/local/claims';
import { PUBLIC_DEMO_JWT_SECRET, signJwt, verifyJwt } from '../../supabase/local/jwt';
import { createAuthUser, createTestDatabase, type TestDatabase } from './helpers';

let db: TestDatabase;
let api: RunningApi;
let medicId: string;
const PASSWORD = 'a passphrase for tests';

beforeAll(async () => {
  db = await createTestDatabase();
  await db.query(`
    create function public.whoami() returns jsonb language sql stable as $$
      select jsonb_build_object('uid', auth.uid(), 'db_role', current_user, 'app_role', auth.jwt() -> 'app_metadata' ->> 'role')
    $$;
    create function public.add(a int, b int default 10) returns int language sql immutable as $$ select a + b $$;
    create function public.refuse(reason text) returns void language plpgsql as $$
      begin raise exception using message = reason, detail = 'refused on purpose', hint = 'send something else'; end $$;
    create function public.teapot() returns jsonb language plpgsql as $$
      begin raise exception using errcode = 'PT418', message = 'short and stout'; end $$;
    create function public.slow_down() returns jsonb language plpgsql as $$
      begin
        raise sqlstate 'PGRST' using
          message = '{"code": "RATE_LIMITED", "message": "too many requests", "hint": "wait and retry"}',
          detail = '{"status": 429, "headers": {"Retry-After": "30"}}';
      end $$;
    create function public.with_header() returns int language plpgsql as $$
      begin perform set_config('response.headers', '[{"X-Rigside": "yes"}]', true); return 1; end $$;
    create table public.wire_notes (id int primary key);
    -- New tables of schema public grant the API roles no writes (issue #12); this one is the test's.
    grant select, insert on public.wire_notes to anon, authenticated;
    create function public.add_note(id int) returns setof public.wire_notes language sql as $$
      insert into public.wire_notes values (id) returning * $$;
    create function public.staff_only() returns text language sql as $$ select 'secret' $$;
    revoke execute on function public.staff_only() from public, anon, authenticated;
  `);
  medicId = await createAuthUser(db, { email: 'medic@wire.test', password: PASSWORD, appRole: 'paramedic' });
  api = await startApi({ databaseUrl: db.url });
});

afterAll(async () => {
  await api?.stop();
  await db?.close();
});

function rpc(fn: string, body: unknown, token?: string, init: RequestInit = {}) {
  return fetch(`${api.url}/rest/v1/rpc/${fn}`, {
    method: 'POST',
    ...init,
    headers: {
      apikey: api.anonKey,
      Authorization: `Bearer ${token ?? api.anonKey}`,
      'Content-Type': 'application/json',
      ...(init.headers ?? {}),
    },
    body: JSON.stringify(body),
  });
}

async function signIn(email = 'medic@wire.test', password = PASSWORD) {
  const res = await fetch(`${api.url}/auth/v1/token?grant_type=password`, {
    method: 'POST',
    headers: { apikey: api.anonKey, 'Content-Type': 'application/json', 'X-Supabase-Api-Version': '2024-01-01' },
    body: JSON.stringify({ email, password }),
  });
  return { res, body: (await res.json()) as Record<string, unknown> };
}

describe('PostgREST RPC through the stand-in', () => {
  it('runs a call with the anon key as the anon role', async () => {
    const res = await rpc('whoami', {});
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ uid: null, db_role: 'anon', app_role: null });
  });

  it('passes named JSON arguments and fills in defaults', async () => {
    expect(await (await rpc('add', { a: 1, b: 2 })).json()).toBe(3);
    expect(await (await rpc('add', { a: 1 })).json()).toBe(11);
  });

  it('answers GET calls with query-string arguments', async () => {
    const res = await fetch(`${api.url}/rest/v1/rpc/add?a=4&b=5`, { headers: { apikey: api.anonKey } });
    expect(await res.json()).toBe(9);
  });

  it('refuses a GET call to a function that writes, as PostgREST runs GET read-only', async () => {
    const res = await fetch(`${api.url}/rest/v1/rpc/add_note?id=1`, { headers: { apikey: api.anonKey } });
    expect(res.status).toBe(405);
    expect(await res.json()).toMatchObject({ code: '25006' });
  });

  it('returns set-returning functions as a JSON array', async () => {
    const res = await rpc('add_note', { id: 7 });
    expect(await res.json()).toEqual([{ id: 7 }]);
  });

  it('reports an unknown function as 404 PGRST202', async () => {
    const res = await rpc('no_such_function', { x: 1 });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      code: 'PGRST202',
      details: expect.stringContaining('public.no_such_function'),
      hint: null,
      message: 'Could not find the function public.no_such_function(x) in the schema cache',
    });
  });

  it('reports wrong argument names as 404 with a hint that the function exists', async () => {
    const res = await rpc('add', { first: 1 });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'PGRST202', hint: expect.stringContaining('argument names') });
  });

  it("maps RAISE EXCEPTION to 400 with PostgREST's body", async () => {
    const res = await rpc('refuse', { reason: 'batch too large' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      code: 'P0001',
      details: 'refused on purpose',
      hint: 'send something else',
      message: 'batch too large',
    });
  });

  it('maps a unique violation to 409', async () => {
    await rpc('add_note', { id: 8 });
    const res = await rpc('add_note', { id: 8 });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: '23505' });
  });

  it('lets a function choose its error status with SQLSTATE PTxxx', async () => {
    const res = await rpc('teapot', {});
    expect(res.status).toBe(418);
    expect(await res.json()).toMatchObject({ code: 'PT418', message: 'short and stout' });
  });

  it('lets a function choose its whole error response with SQLSTATE PGRST (429 with Retry-After)', async () => {
    const res = await rpc('slow_down', {});
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(await res.json()).toEqual({
      code: 'RATE_LIMITED',
      details: null,
      hint: 'wait and retry',
      message: 'too many requests',
    });
  });

  it('passes headers a successful function sets in response.headers', async () => {
    const res = await rpc('with_header', {});
    expect(res.headers.get('x-rigside')).toBe('yes');
    expect(await res.json()).toBe(1);
  });

  it('answers permission denied with 401 for anon and 403 for a signed-in user', async () => {
    const asAnon = await rpc('staff_only', {});
    expect(asAnon.status).toBe(401);
    expect(await asAnon.json()).toMatchObject({ code: '42501' });
    const { body } = await signIn();
    const asUser = await rpc('staff_only', {}, body['access_token'] as string);
    expect(asUser.status).toBe(403);
  });

  it('refuses a token with a bad signature with 401 PGRST301', async () => {
    const forged = await signJwt(
      userClaims({ id: medicId, appMetadata: { role: 'admin' } }),
      'not-the-secret-but-long-enough-to-pass-32',
    );
    const res = await rpc('whoami', {}, forged);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('invalid_token');
    expect(await res.json()).toEqual({
      code: 'PGRST301',
      details: null,
      hint: null,
      message: 'JWSError JWSInvalidSignature',
    });
  });

  it('refuses a malformed token with 401 PGRST301', async () => {
    const res = await rpc('whoami', {}, 'not-a-jwt');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'PGRST301' });
  });

  it('refuses a token with characters appended to its signature with 401 PGRST301', async () => {
    const { body } = await signIn();
    const token = body['access_token'] as string;
    expect((await rpc('whoami', {}, token)).status).toBe(200);
    for (const extra of ['=', '==', 'A', 'x', '%', '!', '.']) {
      const res = await rpc('whoami', {}, token + extra);
      expect(res.status, `signature + ${extra}`).toBe(401);
      expect(await res.json(), `signature + ${extra}`).toMatchObject({ code: 'PGRST301' });
    }
  });

  it('refuses a token whose signature differs only in the unused bits of its last character', async () => {
    const { body } = await signIn();
    const token = body['access_token'] as string;
    // 32 bytes of HMAC in 43 base64url characters leave the last one's two low bits unused.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(token.at(-1) ?? 'A');
    const twin = token.slice(0, -1) + alphabet[last ^ 1];
    expect(Buffer.from(twin.split('.')[2]!, 'base64url')).toEqual(Buffer.from(token.split('.')[2]!, 'base64url'));
    const res = await rpc('whoami', {}, twin);
    expect(res.status).toBe(401);
  });

  it('refuses a token signed with another algorithm than HS256 (none, HS512)', async () => {
    const claims = Buffer.from(JSON.stringify(userClaims({ id: medicId, appMetadata: { role: 'admin' } }))).toString(
      'base64url',
    );
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${claims}.`;
    expect((await rpc('whoami', {}, unsigned)).status).toBe(401);
    const { createHmac } = await import('node:crypto');
    const header = Buffer.from('{"alg":"HS512","typ":"JWT"}').toString('base64url');
    const hs512 = `${header}.${claims}.${createHmac('sha512', api.jwtSecret).update(`${header}.${claims}`).digest('base64url')}`;
    const res = await rpc('whoami', {}, hs512);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'PGRST301' });
  });

  it('refuses an expired token with 401 PGRST303', async () => {
    const hourAgo = Math.floor(Date.now() / 1000) - 7200;
    const expired = await signJwt(
      userClaims({ id: medicId }, { nowSeconds: hourAgo, expiresInSeconds: 3600 }),
      api.jwtSecret,
    );
    const res = await rpc('whoami', {}, expired);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ code: 'PGRST303', details: null, hint: null, message: 'JWT expired' });
  });

  it('wants an API key like the Supabase gateway', async () => {
    const res = await fetch(`${api.url}/rest/v1/rpc/whoami`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ message: 'No API key found in request' });
  });

  it('rejects a body that is not JSON with 400 PGRST102', async () => {
    const res = await fetch(`${api.url}/rest/v1/rpc/add`, {
      method: 'POST',
      headers: { apikey: api.anonKey, 'Content-Type': 'application/json' },
      body: '{oops',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'PGRST102' });
  });

  it('answers CORS preflights for the browser app', async () => {
    const res = await fetch(`${api.url}/rest/v1/rpc/whoami`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://127.0.0.1:4173',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'apikey, authorization, content-type, x-client-info',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:4173');
    expect(res.headers.get('access-control-allow-headers')).toContain('apikey');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });
});

describe('Supabase Auth through the stand-in', () => {
  it("signs its API keys with a secret of its own, not the Supabase CLI's public demo secret", async () => {
    const demoAnonKey =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0';
    expect(api.jwtSecret).not.toBe(PUBLIC_DEMO_JWT_SECRET);
    expect(api.anonKey).not.toBe(demoAnonKey);
    expect(await verifyJwt(api.anonKey, api.jwtSecret)).toMatchObject({ ok: true, value: { role: 'anon' } });
    expect(await verifyJwt(api.anonKey, PUBLIC_DEMO_JWT_SECRET)).toMatchObject({ ok: false });
    const demoKeyHere = await fetch(`${api.url}/rest/v1/rpc/whoami`, {
      method: 'POST',
      headers: { apikey: demoAnonKey, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(demoKeyHere.status).toBe(401);
  });

  it('gives the same API keys for the same secret, so an app built against a stack works after it restarts', async () => {
    expect(await signJwt(keyClaims('anon'), api.jwtSecret)).toBe(api.anonKey);
    expect(await signJwt(keyClaims('anon'), PUBLIC_DEMO_JWT_SECRET)).toBe(
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0',
    );
  });

  it("signs in with a password and issues a token shaped like Supabase's", async () => {
    const { res, body } = await signIn();
    expect(res.status).toBe(200);
    expect(body).toMatchObject({
      token_type: 'bearer',
      expires_in: 3600,
      user: { id: medicId, email: 'medic@wire.test', app_metadata: { role: 'paramedic' } },
    });
    const payload = JSON.parse(
      Buffer.from(String(body['access_token']).split('.')[1] ?? '', 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(payload).toMatchObject({
      sub: medicId,
      aud: 'authenticated',
      role: 'authenticated',
      email: 'medic@wire.test',
      app_metadata: { provider: 'email', role: 'paramedic' },
    });
    expect(payload['exp']).toBe(Number(payload['iat']) + 3600);
    expect(typeof payload['session_id']).toBe('string');
  });

  it('runs RPC calls as the signed-in user', async () => {
    const { body } = await signIn();
    const res = await rpc('whoami', {}, body['access_token'] as string);
    expect(await res.json()).toEqual({ uid: medicId, db_role: 'authenticated', app_role: 'paramedic' });
  });

  it('refuses a wrong password with invalid_credentials', async () => {
    const { res, body } = await signIn('medic@wire.test', 'wrong password');
    expect(res.status).toBe(400);
    expect(body).toEqual({ code: 'invalid_credentials', message: 'Invalid login credentials' });
  });

  it('exchanges a refresh token for a new pair, and the old one only within the reuse interval', async () => {
    const { body: first } = await signIn();
    const refresh = (token: unknown) =>
      fetch(`${api.url}/auth/v1/token?grant_type=refresh_token`, {
        method: 'POST',
        headers: { apikey: api.anonKey, 'Content-Type': 'application/json', 'X-Supabase-Api-Version': '2024-01-01' },
        body: JSON.stringify({ refresh_token: token }),
      });
    const second = (await (await refresh(first['refresh_token'])).json()) as Record<string, unknown>;
    expect(second['refresh_token']).not.toBe(first['refresh_token']);
    expect((await rpc('whoami', {}, second['access_token'] as string)).status).toBe(200);

    // Another tab refreshing with the same token a moment later gets the same successor.
    const again = (await (await refresh(first['refresh_token'])).json()) as Record<string, unknown>;
    expect(again['refresh_token']).toBe(second['refresh_token']);

    // A minute later, reusing it looks like a stolen token: refused, and the session ends.
    await db.query("update auth.refresh_tokens set updated_at = now() - interval '1 minute' where token = $1", [
      first['refresh_token'],
    ]);
    const reused = await refresh(first['refresh_token']);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toEqual({
      code: 'refresh_token_already_used',
      message: 'Invalid Refresh Token: Already Used',
    });
    expect((await refresh(second['refresh_token'])).status).toBe(400);
  });

  it('returns the user for GET /user and refuses it after logout', async () => {
    const { body } = await signIn();
    const headers = {
      apikey: api.anonKey,
      Authorization: `Bearer ${String(body['access_token'])}`,
      'X-Supabase-Api-Version': '2024-01-01',
    };
    const user = await fetch(`${api.url}/auth/v1/user`, { headers });
    expect(await user.json()).toMatchObject({ id: medicId, app_metadata: { role: 'paramedic' } });
    const logout = await fetch(`${api.url}/auth/v1/logout?scope=local`, { method: 'POST', headers });
    expect(logout.status).toBe(204);
    const after = await fetch(`${api.url}/auth/v1/user`, { headers });
    expect(after.status).toBe(403);
    expect(await after.json()).toMatchObject({ code: 'session_not_found' });
  });
});

describe('supabase-js 2.109 against the stand-in', () => {
  it('signs in, calls a function as the user, refreshes and signs out', async () => {
    const client = nodeSupabaseClient(api.url, api.anonKey);
    const signedIn = await client.auth.signInWithPassword({ email: 'medic@wire.test', password: PASSWORD });
    expect(signedIn.error).toBeNull();
    expect(signedIn.data.user?.app_metadata['role']).toBe('paramedic');

    const who = await client.rpc('whoami');
    expect(who.error).toBeNull();
    expect(who.data).toEqual({ uid: medicId, db_role: 'authenticated', app_role: 'paramedic' });

    const missing = await client.rpc('no_such_function');
    expect(missing.error).toMatchObject({ code: 'PGRST202' });

    const refreshed = await client.auth.refreshSession();
    expect(refreshed.error).toBeNull();
    expect(refreshed.data.session?.refresh_token).not.toBe(signedIn.data.session?.refresh_token);

    const user = await client.auth.getUser();
    expect(user.data.user?.id).toBe(medicId);

    expect((await client.auth.signOut()).error).toBeNull();
    expect((await client.rpc('whoami')).data).toEqual({ uid: null, db_role: 'anon', app_role: null });
  });
});

describe('CORS, as a browser sees it', () => {
  it('lets a browser read only the headers PostgREST exposes from an RPC answer (no Retry-After), and GoTrue’s API version from auth', async () => {
    const origin = { Origin: 'http://127.0.0.1:4173' };
    const rest = await rpc('whoami', {}, undefined, { headers: origin });
    const exposed = (rest.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(/,\s*/);
    expect(exposed).toContain('content-range');
    expect(exposed).not.toContain('retry-after');
    const auth = await fetch(`${api.url}/auth/v1/health`, { headers: { apikey: api.anonKey, ...origin } });
    expect(auth.headers.get('access-control-expose-headers')).toMatch(/X-Supabase-Api-Version/);
  });
});
