// Connections that die under the API stand-in: Postgres restarted, a backend terminated by an
// operator (pg_terminate_backend), a socket reset. pg reports these as an 'error' event on the
// client, and on the pool for an idle client; Node ends the process for an 'error' event that
// nobody listens to. Here such an error fails at most the request it was serving, which is
// answered as PostgREST answers it (503 PGRST000 / PGRST001), and the pool opens a new
// connection for the next request.
import type pg from 'pg';

/** SQLSTATEs of a connection that is gone or refused: admin/crash shutdown, cannot connect now, class 08. */
const LOST_SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '08007']);
const LOST_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTCONN']);
const LOST_MESSAGES = /Connection terminated|not queryable|connection error|Client was closed|socket hang up/i;

export function isConnectionLost(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (LOST_SQLSTATES.has(code) || LOST_NODE_CODES.has(code))) return true;
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && LOST_MESSAGES.test(message);
}

/** No connection could be made at all (PostgREST's PGRST000), as opposed to one lost in use (PGRST001). */
export function isConnectionRefused(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ECONNREFUSED' || code === '57P03' || code === '08001' || code === '08004';
}

/** PostgREST's answer to a database it cannot reach or lost mid-request. */
export function connectionErrorBody(error: unknown): {
  code: string;
  details: string | null;
  hint: null;
  message: string;
} {
  const details = String((error as { message?: unknown } | null)?.message ?? error);
  return isConnectionRefused(error)
    ? {
        code: 'PGRST000',
        details,
        hint: null,
        message:
          'Could not connect with the database due to an incorrect db-uri or due to the PostgreSQL service not running.',
      }
    : {
        code: 'PGRST001',
        details,
        hint: null,
        message: 'Could not connect with the database due to an internal error.',
      };
}

/**
 * Logs the errors of pooled connections instead of letting them end the process. The pool
 * listens to its idle clients, and withClient to a client it has out; but between the two, when
 * pg-pool hands a client over, an error arriving in the same network read as the client's
 * ReadyForQuery has no listener. So every client also gets one of its own for its whole life.
 */
export function survivePoolErrors(pool: pg.Pool, log: (line: string) => void = () => undefined): pg.Pool {
  pool.on('error', (error) => log(`database connection lost while idle: ${error.message}`));
  pool.on('connect', (client) => {
    client.on('error', (error) => log(`database connection lost: ${error.message}`));
  });
  return pool;
}

/**
 * Borrows a client for `work`. While it is out, an 'error' event (its socket died between two
 * queries) is caught; the client goes back to the pool to be destroyed, not reused, when its
 * connection is lost.
 */
export async function withClient<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let lost: Error | undefined;
  const onError = (error: Error) => {
    lost = error;
  };
  client.on('error', onError);
  try {
    return await work(client);
  } catch (error) {
    if (isConnectionLost(error)) lost ??= error as Error;
    throw error;
  } finally {
    client.removeListener('error', onError);
    client.release(lost);
  }
}

/** `work` in one transaction on a borrowed client: committed, or rolled back when it throws. */
export function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withClient(pool, async (client) => {
    await client.query('begin');
    try {
      const result = await work(client);
      await client.query('commit');
      return result;
    } catch (error) {
      if (!isConnectionLost(error)) await client.query('rollback').catch(() => undefined);
      throw error;
    }
  });
}
