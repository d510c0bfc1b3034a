// `npm start`: starts the local backend (embedded Postgres, migrations, seed, API stand-in;
// supabase/local/), builds the production app (service worker included) pointed at it, and
// serves it on 127.0.0.1, so what you open is what a rig installs.
//   PORT          app port (default 4173)
//   API_PORT      API stand-in port (default 54321), DB_PORT Postgres port (default 54322)
//   RETENTION_INTERVAL_MINUTES  how often the retention jobs run (default 60; the embedded Postgres has no pg_cron)
//   HANDOFF_INTERVAL_SECONDS    how often the ePCR hand-off runs (default 60); NEMSIS_WS_URL, _USERNAME, _PASSWORD,
//                               _ORGANIZATION: a real NEMSIS receiver instead of the local one
//   VITE_SUPABASE_URL + VITE_SUPABASE_ANON_KEY set: use that Supabase project, start no local backend.
import { spawnSync } from 'node:child_process';
import { build, preview } from 'vite';
import { describeStack, retentionIntervalFromEnv, startLocalStack, type LocalStack } from '../../supabase/local/stack';
import { handoffIntervalFromEnv } from '../../supabase/local/handoff-schedule';

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const port = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    console.error(`${name} must be a port number, got "${raw}"`);
    process.exit(2);
  }
  return port;
}

const port = portFromEnv('PORT', 4173);
const usesRealProject = Boolean(process.env['VITE_SUPABASE_URL'] && process.env['VITE_SUPABASE_ANON_KEY']);

// The bundle the app ships and the backend serves: vite's build() does not run npm's prebuild.
if (spawnSync('npm', ['run', '-s', 'build:dataset'], { stdio: 'inherit' }).status !== 0) {
  console.error('The reference dataset did not build; see the problems above.');
  process.exit(1);
}

let stack: LocalStack | null = null;
if (!usesRealProject) {
  try {
    stack = await startLocalStack({
      port: portFromEnv('API_PORT', 54321),
      dbPort: portFromEnv('DB_PORT', 54322),
      log: (line) => console.log(line),
      retentionIntervalMs: retentionIntervalFromEnv(),
      handoff: { intervalMs: handoffIntervalFromEnv() },
    });
  } catch (error) {
    console.error(`The local backend did not start: ${(error as Error).message}`);
    process.exit(1);
  }
  // Vite bakes VITE_* variables from the environment into the build (src/sync/server-config.ts).
  process.env['VITE_SUPABASE_URL'] = stack.apiUrl;
  process.env['VITE_SUPABASE_ANON_KEY'] = stack.anonKey;
}

let server: Awaited<ReturnType<typeof preview>> | null = null;
const stop = async () => {
  await server?.close();
  await stack?.stop();
  process.exit(0);
};
const stopOrReport = () => {
  stop().catch((error: unknown) => {
    console.error(`start: could not stop cleanly: ${(error as Error).message}`);
    process.exit(1);
  });
};
process.on('SIGINT', stopOrReport);
process.on('SIGTERM', stopOrReport);

try {
  await build({ logLevel: 'warn' });
  server = await preview({ preview: { host: '127.0.0.1', port, strictPort: true } });
} catch (error) {
  console.error(`The app did not build or serve: ${(error as Error).message}`);
  await stack?.stop();
  process.exit(1);
}

console.log(`\nRigside is running at http://127.0.0.1:${port}/`);
if (stack) {
  console.log(`Supabase stand-in:\n${describeStack(stack)}`);
} else {
  console.log(`API: ${process.env['VITE_SUPABASE_URL']} (your Supabase project; no local backend started)`);
}
console.log('(Ctrl+C to stop)');
