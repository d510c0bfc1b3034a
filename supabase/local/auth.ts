// The slice of Supabase Auth (GoTrue) the app uses: the password and refresh-token grants,
// GET /user and logout. Users, sessions and refresh tokens live in the auth schema that
// bootstrap.sql creates, with the columns GoTrue uses, so seeds written for a real project work.
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type pg from 'pg';
import { z } from 'zod';
import { userClaims, type Claims } from './claims';
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
}

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

export async function handleAuth(req: IncomingMessage, res: ServerResponse, url: URL, route: string, ctx: AuthContext, headers: Record<string, string>): Promise<void> {
  const out = { ...headers, 'X-Supabase-Api-Version': API_VERSION };
  const key = `${req.method} ${route}`;
  if (key === 'POST /token') {
    const grant = url.searchParams.get('grant_type');
    const body = await readJsonBody(req);
    if (!body.ok) throw authError(req, 400, 'bad_json', 'Could not parse request body as JSON');
    if (grant === 'password') return sendJson(res, 200, await passwordGrant(req, body.value, ctx), out);
    if (grant === 'refresh_token') return sendJson(res, 200, await refreshGrant(req, body.value, ctx), out);
    throw authError(req, 400, 'validation_failed', 'unsupported_grant_type: use grant_type=password or grant_type=refresh_token');
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
  if (key === 'GET /health') return sendJson(res, 200, { name: 'GoTrue (Rigside local stand-in)', version: API_VERSION }, out);
  throw authError(req, 404, 'not_found', `The local stand-in does not serve ${req.method} /auth/v1${route}; it serves the password and refresh_token grants, /user and /logout`);
}

async function passwordGrant(req: IncomingMessage, body: unknown, ctx: AuthContext) {
  const parsed = passwordGrantSchema.safeParse(body);
  if (!parsed.success) throw authError(req, 400, 'validation_failed', 'Sign in with an email and a password');
  const { rows } = await ctx.adminPool.query<UserRow & { password_ok: boolean }>(
    `select ${USER_COLUMNS},
            -- crypt() refuses a hash that is not bcrypt, so only bcrypt hashes are compared.
            coalesce(encrypted_password like '$2%' and encrypted_password = extensions.crypt($2, encrypted_password), false) as password_ok
       from auth.users
      where lower(email) = lower($1) and deleted_at is null and is_sso_user = false`,
    [parsed.data.email, parsed.data.password],
  );
  const user = rows[0];
  if (!user || !user.password_ok) throw authError(req, 400, 'invalid_credentials', 'Invalid login credentials');
  refuseBanned(req, user, ctx);

  const sessionId = randomUUID();
  const refreshToken = newRefreshToken();
  const client = await ctx.adminPool.connect();
  try {
    await client.query('begin');
    await client.query('insert into auth.sessions (id, user_id) values ($1, $2)', [sessionId, user.id]);
    await client.query('insert into auth.refresh_tokens (token, user_id, session_id) values ($1, $2, $3)', [refreshToken, user.id, sessionId]);
    await client.query('update auth.users set last_sign_in_at = now() where id = $1', [user.id]);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
  return sessionJson({ ...user, last_sign_in_at: new Date(ctx.nowMs()) }, sessionId, refreshToken, ctx);
}

async function refreshGrant(req: IncomingMessage, body: unknown, ctx: AuthContext) {
  const parsed = refreshGrantSchema.safeParse(body);
  if (!parsed.success) throw authError(req, 400, 'validation_failed', 'refresh_token is required');
  const client = await ctx.adminPool.connect();
  try {
    await client.query('begin');
    const { rows } = await client.query<{ token: string; revoked: boolean; age_seconds: number; session_id: string | null; user_id: string }>(
      `select token, revoked, extract(epoch from now() - updated_at)::float8 as age_seconds, session_id, user_id
         from auth.refresh_tokens where token = $1 for update`,
      [parsed.data.refresh_token],
    );
    const current = rows[0];
    const session = current?.session_id ? await client.query('select 1 from auth.sessions where id = $1', [current.session_id]) : null;
    if (!current || !current.session_id || !session?.rowCount) {
      await client.query('rollback');
      throw authError(req, 400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
    }
    let next: string;
    if (current.revoked) {
      // Two tabs (or the page and the service worker) refreshing together: the loser gets the
      // winner's token within the reuse interval. Later, a reused token means it leaked, so
      // the whole session ends, as GoTrue does.
      const child = await client.query<{ token: string }>('select token from auth.refresh_tokens where parent = $1 and not revoked order by id desc limit 1', [current.token]);
      const childToken = child.rows[0]?.token;
      if (current.age_seconds > ctx.refreshTokenReuseSeconds || !childToken) {
        await client.query('delete from auth.sessions where id = $1', [current.session_id]);
        await client.query('commit');
        throw authError(req, 400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used');
      }
      next = childToken;
    } else {
      next = newRefreshToken();
      await client.query('update auth.refresh_tokens set revoked = true, updated_at = now() where token = $1', [current.token]);
      await client.query('insert into auth.refresh_tokens (token, user_id, session_id, parent) values ($1, $2, $3, $4)', [next, current.user_id, current.session_id, current.token]);
      await client.query('update auth.sessions set updated_at = now() where id = $1', [current.session_id]);
    }
    await client.query('commit');
    // Claims are rebuilt from the user row, so a changed role reaches the next access token.
    const user = await loadUser(ctx.adminPool, current.user_id);
    if (!user) throw authError(req, 400, 'user_not_found', 'The user of this session no longer exists');
    refuseBanned(req, user, ctx);
    return sessionJson(user, current.session_id, next, ctx);
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** The verified claims of the bearer token, whose session must still exist. */
async function currentSession(req: IncomingMessage, ctx: AuthContext): Promise<Claims> {
  const token = bearerToken(req);
  if (!token) throw authError(req, 401, 'no_authorization', 'This endpoint requires a Bearer token');
  const verified = verifyJwt(token, ctx.jwtSecret, Math.floor(ctx.nowMs() / 1000));
  if (!verified.ok) throw authError(req, 403, 'bad_jwt', `invalid JWT: unable to parse or verify signature, ${verified.error.message}`);
  const claims = verified.value;
  if (claims.role !== 'authenticated' || !claims.sub || !claims.session_id) {
    throw authError(req, 403, 'bad_jwt', 'invalid claim: this endpoint needs a signed-in user token, not an API key');
  }
  const session = await ctx.adminPool.query('select 1 from auth.sessions where id = $1 and user_id = $2', [claims.session_id, claims.sub]);
  if (!session.rowCount) throw authError(req, 403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
  return claims;
}

async function loadUser(pool: pg.Pool, id: string): Promise<UserRow | null> {
  if (!z.uuid().safeParse(id).success) return null;
  const { rows } = await pool.query<UserRow>(`select ${USER_COLUMNS} from auth.users where id = $1 and deleted_at is null`, [id]);
  return rows[0] ?? null;
}

function refuseBanned(req: IncomingMessage, user: UserRow, ctx: AuthContext): void {
  if (user.banned_until && user.banned_until.getTime() > ctx.nowMs()) throw authError(req, 400, 'user_banned', 'User is banned');
}

function sessionJson(user: UserRow, sessionId: string, refreshToken: string, ctx: AuthContext) {
  const nowSeconds = Math.floor(ctx.nowMs() / 1000);
  const claims = userClaims(
    { id: user.id, email: user.email, appMetadata: user.raw_app_meta_data ?? {}, userMetadata: user.raw_user_meta_data ?? {} },
    { nowSeconds, expiresInSeconds: ctx.jwtExpirySeconds, sessionId, issuer: ctx.issuer },
  );
  return {
    access_token: signJwt(claims, ctx.jwtSecret),
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
