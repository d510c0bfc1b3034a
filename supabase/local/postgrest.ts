// The slice of PostgREST the app uses: calling a function of schema public by name with named
// JSON arguments (POST /rest/v1/rpc/<fn>, or GET with query-string arguments for read-only
// calls), as the role of the caller's JWT, and PostgREST's error bodies and status codes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type pg from 'pg';
import type { Claims } from './claims';
import { HttpError, readJsonBody, sendJson, sendJsonText } from './http';
import { quoteIdent, withPooledRequestContext } from './request-context';

export const EXPOSED_SCHEMAS = ['public'];

export interface RpcContext {
  /** Connections as `authenticator`, which switches to the caller's role like PostgREST. */
  pool: pg.Pool;
  /** Superuser connections for reading the catalog (PostgREST's "schema cache"). */
  adminPool: pg.Pool;
}

interface FunctionSignature {
  inNames: string[];
  inTypes: string[];
  requiredCount: number;
  returnsSet: boolean;
  returnsVoid: boolean;
}

export async function handleRpc(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  fn: string,
  claims: Claims,
  ctx: RpcContext,
  headers: Record<string, string>,
): Promise<void> {
  const method = req.method ?? 'GET';
  if (method !== 'POST' && method !== 'GET') {
    throw new HttpError(405, pgrstError('PGRST117', `Unsupported HTTP method: ${method}`), { Allow: 'GET, POST' });
  }
  const schema = requestedSchema(req, method);

  let args: Record<string, unknown>;
  if (method === 'GET') {
    args = Object.fromEntries(url.searchParams.entries());
  } else {
    const body = await readJsonBody(req);
    if (!body.ok) throw new HttpError(400, pgrstError('PGRST102', 'Empty or invalid json', body.reason));
    if (body.value === undefined) args = {};
    else if (typeof body.value === 'object' && body.value !== null && !Array.isArray(body.value))
      args = body.value as Record<string, unknown>;
    else throw new HttpError(400, pgrstError('PGRST102', 'RPC arguments must be a JSON object of named arguments'));
  }

  const signature = await findFunction(ctx.adminPool, schema, fn, Object.keys(args));
  const { sql, params } = callSql(schema, fn, signature, args);

  const outcome = await withPooledRequestContext(
    ctx.pool,
    claims,
    async (client) => {
      const result = await client.query<{ body: string | null }>(sql, params);
      // Functions may set the response status and headers, as PostgREST lets them.
      const response = await client.query<{ status: string | null; headers: string | null }>(
        "select current_setting('response.status', true) as status, current_setting('response.headers', true) as headers",
      );
      return { body: result.rows[0]?.body ?? null, ...response.rows[0] };
    },
    { readOnly: method === 'GET', method, path: url.pathname, headers: lowerCaseHeaders(req) },
  );

  const extraHeaders = { ...headers, ...functionHeaders(outcome.headers) };
  const status = outcome.status ? Number(outcome.status) : signature.returnsVoid ? 204 : 200;
  if (signature.returnsVoid || status === 204) {
    res.writeHead(status, extraHeaders);
    res.end();
    return;
  }
  let body = outcome.body ?? 'null';
  if ((req.headers.accept ?? '').includes('application/vnd.pgrst.object+json') && signature.returnsSet) {
    const rows = JSON.parse(body) as unknown[];
    if (rows.length !== 1) {
      throw new HttpError(406, {
        code: 'PGRST116',
        details: `The result contains ${rows.length} rows`,
        hint: null,
        message: 'JSON object requested, multiple (or no) rows returned',
      });
    }
    body = JSON.stringify(rows[0]);
  }
  sendJsonText(res, status, body, { ...extraHeaders, 'Content-Range': signature.returnsSet ? '0-*/*' : '0-0/*' });
}

function requestedSchema(req: IncomingMessage, method: string): string {
  const header = method === 'GET' ? req.headers['accept-profile'] : req.headers['content-profile'];
  const schema = typeof header === 'string' && header ? header : 'public';
  if (!EXPOSED_SCHEMAS.includes(schema)) {
    throw new HttpError(
      406,
      pgrstError('PGRST106', `The schema must be one of the following: ${EXPOSED_SCHEMAS.join(', ')}`),
    );
  }
  return schema;
}

async function findFunction(
  adminPool: pg.Pool,
  schema: string,
  fn: string,
  argNames: string[],
): Promise<FunctionSignature> {
  const { rows } = await adminPool.query<{
    argnames: string[];
    argmodes: string[];
    argtypes: string[];
    nargdefaults: number;
    retset: boolean;
    retvoid: boolean;
  }>(
    `select coalesce(p.proargnames, '{}') as argnames,
            coalesce(p.proargmodes::text[], '{}') as argmodes,
            array(select format_type(t, null) from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) as t) as argtypes,
            p.pronargdefaults as nargdefaults,
            p.proretset as retset,
            p.prorettype = 'void'::regtype as retvoid
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = $1 and p.proname = $2 and p.prokind = 'f'`,
    [schema, fn],
  );
  const given = new Set(argNames);
  for (const row of rows) {
    const inNames: string[] = [];
    const inTypes: string[] = [];
    row.argtypes.forEach((type, i) => {
      const mode = row.argmodes[i] ?? 'i';
      if (mode === 'i' || mode === 'b' || mode === 'v') {
        inNames.push(row.argnames[i] ?? '');
        inTypes.push(type);
      }
    });
    const requiredCount = inNames.length - row.nargdefaults;
    const allKnown = argNames.every((name) => inNames.includes(name));
    const allRequired = inNames.slice(0, requiredCount).every((name) => given.has(name));
    if (allKnown && allRequired)
      return { inNames, inTypes, requiredCount, returnsSet: row.retset, returnsVoid: row.retvoid };
  }
  const list = [...argNames].sort();
  const withParams = list.length
    ? `with parameter${list.length > 1 ? 's' : ''} ${list.join(', ')}`
    : 'without parameters';
  throw new HttpError(404, {
    code: 'PGRST202',
    details: `Searched for the function ${schema}.${fn} ${withParams} or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.`,
    hint: rows.length ? `The function ${schema}.${fn} exists; check the argument names.` : null,
    message: `Could not find the function ${schema}.${fn}${list.length ? `(${list.join(', ')})` : ' without parameters'} in the schema cache`,
  });
}

// PostgREST turns the JSON arguments into typed values with json_to_record, so a JSON number
// becomes a bigint, a JSON object a jsonb, a JSON array a Postgres array.
function callSql(
  schema: string,
  fn: string,
  signature: FunctionSignature,
  args: Record<string, unknown>,
): { sql: string; params: unknown[] } {
  const used = signature.inNames
    .map((name, i) => ({ name, type: signature.inTypes[i] ?? 'text' }))
    .filter((a) => a.name in args);
  const target = `${quoteIdent(schema)}.${quoteIdent(fn)}`;
  const select = signature.returnsSet ? "coalesce(json_agg(_r), '[]'::json)::text" : 'to_json(_r)::text';
  if (used.length === 0) return { sql: `select ${select} as body from ${target}() as _r`, params: [] };
  const columns = used.map((a) => `${quoteIdent(a.name)} ${a.type}`).join(', ');
  const named = used.map((a) => `${quoteIdent(a.name)} := _args.${quoteIdent(a.name)}`).join(', ');
  return {
    sql: `select ${select} as body from json_to_record($1::json) as _args(${columns}), lateral ${target}(${named}) as _r`,
    params: [JSON.stringify(args)],
  };
}

function functionHeaders(raw: string | null | undefined): Record<string, string> {
  if (!raw) return {};
  try {
    const list = JSON.parse(raw) as Array<Record<string, string>>;
    return Object.fromEntries(list.flatMap((headers) => Object.entries(headers)));
  } catch {
    return {};
  }
}

function lowerCaseHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    // The token is in request.jwt.claims already; keep secrets out of a GUC anyone can read.
    if (name === 'authorization' || name === 'apikey' || value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export function pgrstError(code: string, message: string, details: string | null = null, hint: string | null = null) {
  return { code, details, hint, message };
}

/** PostgREST's mapping from SQLSTATE to HTTP status (docs: "Errors", PostgreSQL errors). */
export function statusForSqlState(code: string, role: string): number {
  if (code === '42501') return role === 'anon' ? 401 : 403;
  // RAISE ... USING ERRCODE = 'PT429' picks the HTTP status itself.
  const custom = /^PT(\d{3})$/.exec(code);
  if (custom) return Number(custom[1]);
  const exact: Record<string, number> = {
    '23503': 409,
    '23505': 409,
    '25006': 405,
    P0001: 400,
    '42883': 404,
    '42P01': 404,
    '42P17': 500,
    '57014': 500,
  };
  if (exact[code]) return exact[code];
  const byClass: Record<string, number> = {
    '08': 503,
    '09': 500,
    '0L': 403,
    '0P': 403,
    '25': 500,
    '28': 403,
    '2D': 500,
    '38': 500,
    '39': 500,
    '3B': 500,
    '40': 500,
    '53': 503,
    '54': 500,
    '55': 500,
    '57': 500,
    '58': 500,
    F0: 500,
    HV: 500,
    P0: 500,
    XX: 500,
  };
  return byClass[code.slice(0, 2)] ?? 400;
}

export function sendPgError(
  res: ServerResponse,
  error: pg.DatabaseError,
  role: string,
  headers: Record<string, string>,
): void {
  const custom = error.code === 'PGRST' ? customError(error) : null;
  if (custom) {
    sendJson(res, custom.status, custom.body, { ...headers, ...custom.headers });
    return;
  }
  const status = statusForSqlState(error.code ?? 'XX000', role);
  const body = {
    code: error.code ?? 'XX000',
    details: error.detail ?? null,
    hint: error.hint ?? null,
    message: error.message,
  };
  const extra: Record<string, string> = status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {};
  sendJson(res, status, body, { ...headers, ...extra });
}

// PostgREST's way for a function to choose the whole error response:
//   raise sqlstate 'PGRST' using message = '{"code":"RATE_LIMITED","message":"..."}',
//                                detail = '{"status":429,"headers":{"Retry-After":"60"}}';
function customError(
  error: pg.DatabaseError,
): { status: number; body: unknown; headers: Record<string, string> } | null {
  try {
    const body = JSON.parse(error.message) as Record<string, unknown>;
    const detail = JSON.parse(error.detail ?? '{}') as { status?: unknown; headers?: unknown };
    const status = typeof detail.status === 'number' ? detail.status : 400;
    const headers =
      detail.headers && typeof detail.headers === 'object' ? (detail.headers as Record<string, string>) : {};
    return {
      status,
      body: {
        code: body['code'] ?? null,
        details: body['details'] ?? null,
        hint: body['hint'] ?? null,
        message: body['message'] ?? null,
      },
      headers,
    };
  } catch {
    return null;
  }
}
