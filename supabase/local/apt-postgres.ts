// A throwaway cluster of Debian's Postgres 15 (apt), for the two things the embedded binaries
// cannot do: plpgsql_check (`supabase db lint`) and pg_cron (the retention schedules). .ci/run
// installs postgresql-15, postgresql-15-plpgsql-check and postgresql-15-cron.
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './postgres';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const PG_LIB = '/usr/lib/postgresql/15/lib';
export const APT_PACKAGES = 'postgresql-15 postgresql-15-plpgsql-check postgresql-15-cron';

export interface AptPostgres {
  /** Superuser URL of the database named postgres. */
  url: string;
  stop(): void;
}

export interface AptPostgresOptions {
  /** Extensions whose library must be in the cluster (plpgsql_check, pg_cron). */
  needs?: string[];
  /** Libraries to preload (pg_cron must be), with cron.database_name set to postgres. */
  preload?: string[];
}

/** Why this machine cannot start one, or null when it can. */
export function aptPostgresMissing(needs: string[] = []): string | null {
  const missing = [join(PG_BIN, 'initdb'), ...needs.map((lib) => join(PG_LIB, `${lib}.so`))].filter(
    (f) => !existsSync(f),
  );
  return missing.length === 0
    ? null
    : `Debian's Postgres 15 is missing ${missing.join(', ')}: apt-get install -y ${APT_PACKAGES}`;
}

const asRoot = () => process.getuid?.() === 0;

/** initdb and postgres refuse to run as root: as root, run them as the postgres user. */
function runPg(binary: string, args: string[]) {
  const path = join(PG_BIN, binary);
  return asRoot()
    ? spawnSync('runuser', ['-u', 'postgres', '--', path, ...args], { encoding: 'utf8' })
    : spawnSync(path, args, { encoding: 'utf8' });
}

function pg(binary: string, args: string[]): void {
  const result = runPg(binary, args);
  if (result.status !== 0)
    throw new Error(`${binary} failed: ${result.stderr || result.stdout || result.error?.message}`);
}

/** Starts a cluster in a fresh temporary directory on 127.0.0.1; stop() removes it. */
export async function startAptPostgres(options: AptPostgresOptions = {}): Promise<AptPostgres> {
  const missing = aptPostgresMissing([...(options.needs ?? []), ...(options.preload ?? [])]);
  if (missing) throw new Error(missing);
  const dataDir = mkdtempSync(join(tmpdir(), 'rigside-pg15-'));
  if (asRoot()) chownSync(dataDir, Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim()), 0);
  const port = await freePort();
  const settings = [`-p ${port}`, '-c listen_addresses=127.0.0.1', `-k ${dataDir}`, '-c fsync=off'];
  if (options.preload?.length)
    settings.push(`-c shared_preload_libraries=${options.preload.join(',')}`, '-c cron.database_name=postgres');
  let started = false;
  const stop = () => {
    if (started) runPg('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    started = false;
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    pg('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    pg('pg_ctl', ['-D', dataDir, '-w', '-l', join(dataDir, 'server.log'), '-o', settings.join(' '), 'start']);
    started = true;
  } catch (error) {
    stop();
    throw error;
  }
  return { url: `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`, stop };
}
