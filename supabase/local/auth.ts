// The slice of Supabase Auth (GoTrue) the app uses: the password and refresh-token grants,
// GET /user and logout. Users, sessions and refresh tokens live in the auth schema that
// bootstrap.sql creates, with the columns GoTrue uses, so seeds written for a real project work.
// The password verification attempt hook (config.toml [auth.hook.password_verification_attempt])
// is called as GoTrue calls it: after the password is checked, as supabase_auth_admin.
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type pg from 'pg';
import { z } from 'zod';
import { userClaims, type Claims } from './claims';
import { inTransaction, isConnectionLost } from './db-errors';
import { bearerToken, HttpError, readJsonBody, sendJson } from './http';
import { signJwt, verifyJwt } from './jwt';

export interface AuthContext {
  /** Superuser connections, standing in for GoTrue's supabase_auth_admin. */
  adminPool: pg.Pool;
  jwtSecret: string;
  jwtExpirySeconds: number;
  /** GoTrue accepts a just-rotated refresh token again for this long (two tabs refreshing at once). */
  refreshTokenReuseSeconds: number;
  issuer: string;
  nowMs: () => number;
  /** The hook function, quoted as GoTrue quotes it ("public"."hook_..."), or null when not enabled. */
  passwordVerificationHook: string | null;
  /** Dummy bcrypt hashes by cost, for refusing unknown emails as slowly as wrong passwords. */
  dummyHashes?: Map<number, string>;
  /** The bcrypt cost most users' hashes have, and when it was last looked up. */
  usualCost?: { cost: number; checkedAtMs: number };
}

/** GoTrue's bcrypt cost (Go's bcrypt.DefaultCost), for a database that has no hashes yet. */
const GOTRUE_BCRYPT_COST = 10;
const DEFAULT_HOOK_REJECTION = 'Further password verification attempts will be rejected.';
/** GoTrue's hook timeout (hookspgfunc defaultTimeout). */
const HOOK_TIMEOUT_MS = 2000;

const API_VERSION = '2024-01-01';

interface UserRow {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  phone: string | null;
  raw_app_meta_data: Record<string, unknown> | null;
  raw_user_meta_data: Record<string, unknown> | null;
  email_confirmed_at: Date | null;
  phone_confirmed_at: Date | null;
  confirmed_at: Date | null;
  last_sign_in_at: Date | null;
  created_at: Date | null;
  updated_at: Date | null;
  banned_until: Date | null;
  is_anonymous: boolean;
}

const USER_COLUMNS = `id, aud, role, email, phone, raw_app_meta_data, raw_user_meta_data, email_confirmed_at, phone_confirmed_at,
  confirmed_at, last_sign_in_at, created_at, updated_at, banned_until, is_anonymous`;

const passwordGrantSchema = z.object({ email: z.string().min(1), password: z.string().min(1) });
const refreshGrantSchema = z.object({ refresh_token: z.string().min(1) });

export async function handleAuth(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  route: string,
  ctx: AuthContext,
  headers: Record<string, string>,
): Promise<void> {
  const out = { ...headers, 'X-Supabase-Api-Version': API_VERSION };
  const key = `${req.method} ${route}`;
  if (key === 'POST /token') {
    const grant = url.searchParams.get('grant_type');
    const body = await readJsonBody(req);
    if (!body.ok) throw authError(req, 400, 'bad_json', 'Could not parse request body as JSON');
    if (grant === 'password') return sendJson(res, 200, await passwordGrant(req, body.value, ctx), out);
    if (grant === 'refresh_token') return sendJson(res, 200, await refreshGrant(req, body.value, ctx), out);
    throw authError(
      req,
      400,
      'validation_failed',
      'unsupported_grant_type: use grant_type=password or grant_type=refresh_token',
    );
  }
  if (key === 'GET /user') {
    const claims = await currentSession(req, ctx);
    const user = await loadUser(ctx.adminPool, claims.sub ?? '');
    if (!user) throw authError(req, 403, 'user_not_found', 'User from sub claim in JWT does not exist');
    return sendJson(res, 200, userJson(user), out);
  }
  if (key === 'POST /logout') {
    const claims = await currentSession(req, ctx);
    const scope = url.searchParams.get('scope') ?? 'global';
    const sql =
      scope === 'local'
        ? 'delete from auth.sessions where user_id = $1 and id = $2'
        : scope === 'others'
          ? 'delete from auth.sessions where user_id = $1 and id <> $2'
          : 'delete from auth.sessions where user_id = $1 and $2::uuid is not null';
    await ctx.adminPool.query(sql, [claims.sub, claims.session_id]);
    res.writeHead(204, out);
    res.end();
    return;
  }
  if (key === 'GET /health')
    return sendJson(res, 200, { name: 'GoTrue (Rigside local stand-in)', version: API_VERSION }, out);
  throw authError(
    req,
    404,
    'not_found',
    `The local stand-in does not serve ${req.method} /auth/v1${route}; it serves the password and refresh_token grants, /user and /logout`,
  );
}

// As GoTrue's password grant (internal/api/token.go): find the user, check the password, then
// let the hook decide; the hook's reject is answered 400 invalid_credentials with its message.
// Unlike GoTrue, an unknown email is checked against a dummy hash of the usual bcrypt cost, so
// that it is refused no faster than a wrong password (GoTrue answers it at once).
async function passwordGrant(req: IncomingMessage, body: unknown, ctx: AuthContext) {
  const parsed = passwordGrantSchema.safeParse(body);
  if (!parsed.success) throw authError(req, 400, 'validation_failed', 'Sign in with an email and a password');
  const { rows } = await ctx.adminPool.query<UserRow & { encrypted_password: string | null }>(
    `select ${USER_COLUMNS}, encrypted_password
       from auth.users
      where lower(email) = lower($1) and deleted_at is null and is_sso_user = false`,
    [parsed.data.email],
  );
  const user = rows[0];
  // crypt() refuses a hash that is not bcrypt, so only bcrypt hashes are compared.
  const storedHash = user?.encrypted_password?.startsWith('$2') ? user.encrypted_password : null;
  const hash = storedHash ?? (await dummyHash(ctx));
  const check = await ctx.adminPool.query<{ matches: boolean }>('select extensions.crypt($1, $2) = $2 as matches', [
    parsed.data.password,
    hash,
  ]);
  const valid = storedHash !== null && check.rows[0]?.matches === true;
  if (!user) throw authError(req, 400, 'invalid_credentials', 'Invalid login credentials');
  refuseBanned(req, user, ctx);

  if (ctx.passwordVerificationHook) {
    const output = await callPasswordVerificationHook(req, ctx, ctx.passwordVerificationHook, user.id, valid);
    if (output.decision === 'reject') {
      if (output.should_logout_user)
        await ctx.adminPool.query('delete from auth.sessions where user_id = $1', [user.id]);
      throw authError(req, 400, 'invalid_credentials', output.message || DEFAULT_HOOK_REJECTION);
    }
  }
  if (!valid) throw authError(req, 400, 'invalid_credentials', 'Invalid login credentials');

  const sessionId = randomUUID();
  const refreshToken = newRefreshToken();
  await inTransaction(ctx.adminPool, async (client) => {
    await client.query('insert into auth.sessions (id, user_id) values ($1, $2)', [sessionId, user.id]);
    await client.query('insert into auth.refresh_tokens (token, user_id, session_id) values ($1, $2, $3)', [
      refreshToken,
      user.id,
      sessionId,
    ]);
    await client.query('update auth.users set last_sign_in_at = now() where id = $1', [user.id]);
  });
  return sessionJson({ ...user, last_sign_in_at: new Date(ctx.nowMs()) }, sessionId, refreshToken, ctx);
}

const hookOutputSchema = z.object({
  decision: z.string().optional(),
  message: z.string().optional(),
  should_logout_user: z.boolean().optional(),
  error: z.object({ http_code: z.number().int().optional(), message: z.string().optional() }).optional(),
});
type HookOutput = z.infer<typeof hookOutputSchema>;

/**
 * GoTrue's pg-functions hook call (internal/hooks/hookspgfunc): one transaction on its own
 * connection role, supabase_auth_admin, with a 2 s statement timeout, the input
 * {metadata: {uuid, time, name, ip_address}, user_id, valid}. An answer {error: {http_code,
 * message}} becomes that HTTP error, as hookserrors.Check makes it.
 */
async function callPasswordVerificationHook(
  req: IncomingMessage,
  ctx: AuthContext,
  hookName: string,
  userId: string,
  valid: boolean,
): Promise<HookOutput> {
  const input = {
    metadata: {
      uuid: randomUUID(),
      time: new Date(ctx.nowMs()).toISOString(),
      name: 'password-verification',
      ip_address: req.socket.remoteAddress ?? '',
    },
    user_id: userId,
    valid,
  };
  let raw: unknown;
  try {
    raw = await inTransaction(ctx.adminPool, async (client) => {
      await client.query('set local role supabase_auth_admin');
      await client.query(`set local statement_timeout to '${HOOK_TIMEOUT_MS}'`);
      const { rows } = await client.query<{ output: unknown }>(`select ${hookName}($1) as output`, [
        JSON.stringify(input),
      ]);
      await client.query('set local statement_timeout to default');
      return rows[0]?.output;
    });
  } catch (error) {
    if (isConnectionLost(error)) throw error;
    throw authError(req, 500, 'unexpected_failure', `Error running hook URI: ${(error as Error).message}`);
  }
  const output = hookOutputSchema.safeParse(raw);
  if (!output.success) throw authError(req, 500, 'unexpected_failure', 'Error unmarshaling JSON output.');
  const hookError = output.data.error;
  if (hookError?.message) {
    const status = hookError.http_code || 500;
    throw authError(req, status, status === 500 ? 'unexpected_failure' : 'unknown', hookError.message);
  }
  return output.data;
}

/** A bcrypt hash of nothing anyone knows, with the cost most stored hashes have. */
async function dummyHash(ctx: AuthContext): Promise<string> {
  const now = ctx.nowMs();
  if (!ctx.usualCost || Math.abs(now - ctx.usualCost.checkedAtMs) > 60_000) {
    const { rows } = await ctx.adminPool.query<{ cost: number | null }>(
      `select mode() within group (order by substring(encrypted_password from '^\\$2[abxy]?\\$(\\d\\d)\\$')::int) as cost
         from auth.users where encrypted_password ~ '^\\$2[abxy]?\\$\\d\\d\\$'`,
    );
    ctx.usualCost = { cost: rows[0]?.cost ?? GOTRUE_BCRYPT_COST, checkedAtMs: now };
  }
  const cost = ctx.usualCost.cost;
  ctx.dummyHashes ??= new Map();
  let hash = ctx.dummyHashes.get(cost);
  if (!hash) {
    const { rows } = await ctx.adminPool.query<{ hash: string }>(
      "select extensions.crypt(gen_random_uuid()::text, extensions.gen_salt('bf', $1)) as hash",
      [cost],
    );
    hash = rows[0]?.hash ?? '';
    ctx.dummyHashes.set(cost, hash);
  }
  return hash;
}

async function refreshGrant(req: IncomingMessage, body: unknown, ctx: AuthContext) {
  const parsed = refreshGrantSchema.safeParse(body);
  if (!parsed.success) throw authError(req, 400, 'validation_failed', 'refresh_token is required');
  const outcome = await inTransaction(ctx.adminPool, async (client) => {
    const { rows } = await client.query<{
      token: string;
      revoked: boolean;
      age_seconds: number;
      session_id: string | null;
      user_id: string;
    }>(
      `select token, revoked, extract(epoch from now() - updated_at)::float8 as age_seconds, session_id, user_id
         from auth.refresh_tokens where token = $1 for update`,
      [parsed.data.refresh_token],
    );
    const current = rows[0];
    const session = current?.session_id
      ? await client.query('select 1 from auth.sessions where id = $1', [current.session_id])
      : null;
    if (!current || !current.session_id || !session?.rowCount) return { kind: 'not_found' } as const;
    if (current.revoked) {
      // Two tabs (or the page and the service worker) refreshing together: the loser gets the
      // winner's token within the reuse interval. Later, a reused token means it leaked, so
      // the whole session ends, as GoTrue does.
      const child = await client.query<{ token: string }>(
        'select token from auth.refresh_tokens where parent = $1 and not revoked order by id desc limit 1',
        [current.token],
      );
      const childToken = child.rows[0]?.token;
      if (current.age_seconds > ctx.refreshTokenReuseSeconds || !childToken) {
        await client.query('delete from auth.sessions where id = $1', [current.session_id]);
        return { kind: 'reused' } as const;
      }
      return { kind: 'issued', userId: current.user_id, sessionId: current.session_id, next: childToken } as const;
    }
    const next = newRefreshToken();
    await client.query('update auth.refresh_tokens set revoked = true, updated_at = now() where token = $1', [
      current.token,
    ]);
    await client.query('insert into auth.refresh_tokens (token, user_id, session_id, parent) values ($1, $2, $3, $4)', [
      next,
      current.user_id,
      current.session_id,
      current.token,
    ]);
    await client.query('update auth.sessions set updated_at = now() where id = $1', [current.session_id]);
    return { kind: 'issued', userId: current.user_id, sessionId: current.session_id, next } as const;
  });
  if (outcome.kind === 'not_found')
    throw authError(req, 400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
  if (outcome.kind === 'reused')
    throw authError(req, 400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used');
  // Claims are rebuilt from the user row, so a changed role reaches the next access token.
  const user = await loadUser(ctx.adminPool, outcome.userId);
  if (!user) throw authError(req, 400, 'user_not_found', 'The user of this session no longer exists');
  refuseBanned(req, user, ctx);
  return sessionJson(user, outcome.sessionId, outcome.next, ctx);
}

/** The verified claims of the bearer token, whose session must still exist. */
async function currentSession(req: IncomingMessage, ctx: AuthContext): Promise<Claims> {
  const token = bearerToken(req);
  if (!token) throw authError(req, 401, 'no_authorization', 'This endpoint requires a Bearer token');
  const verified = await verifyJwt(token, ctx.jwtSecret, Math.floor(ctx.nowMs() / 1000));
  if (!verified.ok)
    throw authError(req, 403, 'bad_jwt', `invalid JWT: unable to parse or verify signature, ${verified.error.message}`);
  const claims = verified.value;
  if (claims.role !== 'authenticated' || !claims.sub || !claims.session_id) {
    throw authError(req, 403, 'bad_jwt', 'invalid claim: this endpoint needs a signed-in user token, not an API key');
  }
  const session = await ctx.adminPool.query('select 1 from auth.sessions where id = $1 and user_id = $2', [
    claims.session_id,
    claims.sub,
  ]);
  if (!session.rowCount)
    throw authError(req, 403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
  return claims;
}

async function loadUser(pool: pg.Pool, id: string): Promise<UserRow | null> {
  if (!z.uuid().safeParse(id).success) return null;
  const { rows } = await pool.query<UserRow>(
    `select ${USER_COLUMNS} from auth.users where id = $1 and deleted_at is null`,
    [id],
  );
  return rows[0] ?? null;
}

function refuseBanned(req: IncomingMessage, user: UserRow, ctx: AuthContext): void {
  if (user.banned_until && user.banned_until.getTime() > ctx.nowMs())
    throw authError(req, 400, 'user_banned', 'User is banned');
}

async function sessionJson(user: UserRow, sessionId: string, refreshToken: string, ctx: AuthContext) {
  const nowSeconds = Math.floor(ctx.nowMs() / 1000);
  const claims = userClaims(
    {
      id: user.id,
      email: user.email,
      appMetadata: user.raw_app_meta_data ?? {},
      userMetadata: user.raw_user_meta_data ?? {},
    },
    { nowSeconds, expiresInSeconds: ctx.jwtExpirySeconds, sessionId, issuer: ctx.issuer },
  );
  return {
    access_token: await signJwt(claims, ctx.jwtSecret),
    token_type: 'bearer',
    expires_in: ctx.jwtExpirySeconds,
    expires_at: nowSeconds + ctx.jwtExpirySeconds,
    refresh_token: refreshToken,
    user: userJson(user),
  };
}

function userJson(user: UserRow) {
  return {
    id: user.id,
    aud: user.aud ?? 'authenticated',
    role: user.role ?? 'authenticated',
    email: user.email ?? '',
    email_confirmed_at: user.email_confirmed_at?.toISOString(),
    phone: user.phone ?? '',
    confirmed_at: user.confirmed_at?.toISOString(),
    last_sign_in_at: user.last_sign_in_at?.toISOString(),
    app_metadata: { provider: 'email', providers: ['email'], ...(user.raw_app_meta_data ?? {}) },
    user_metadata: user.raw_user_meta_data ?? {},
    identities: [],
    created_at: user.created_at?.toISOString(),
    updated_at: user.updated_at?.toISOString(),
    is_anonymous: user.is_anonymous,
  };
}

function newRefreshToken(): string {
  return randomBytes(24).toString('base64url');
}

// GoTrue answers clients that send X-Supabase-Api-Version 2024-01-01 (supabase-js does) with
// {code, message}; older clients get {code: <status>, error_code, msg}.
export function authError(req: IncomingMessage, status: number, code: string, message: string): HttpError {
  const version = req.headers['x-supabase-api-version'];
  const modern = typeof version === 'string' && version >= API_VERSION;
  const body = modern ? { code, message } : { code: status, error_code: code, msg: message };
  return new HttpError(status, body, { 'X-Supabase-Api-Version': API_VERSION });
}
