// `npm run -s db:lint`: `supabase db lint` (plpgsql_check over every function) against a
// throwaway Postgres 15 with the migrations applied. The embedded Postgres binaries have no
// plpgsql_check, so this uses Debian's Postgres 15 and its postgresql-15-plpgsql-check
// package (.ci/run installs both). Fails on any error the linter reports.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, REPO_ROOT } from './migrate';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const PLPGSQL_CHECK = '/usr/lib/postgresql/15/lib/plpgsql_check.so';

function fail(message: string): never {
  console.error(`db:lint: ${message}`);
  process.exit(2);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Runs a Postgres binary as the postgres user when we are root (initdb and postgres refuse root). */
function pgCommand(binary: string, args: string[]): [string, string[]] {
  const path = join(PG_BIN, binary);
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
}

function run(binary: string, args: string[]): void {
  const [command, argv] = pgCommand(binary, args);
  const result = spawnSync(command, argv, { encoding: 'utf8' });
  if (result.status !== 0) fail(`${binary} failed: ${result.stderr || result.stdout || result.error?.message}`);
}

if (!existsSync(join(PG_BIN, 'initdb')) || !existsSync(PLPGSQL_CHECK)) {
  fail('needs Debian\'s Postgres 15 with plpgsql_check: apt-get install -y postgresql-15 postgresql-15-plpgsql-check');
}

const dataDir = mkdtempSync(join(tmpdir(), 'rigside-lint-'));
if (process.getuid?.() === 0) chownSync(dataDir, Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim()), 0);
const port = await freePort();
let started = false;
let exitCode = 1;
try {
  run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  run('pg_ctl', ['-D', dataDir, '-w', '-l', join(dataDir, 'server.log'), '-o', `-p ${port} -c listen_addresses=127.0.0.1 -k ${dataDir} -c fsync=off`, 'start']);
  started = true;
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
  await migrate(url, { seed: false, log: () => undefined });
  // The CLI checks the public schema by default (our own functions), at warning level so the
  // log shows everything, and fails on errors.
  exitCode = await new Promise<number>((resolve) => {
    const child = spawn(join(REPO_ROOT, 'node_modules/.bin/supabase'), ['db', 'lint', '--db-url', url, '--schema', 'public,private', '--level', 'warning', '--fail-on', 'error'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
  console.log(exitCode === 0 ? 'db:lint: no errors' : `db:lint: the linter reported errors (exit ${exitCode})`);
} catch (error) {
  console.error(`db:lint: ${(error as Error).message}`);
} finally {
  if (started) spawnSync(...pgCommand('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']));
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
