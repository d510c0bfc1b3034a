// `npm run -s db:migrate -- --db-url URL [--seed]`: turns any empty Postgres 15 into what a
// Supabase project looks like (bootstrap.sql), then applies supabase/migrations with the real
// Supabase CLI, the same command agency IT runs against production, then the seed when asked:
// supabase/seed.sql (demo departments and users) and the app's reference dataset (protocols,
// impressions, formulary) through public.load_reference_dataset, as agency IT loads it.
// Running it again changes nothing: the bootstrap checks before it creates, the CLI skips
// migrations it has recorded and runs a seed file once per database, and the loader leaves
// unchanged records alone.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { z } from 'zod';
import { assembleDataset } from '../../src/reference/assemble-dataset';
import { keyClaims } from './claims';
import { withRequestContext } from './request-context';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
const BOOTSTRAP_PATH = resolve(import.meta.dirname, 'bootstrap.sql');
const SUPABASE_CLI = resolve(REPO_ROOT, 'node_modules/.bin/supabase');

export interface MigrateOptions {
  seed?: boolean;
  /** Progress lines (the CLI's output included); silent when absent. */
  log?: (line: string) => void;
}

export interface MigrateResult {
  migrations: string[];
  /** supabase/seed.sql ran this time (it runs once per database). */
  seeded: boolean;
  /** What load_reference_dataset changed, when seeding: {protocols: {changed, retired}, ...}. */
  reference: Record<string, unknown> | null;
}

const dbUrlSchema = z
  .string({ error: 'pass --db-url postgresql://user:password@host:port/database' })
  .refine((url) => /^postgres(ql)?:\/\//.test(url), 'the database URL must start with postgresql://');

export async function migrate(dbUrl: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  const url = withSslDisabledForLoopback(dbUrlSchema.parse(dbUrl));
  const log = options.log ?? (() => undefined);

  await applyBootstrap(url);
  log('bootstrap: roles anon, authenticated, service_role, authenticator; schemas auth and extensions');

  const migrations = migrationFiles();
  const args = ['db', 'push', '--db-url', url, '--include-all', '--yes'];
  if (options.seed) args.push('--include-seed');
  const output = await runSupabaseCli(args);
  for (const line of output.split('\n')) if (line.trim()) log(`supabase: ${line.trim()}`);
  const seeded = /Seeding data from/.test(output);
  const reference = options.seed ? await loadReferenceDataset(url) : null;
  if (reference) log(`reference data: ${JSON.stringify(reference)}`);
  return { migrations, seeded, reference };
}

/** Loads the reference dataset assembled from src/reference/ as the service role. */
async function loadReferenceDataset(url: string): Promise<Record<string, unknown>> {
  const assembled = await assembleDataset();
  if (!assembled.ok)
    throw new Error(`the reference dataset has problems, so it was not loaded:\n${assembled.problems.join('\n')}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await withRequestContext(client, keyClaims('service_role'), (c) =>
      c.query<{ report: Record<string, unknown> }>('select public.load_reference_dataset($1::jsonb) as report', [
        JSON.stringify(assembled.bundle),
      ]),
    );
    return rows[0]!.report;
  } finally {
    await client.end();
  }
}

export function migrationFiles(): string[] {
  const dir = resolve(REPO_ROOT, 'supabase/migrations');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort();
}

async function applyBootstrap(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `Cannot connect to ${redact(url)}: ${(error as Error).message}. Is Postgres running, and are the user and password right?`,
      { cause: error },
    );
  }
  try {
    const version = await client.query<{ server_version_num: string }>('show server_version_num');
    const number = Number(version.rows[0]?.server_version_num ?? 0);
    if (number < 150000)
      throw new Error(
        `Postgres ${Math.floor(number / 10000)} found; Rigside's migrations need Postgres 15 or newer (Supabase runs 15).`,
      );
    const superuser = await client.query<{ rolsuper: boolean }>(
      'select rolsuper from pg_roles where rolname = current_user',
    );
    if (!superuser.rows[0]?.rolsuper) {
      throw new Error(
        'db:migrate bootstraps roles and the auth schema, which needs a superuser connection (on a real Supabase project use `supabase db push` instead; the project already has them).',
      );
    }
    // Two bootstraps at once (parallel test setups) would race on CREATE ROLE; the lock serialises them.
    await client.query('select pg_advisory_lock(715517)');
    try {
      await client.query(readFileSync(BOOTSTRAP_PATH, 'utf8'));
    } finally {
      await client.query('select pg_advisory_unlock(715517)');
    }
  } finally {
    await client.end();
  }
}

function runSupabaseCli(args: string[]): Promise<string> {
  if (!existsSync(SUPABASE_CLI)) {
    return Promise.reject(
      new Error(`Supabase CLI not found at ${SUPABASE_CLI}; run npm install (it is the devDependency "supabase").`),
    );
  }
  return new Promise((done, fail) => {
    // cwd is the repo root: the CLI finds supabase/config.toml, migrations/ and seed.sql there.
    // SUPABASE_TELEMETRY_DISABLED keeps it from phoning home from a test run.
    execFile(
      SUPABASE_CLI,
      args,
      {
        cwd: REPO_ROOT,
        env: { ...process.env, DO_NOT_TRACK: '1', SUPABASE_TELEMETRY_DISABLED: '1' },
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const output = `${stdout}\n${stderr}`;
        if (error) {
          fail(new Error(`supabase ${args[0]} ${args[1]} failed:\n${redactAll(output.trim())}`, { cause: error }));
          return;
        }
        done(output);
      },
    );
  });
}

// The CLI insists on TLS unless told otherwise; a loopback Postgres has none.
function withSslDisabledForLoopback(url: string): string {
  const parsed = new URL(url);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
  if (loopback && !parsed.searchParams.has('sslmode')) parsed.searchParams.set('sslmode', 'disable');
  return parsed.toString();
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

function redactAll(text: string): string {
  return text.replace(/postgres(ql)?:\/\/[^\s"']+/g, (url) => redact(url));
}

const cliArgsSchema = z.object({ dbUrl: dbUrlSchema, seed: z.boolean() });

function parseArgs(argv: string[]): z.infer<typeof cliArgsSchema> {
  let dbUrl: string | undefined = process.env['DATABASE_URL'];
  let seed = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--db-url') dbUrl = argv[++i];
    else if (arg?.startsWith('--db-url=')) dbUrl = arg.slice('--db-url='.length);
    else if (arg === '--seed') seed = true;
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: npm run -s db:migrate -- --db-url postgresql://postgres:PASSWORD@127.0.0.1:PORT/DB [--seed]');
      process.exit(0);
    } else throw new Error(`unknown argument "${arg}"; expected --db-url URL and optionally --seed`);
  }
  return cliArgsSchema.parse({ dbUrl, seed });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const args = parseArgs(process.argv.slice(2));
    const result = await migrate(args.dbUrl, { seed: args.seed, log: (line) => console.log(line) });
    console.log(
      `db:migrate: ${result.migrations.length} migration file(s) in supabase/migrations${args.seed ? (result.seeded ? '; seed applied' : '; seed already applied earlier') : ''}.`,
    );
  } catch (error) {
    const message =
      error instanceof z.ZodError ? error.issues.map((i) => i.message).join('; ') : (error as Error).message;
    console.error(`db:migrate: ${message}`);
    process.exit(1);
  }
}
