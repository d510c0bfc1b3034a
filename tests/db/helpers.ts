// Database test helpers: a fresh database per test file, cloned from the templates that
// tests/db/global-setup.ts built, and queries run as a given user or role the same way the
// API stand-in runs them (supabase/local/request-context.ts; one implementation for both).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { keyClaims, userClaims, type AppRole, type Claims } from '../../supabase/local/claims';
import { connectionUrl } from '../../supabase/local/postgres';
import { withPooledRequestContext, type RequestContextOptions } from '../../supabase/local/request-context';

export type { AppRole, Claims };

/**
 * Who runs a query: a signed-in user (Postgres role `authenticated`, app role in
 * app_metadata.role), one of the API keys' roles, or explicit claims for unusual tokens.
 */
export type Caller =
  | { userId: string; appRole?: AppRole; email?: string; sessionId?: string }
  | 'anon'
  | 'service_role'
  | { claims: Claims };

export interface TestDatabase {
  name: string;
  /** postgresql:// URL of this database as the superuser (sslmode=disable). */
  url: string;
  /** Superuser connections: set up rows, read what RLS would hide, move clocks. */
  pool: pg.Pool;
  /** Superuser query, bypassing row-level security. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
  /** One transaction as `caller`, committed unless `rollback` is set; errors roll back and rethrow. */
  as<T>(caller: Caller, work: (client: pg.ClientBase) => Promise<T>, options?: RequestContextOptions): Promise<T>;
  /**
   * Rows from another time: a superuser insert with triggers off (session_replication_role =
   * replica), so history the database would refuse today (a record past its retention, an
   * audit entry dated years ahead) can be set up. Foreign keys are not checked either.
   */
  plant(sql: string, params?: unknown[]): Promise<pg.QueryResult>;
  /** One statement as `caller`, in its own transaction. */
  queryAs<R extends pg.QueryResultRow = pg.QueryResultRow>(
    caller: Caller,
    sql: string,
    params?: unknown[],
    options?: RequestContextOptions,
  ): Promise<pg.QueryResult<R>>;
  /** Closes the pool and drops the database. Call it in afterAll. */
  close(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** Clone the seeded template (demo departments, users for every role, reference data). */
  seed?: boolean;
}

/** A database of its own for one test file, with the migrations (and the seed if asked) applied. */
export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const harness = inject('rigsidePostgres');
  const template = options.seed ? harness.seededTemplate : harness.migratedTemplate;
  const name = `test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const adminUrl = connectionUrl({ port: harness.port, password: harness.password, database: 'postgres' });
  await withAdmin(adminUrl, (admin) => cloneWithRetry(admin, template, name));

  const url = connectionUrl({ port: harness.port, password: harness.password, database: name });
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  const claimsOf = (caller: Caller): Claims => callerClaims(caller);

  return {
    name,
    url,
    pool,
    query: (sql, params) => pool.query(sql, params),
    as: (caller, work, contextOptions) => withPooledRequestContext(pool, claimsOf(caller), work, contextOptions),
    plant: async (sql, params) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query('set local session_replication_role = replica');
        const result = await client.query(sql, params);
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    queryAs: (caller, sql, params, contextOptions) =>
      withPooledRequestContext(pool, claimsOf(caller), (client) => client.query(sql, params), contextOptions),
    close: async () => {
      await pool.end();
      await withAdmin(adminUrl, (admin) => admin.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

/** The claims a caller's token would carry, shaped like Supabase's (see supabase/local/claims.ts). */
export function callerClaims(caller: Caller): Claims {
  if (caller === 'anon' || caller === 'service_role') return keyClaims(caller);
  if ('claims' in caller) return caller.claims;
  return userClaims(
    {
      id: caller.userId,
      email: caller.email ?? `${caller.userId}@example.test`,
      appMetadata: caller.appRole ? { role: caller.appRole } : {},
    },
    caller.sessionId ? { sessionId: caller.sessionId } : {},
  );
}

export interface NewAuthUser {
  id?: string;
  email: string;
  password?: string;
  appRole?: AppRole;
  userMetadata?: Record<string, unknown>;
  /** bcrypt's cost: pgcrypto's default 6 keeps tests fast; Supabase Auth hashes with 10. */
  bcryptCost?: number;
}

/**
 * Inserts a Supabase Auth user (auth.users), with the password hashed by pgcrypto's bcrypt as
 * GoTrue stores it, and returns its id. Rows in public.users are the test's business.
 */
export async function createAuthUser(db: Pick<TestDatabase, 'query'>, user: NewAuthUser): Promise<string> {
  const id = user.id ?? randomUUID();
  const appMetadata = { provider: 'email', providers: ['email'], ...(user.appRole ? { role: user.appRole } : {}) };
  await db.query(
    `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
     values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2,
             extensions.crypt($3, extensions.gen_salt('bf', $6)), now(), $4, $5, now(), now())`,
    [
      id,
      user.email,
      user.password ?? 'correct horse battery staple',
      JSON.stringify(appMetadata),
      JSON.stringify(user.userMetadata ?? {}),
      user.bcryptCost ?? 6,
    ],
  );
  return id;
}

async function withAdmin<T>(url: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

// Test files clone in parallel; Postgres refuses to copy a template while another copy of it
// is starting (SQLSTATE 55006), so wait a moment and try again.
async function cloneWithRetry(admin: pg.Client, template: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.query(`create database "${name}" template "${template}"`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
    }
  }
}
