// The whole local backend in one call: embedded Postgres (kept between runs in .tmp/), the
// bootstrap and migrations (db:migrate), the seed (demo users once, the reference dataset on every start), and the API stand-in.
// `npm start` calls startLocalStack(); run this file directly for the backend alone.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startApi } from './api';
import { migrate, REPO_ROOT } from './migrate';
import { startPostgres } from './postgres';

export interface LocalStackOptions {
  /** API port; Supabase's local default is 54321. 0 picks a free one. */
  port?: number;
  /** Postgres port; Supabase's local default is 54322. 0 picks a free one. */
  dbPort?: number;
  /** Cluster directory, kept between runs so records synced yesterday are still there. */
  dataDir?: string;
  /**
   * Seed: supabase/seed.sql once per database, and the reference dataset on every start (only
   * what changed in src/reference/ is written). Default true.
   */
  seed?: boolean;
  jwtSecret?: string;
  log?: (line: string) => void;
  /** Per-request log lines of the API. */
  logRequests?: boolean;
}

export interface LocalStack {
  apiUrl: string;
  anonKey: string;
  serviceRoleKey: string;
  /** Superuser URL of the app's database, for psql and `supabase db lint --db-url`. */
  databaseUrl: string;
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.log ?? (() => undefined);
  const dataDir = options.dataDir ?? resolve(REPO_ROOT, '.tmp/postgres/local');
  const postgres = await startPostgres({ dataDir, port: options.dbPort ?? 54322 });
  try {
    // Like a Supabase project, the app's data lives in the database named postgres.
    const databaseUrl = postgres.urlFor('postgres');
    log(`postgres: 127.0.0.1:${postgres.port} (data in ${dataDir})`);
    await migrate(databaseUrl, { seed: options.seed ?? true, log }).catch((error: Error) => {
      // The dev database remembers every migration it ran; one renamed or deleted since then
      // makes the CLI refuse. Local data is disposable, so say how to start over.
      const hint = /Remote migration versions not found/.test(error.message)
        ? `\nThe local database was migrated with files that are no longer in supabase/migrations. Stop the stack and delete ${dataDir} to start from scratch.`
        : '';
      throw new Error(error.message + hint, { cause: error });
    });
    const api = await startApi({
      databaseUrl,
      port: options.port ?? 54321,
      ...(options.jwtSecret ? { jwtSecret: options.jwtSecret } : {}),
      ...(options.logRequests ? { log: (line: string) => log(`api: ${line}`) } : {}),
    });
    return {
      apiUrl: api.url,
      anonKey: api.anonKey,
      serviceRoleKey: api.serviceRoleKey,
      databaseUrl,
      stop: async () => {
        await api.stop();
        await postgres.stop();
      },
    };
  } catch (error) {
    await postgres.stop();
    throw error;
  }
}

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new Error(`${name} must be a port number, got "${raw}"`);
  return value;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const stack = await startLocalStack({
      port: numberFromEnv('API_PORT', 54321),
      dbPort: numberFromEnv('DB_PORT', 54322),
      log: (line) => console.log(line),
      logRequests: true,
    });
    console.log(`\nAPI URL:          ${stack.apiUrl}\nanon key:         ${stack.anonKey}\nservice_role key: ${stack.serviceRoleKey}\nDB URL:           ${stack.databaseUrl}\n(Ctrl+C to stop)`);
    const stop = () => void stack.stop().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (error) {
    console.error(`local stack: ${(error as Error).message}`);
    process.exit(1);
  }
}
