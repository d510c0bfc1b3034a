// The whole local backend in one call: embedded Postgres (kept between runs in .tmp/), the
// bootstrap and migrations (db:migrate), the seed on first start, and the API stand-in.
// `npm start` calls startLocalStack(); run this file directly for the backend alone.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { startApi } from './api';
import { keyClaims } from './claims';
import { migrate, REPO_ROOT } from './migrate';
import { startPostgres } from './postgres';
import { withRequestContext } from './request-context';

/** The bundle `npm run build:dataset` writes and the app ships. */
export const SHIPPED_DATASET = resolve(REPO_ROOT, 'public/data/dataset.json');

export interface LocalStackOptions {
  /** API port; Supabase's local default is 54321. 0 picks a free one. */
  port?: number;
  /** Postgres port; Supabase's local default is 54322. 0 picks a free one. */
  dbPort?: number;
  /** Cluster directory, kept between runs so records synced yesterday are still there. */
  dataDir?: string;
  /** Apply supabase/seed.sql (once per database; the CLI remembers it). Default true. */
  seed?: boolean;
  /**
   * A dataset bundle to load after the seed with public.load_reference_dataset, as the service
   * role: the full reference data replaces the seed's small one, and a bundle already loaded
   * changes nothing. Default: the app's shipped bundle when it has been built.
   */
  dataset?: string | null;
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
    const dataset = options.dataset === undefined ? (existsSync(SHIPPED_DATASET) ? SHIPPED_DATASET : null) : options.dataset;
    if (dataset) log(`reference data: ${await loadDataset(databaseUrl, dataset)}`);
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

/** Loads a dataset bundle into the database as the service role; returns what changed. */
export async function loadDataset(databaseUrl: string, file: string): Promise<string> {
  let bundle: unknown;
  try {
    bundle = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the dataset ${file}: ${(error as Error).message}. Rebuild it with npm run build:dataset.`, { cause: error });
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await withRequestContext(client, keyClaims('service_role'), (c) =>
      c.query<{ report: unknown }>('select public.load_reference_dataset($1::jsonb) as report', [JSON.stringify(bundle)]),
    );
    return `${file} ${JSON.stringify(rows[0]?.report)}`;
  } finally {
    await client.end();
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
