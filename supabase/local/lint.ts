// `npm run -s db:lint`: `supabase db lint` (plpgsql_check over every function of the public
// and private schemas) against a throwaway Postgres 15 with the migrations applied. The
// embedded binaries lack plpgsql_check, so this uses Debian's Postgres (apt-postgres.ts).
// Fails on any error the linter reports.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startAptPostgres } from './apt-postgres';
import { migrate, REPO_ROOT } from './migrate';

let exitCode = 1;
let server: Awaited<ReturnType<typeof startAptPostgres>> | null = null;
try {
  server = await startAptPostgres({ needs: ['plpgsql_check'] });
  await migrate(server.url, { seed: false, log: () => undefined });
  const url = server.url;
  exitCode = await new Promise<number>((resolve) => {
    const args = [
      'db',
      'lint',
      '--db-url',
      url,
      '--schema',
      'public,private',
      '--level',
      'warning',
      '--fail-on',
      'error',
    ];
    const child = spawn(join(REPO_ROOT, 'node_modules/.bin/supabase'), args, {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
  console.log(exitCode === 0 ? 'db:lint: no errors' : `db:lint: the linter reported errors (exit ${exitCode})`);
} catch (error) {
  console.error(`db:lint: ${(error as Error).message}`);
} finally {
  server?.stop();
}
process.exit(exitCode);
