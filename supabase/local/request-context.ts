// How a request runs inside Postgres, the way PostgREST does it: one transaction that first
// switches to the token's role and publishes its claims (which auth.uid() and auth.jwt() read),
// then does the work. The API stand-in and the database tests both call this, so the tests
// exercise row-level security exactly as the app meets it.
import type pg from 'pg';
import type { Claims } from './claims';
import { withClient } from './db-errors';

export interface RequestContextOptions {
  /** Roll back instead of committing: for tests that look at a state and leave no trace. */
  rollback?: boolean;
  /** A read-only transaction, as PostgREST runs GET requests. */
  readOnly?: boolean;
  /** Request headers PostgREST publishes as request.headers (lower-case names). */
  headers?: Record<string, string>;
  method?: string;
  path?: string;
}

/**
 * Runs `work` as the role in `claims` inside one transaction. An error rolls everything back
 * and is rethrown unchanged (pg's DatabaseError, with its SQLSTATE code).
 */
export async function withRequestContext<T>(
  client: pg.ClientBase,
  claims: Claims,
  work: (client: pg.ClientBase) => Promise<T>,
  options: RequestContextOptions = {},
): Promise<T> {
  await client.query(options.readOnly ? 'begin read only' : 'begin');
  try {
    await client.query(
      `select set_config('role', $1, true),
              set_config('request.jwt.claims', $2, true),
              set_config('request.method', $3, true),
              set_config('request.path', $4, true),
              set_config('request.headers', $5, true)`,
      [
        claims.role,
        JSON.stringify(claims),
        options.method ?? 'POST',
        options.path ?? '',
        JSON.stringify(options.headers ?? {}),
      ],
    );
    const result = await work(client);
    await client.query(options.rollback ? 'rollback' : 'commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}

/**
 * Borrows a connection from the pool for one request context; a connection lost meanwhile is
 * not handed out again (supabase/local/db-errors.ts).
 */
export function withPooledRequestContext<T>(
  pool: pg.Pool,
  claims: Claims,
  work: (client: pg.ClientBase) => Promise<T>,
  options: RequestContextOptions = {},
): Promise<T> {
  return withClient(pool, (client) => withRequestContext(client, claims, work, options));
}

/** Quotes an identifier (a function or argument name) for SQL text. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
