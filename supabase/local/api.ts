// The API stand-in: one node:http server on 127.0.0.1 that answers like a Supabase project's
// gateway for the paths the app uses: /rest/v1/rpc/<fn> (PostgREST) and /auth/v1/* (GoTrue).
// supabase-js pointed at it works unchanged; production uses the real services and the very
// same SQL (DESIGN.md, "Supabase, locally and in production").
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { keyClaims, type Claims } from './claims';
import { handleAuth, type AuthContext } from './auth';
import { hookFunctionName, passwordVerificationHookUri } from './config';
import { connectionErrorBody, isConnectionLost, survivePoolErrors } from './db-errors';
import { bearerToken, corsHeaders, HttpError, sendJson } from './http';
import { newJwtSecret, signJwt, verifyJwt } from './jwt';
import { handleRpc, pgrstError, sendPgError, type RpcContext } from './postgrest';

export interface ApiOptions {
  /** Superuser URL of the database to serve (the stand-in's GoTrue and schema cache use it). */
  databaseUrl: string;
  /** 0 or absent picks a free port. */
  port?: number;
  /** The secret tokens are signed with; a random one for this API when absent (a stack keeps its own, stack.ts). */
  jwtSecret?: string;
  jwtExpirySeconds?: number;
  refreshTokenReuseSeconds?: number;
  /** Password the stand-in gives the `authenticator` role, which it logs in as for RPC calls. */
  authenticatorPassword?: string;
  /** The clock for issuing and checking tokens; tests move it. */
  nowMs?: () => number;
  /** Lost database connections and internal errors, for `npm start`; silent when absent. */
  log?: (line: string) => void;
  /** Also one log line per request. */
  logRequests?: boolean;
  /**
   * Supabase Auth's password verification attempt hook (pg-functions://postgres/<schema>/<function>);
   * by default what supabase/config.toml enables; null calls none.
   */
  passwordVerificationHook?: string | null;
}

export interface RunningApi {
  /** What VITE_SUPABASE_URL should be, e.g. http://127.0.0.1:54321 */
  url: string;
  anonKey: string;
  serviceRoleKey: string;
  jwtSecret: string;
  stop(): Promise<void>;
}

export const DEFAULT_AUTHENTICATOR_PASSWORD = 'authenticator-local-only';

export async function startApi(options: ApiOptions): Promise<RunningApi> {
  const jwtSecret = options.jwtSecret ?? newJwtSecret();
  if (jwtSecret.length < 32) throw new Error('The JWT secret must be at least 32 characters, as Supabase requires');
  const nowMs = options.nowMs ?? (() => Date.now());
  const anonKey = await signJwt(keyClaims('anon'), jwtSecret);
  const serviceRoleKey = await signJwt(keyClaims('service_role'), jwtSecret);
  const hookUri =
    options.passwordVerificationHook === undefined ? passwordVerificationHookUri() : options.passwordVerificationHook;

  // A connection that dies while idle in a pool must not end the process (db-errors.ts).
  const log = options.log ?? (() => undefined);
  const adminPool = survivePoolErrors(new pg.Pool({ connectionString: options.databaseUrl, max: 4 }), log);
  const authenticatorPassword = options.authenticatorPassword ?? DEFAULT_AUTHENTICATOR_PASSWORD;
  const alter = await adminPool.query<{ sql: string }>(
    "select format('alter role authenticator with login password %L', $1::text) as sql",
    [authenticatorPassword],
  );
  await adminPool.query(alter.rows[0]?.sql ?? '');
  const authenticatorUrl = new URL(options.databaseUrl);
  authenticatorUrl.username = 'authenticator';
  authenticatorUrl.password = encodeURIComponent(authenticatorPassword);
  const pool = survivePoolErrors(new pg.Pool({ connectionString: authenticatorUrl.toString(), max: 16 }), log);

  const rpc: RpcContext = { pool, adminPool };
  const auth: AuthContext = {
    adminPool,
    jwtSecret,
    jwtExpirySeconds: options.jwtExpirySeconds ?? 3600,
    refreshTokenReuseSeconds: options.refreshTokenReuseSeconds ?? 10,
    issuer: '',
    nowMs,
    passwordVerificationHook: hookUri ? hookFunctionName(hookUri) : null,
  };

  const server = createServer((req, res) => {
    const started = performance.now();
    handle(req, res)
      .catch((error: unknown) => {
        // Nothing a request does may end the process; at worst its connection is cut.
        log(`internal error: ${(error as Error).stack ?? String(error)}`);
        res.destroy();
      })
      .finally(() => {
        if (options.logRequests)
          log(`${req.method} ${req.url} ${res.statusCode} ${(performance.now() - started).toFixed(1)} ms`);
      });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const cors = corsHeaders(req, (req.url ?? '').startsWith('/auth/') ? 'auth' : 'rest');
    let role = 'anon';
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'OPTIONS') {
        res.writeHead(204, cors);
        res.end();
        return;
      }
      const rest = /^\/rest\/v1(\/.*)?$/.exec(url.pathname);
      const authPath = /^\/auth\/v1(\/.*)$/.exec(url.pathname);
      if (!rest && !authPath) throw new HttpError(404, { message: 'no Route matched with those values' });
      const apiKey = await checkApiKey(req, url);

      if (authPath) return await handleAuth(req, res, url, authPath[1] ?? '/', auth, cors);

      const claims = await verifyRequestToken(bearerToken(req) ?? apiKey);
      role = claims.role;
      const fn = /^\/rpc\/([^/]+)$/.exec(rest?.[1] ?? '');
      if (!fn?.[1]) {
        throw new HttpError(
          404,
          pgrstError(
            'PGRST205',
            `Could not find the table ${url.pathname.replace(/^\/rest\/v1\/?/, '') || '(none)'} in the schema cache`,
            null,
            "Rigside's server API is RPC only: POST /rest/v1/rpc/<function>",
          ),
        );
      }
      await handleRpc(req, res, url, decodeURIComponent(fn[1]), claims, rpc, cors);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
      } else if (error instanceof HttpError) {
        sendJson(res, error.status, error.body, { ...cors, ...error.headers });
      } else if (isConnectionLost(error)) {
        // Checked before DatabaseError: a terminated backend reports 57P01 as one.
        log(`database connection lost: ${(error as Error).message}`);
        sendJson(res, 503, connectionErrorBody(error), cors);
      } else if (error instanceof pg.DatabaseError) {
        sendPgError(res, error, role, cors);
      } else {
        log(`internal error: ${(error as Error).stack ?? String(error)}`);
        sendJson(
          res,
          500,
          pgrstError('PGRST500', 'Internal error in the local API stand-in', String((error as Error).message)),
          cors,
        );
      }
    }
  }

  // Supabase's gateway wants a project API key on every request, in the apikey header or query.
  async function checkApiKey(req: IncomingMessage, url: URL): Promise<string> {
    const header = req.headers['apikey'];
    const key = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('apikey');
    if (!key)
      throw new HttpError(401, {
        message: 'No API key found in request',
        hint: 'No `apikey` request header or url param was found.',
      });
    const verified = await verifyJwt(key, jwtSecret, Math.floor(nowMs() / 1000));
    if (!verified.ok || (verified.value.role !== 'anon' && verified.value.role !== 'service_role')) {
      throw new HttpError(401, {
        message: 'Invalid API key',
        hint: 'Double check your Supabase `anon` or `service_role` API key.',
      });
    }
    return key;
  }

  async function verifyRequestToken(token: string): Promise<Claims> {
    const verified = await verifyJwt(token, jwtSecret, Math.floor(nowMs() / 1000));
    if (verified.ok) return verified.value;
    const expired = verified.error.code === 'JWT_EXPIRED';
    const body = pgrstError(expired ? 'PGRST303' : 'PGRST301', verified.error.message);
    throw new HttpError(401, body, {
      'WWW-Authenticate': `Bearer error="invalid_token", error_description="${verified.error.message}"`,
    });
  }

  const port = await new Promise<number>((resolvePort, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolvePort((server.address() as AddressInfo).port));
  });
  const url = `http://127.0.0.1:${port}`;
  auth.issuer = `${url}/auth/v1`;

  return {
    url,
    anonKey,
    serviceRoleKey,
    jwtSecret,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await Promise.all([pool.end(), adminPool.end()]);
    },
  };
}
