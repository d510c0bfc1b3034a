// The whole local backend in one call: embedded Postgres (kept between runs in .tmp/), the
// bootstrap and migrations (db:migrate), the seed (demo users once, the reference dataset on every start), the API stand-in
// with the stack's own JWT secret, and the retention jobs on a timer where there is no pg_cron.
// `npm start` calls startLocalStack(); run this file directly for the backend alone.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startApi } from './api';
import { newJwtSecret } from './jwt';
import { migrate, REPO_ROOT } from './migrate';
import { startPostgres } from './postgres';
import { DEFAULT_RETENTION_INTERVAL_MS, startRetentionSchedule } from './retention-schedule';
import {
  handoffIntervalFromEnv,
  startHandoffStack,
  type HandoffStack,
  type HandoffStackOptions,
} from './handoff-schedule';

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
  /** By default the stack's own secret, made on its first start and kept in <dataDir>/jwt-secret. */
  jwtSecret?: string;
  /** How often the retention jobs run where pg_cron does not (default hourly). */
  retentionIntervalMs?: number;
  log?: (line: string) => void;
  /** Per-request log lines of the API. */
  logRequests?: boolean;
  /**
   * The ePCR hand-off: the local NEMSIS receiver, the epcr-handoff function in Deno and its timer
   * (handoff-schedule.ts). On by default; false starts none of it.
   */
  handoff?: false | Pick<HandoffStackOptions, 'intervalMs' | 'pollDelaysMs'>;
}

export interface LocalStack {
  apiUrl: string;
  anonKey: string;
  serviceRoleKey: string;
  /** Superuser URL of the app's database, for psql and `supabase db lint --db-url`. */
  databaseUrl: string;
  jwtSecret: string;
  /** Where the secret is kept, or null when it was given. */
  jwtSecretPath: string | null;
  /** The ePCR hand-off, when started. */
  handoff: HandoffStack | null;
  stop(): Promise<void>;
}

/**
 * The JWT secret of the stack whose data lives in `dataDir`: random, made on its first start,
 * kept beside the data (deleting the data dir starts over with a new one). Never the Supabase
 * CLI's public demo secret, with which anyone could sign a service_role token.
 */
export function stackJwtSecret(dataDir: string): { secret: string; path: string } {
  const path = join(dataDir, 'jwt-secret');
  if (existsSync(path)) {
    const kept = readFileSync(path, 'utf8').trim();
    if (kept.length >= 32) return { secret: kept, path };
  }
  const secret = newJwtSecret();
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  return { secret, path };
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
    const kept = options.jwtSecret ? null : stackJwtSecret(dataDir);
    const jwtSecret = options.jwtSecret ?? kept?.secret ?? '';
    const api = await startApi({
      databaseUrl,
      port: options.port ?? 54321,
      jwtSecret,
      log: (line: string) => log(`api: ${line}`),
      logRequests: options.logRequests ?? false,
    });
    const retention = await startRetentionSchedule({
      databaseUrl,
      intervalMs: options.retentionIntervalMs ?? DEFAULT_RETENTION_INTERVAL_MS,
      log,
    }).catch(async (error: unknown) => {
      await api.stop();
      throw error;
    });
    let handoff: HandoffStack | null = null;
    if (options.handoff !== false) {
      handoff = await startHandoffStack({
        apiUrl: api.url,
        serviceRoleKey: api.serviceRoleKey,
        ...(options.handoff ?? {}),
        log,
      }).catch(async (error: unknown) => {
        await retention.stop();
        await api.stop();
        throw error;
      });
    }
    return {
      apiUrl: api.url,
      anonKey: api.anonKey,
      serviceRoleKey: api.serviceRoleKey,
      databaseUrl,
      jwtSecret,
      jwtSecretPath: kept?.path ?? null,
      handoff,
      stop: async () => {
        await handoff?.stop();
        await retention.stop();
        await api.stop();
        await postgres.stop();
      },
    };
  } catch (error) {
    await postgres.stop();
    throw error;
  }
}

/** RETENTION_INTERVAL_MINUTES: how often the retention jobs run without pg_cron (default 60). */
export function retentionIntervalFromEnv(): number {
  const raw = process.env['RETENTION_INTERVAL_MINUTES'];
  const minutes = raw === undefined ? DEFAULT_RETENTION_INTERVAL_MS / 60_000 : Number(raw);
  if (!Number.isFinite(minutes) || minutes <= 0)
    throw new Error(`RETENTION_INTERVAL_MINUTES must be a number of minutes, got "${raw}"`);
  return minutes * 60_000;
}

/** What `npm run db:start` and `npm start` print, so the keys can be pasted into a client. */
export function describeStack(stack: LocalStack): string {
  return [
    `API URL:          ${stack.apiUrl}`,
    `anon key:         ${stack.anonKey}`,
    `service_role key: ${stack.serviceRoleKey}`,
    `JWT secret:       ${stack.jwtSecret}${stack.jwtSecretPath ? ` (kept in ${stack.jwtSecretPath})` : ''}`,
    `DB URL:           ${stack.databaseUrl}`,
    ...(stack.handoff
      ? [
          `ePCR hand-off:    ${stack.handoff.function.url} (Deno), submitting to ${stack.handoff.receiverUrl}${stack.handoff.receiver ? ' (the local NEMSIS receiver)' : ''}`,
        ]
      : []),
  ].join('\n');
}

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535)
    throw new Error(`${name} must be a port number, got "${raw}"`);
  return value;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const stack = await startLocalStack({
      port: numberFromEnv('API_PORT', 54321),
      dbPort: numberFromEnv('DB_PORT', 54322),
      log: (line) => console.log(line),
      logRequests: true,
      retentionIntervalMs: retentionIntervalFromEnv(),
      handoff: { intervalMs: handoffIntervalFromEnv() },
    });
    console.log(`\n${describeStack(stack)}\n(Ctrl+C to stop)`);
    const stop = () => {
      stack.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(`local stack: could not stop cleanly: ${(error as Error).message}`);
          process.exit(1);
        },
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (error) {
    console.error(`local stack: ${(error as Error).message}`);
    process.exit(1);
  }
}
