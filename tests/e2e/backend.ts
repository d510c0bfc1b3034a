// The real local backend for real-browser tests: embedded Postgres with the real migrations
// and seed, the API stand-in, and a production build of the app pointed at a URL of the test's
// choosing (the API itself, or a fault-injecting proxy in front of it).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { build, preview } from 'vite';
import type { SupabaseClient } from '@supabase/supabase-js';
import { nodeSupabaseClient } from '../../supabase/local/node-client';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../supabase/local/stack';
import { REPO_ROOT, type RunningApp } from './harness';

/** A fixed secret, so a test can sign its own tokens; every real stack makes its own. */
export const TEST_JWT_SECRET = 'rigside-e2e-secret-that-is-only-for-tests-0123456789';
export const DEMO_PASSWORD = 'rigside-demo-password';
export const PARAMEDIC = { id: 'a0000000-0000-4000-8000-000000000001', email: 'paramedic@north-valley.example' };
export const DIRECTOR = { id: 'a0000000-0000-4000-8000-000000000003', email: 'director@north-valley.example' };
export const ADMIN = { id: 'a0000000-0000-4000-8000-000000000004', email: 'admin@north-valley.example' };

// supabase-js on Node 20 needs a WebSocket implementation for its (unused) realtime client.

export interface Backend {
  stack: LocalStack;
  /** Superuser connections to the app's database. */
  db: pg.Pool;
  /** supabase-js signed in as a demo user, as the console would be. */
  signedIn(email: string): Promise<SupabaseClient>;
  service: SupabaseClient;
  /** Lifts the per-user rate limits for a load test (the limits have tests of their own). */
  liftRateLimits(): Promise<void>;
  stop(): Promise<void>;
}

export async function startBackend(name: string, options: Pick<LocalStackOptions, 'handoff'> = {}): Promise<Backend> {
  const dataDir = join(REPO_ROOT, `.tmp/postgres/e2e-${name}-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  const stack = await startLocalStack({
    port: 0,
    dbPort: 0,
    dataDir,
    seed: true,
    jwtSecret: TEST_JWT_SECRET,
    ...options,
  });
  const db = new pg.Pool({ connectionString: stack.databaseUrl, max: 4 });
  db.on('error', () => undefined); // an idle connection ended by the server's shutdown
  const service = nodeSupabaseClient(stack.apiUrl, stack.serviceRoleKey);
  return {
    stack,
    db,
    service,
    async signedIn(email) {
      const client = nodeSupabaseClient(stack.apiUrl, stack.anonKey);
      const { error } = await client.auth.signInWithPassword({ email, password: DEMO_PASSWORD });
      if (error) throw new Error(`${email} could not sign in: ${error.message}`);
      return client;
    },
    async liftRateLimits() {
      await db.query(
        "update public.rate_limit_config set max_requests = 1000000 where scope in ('API', 'GLOBAL', 'DOSING', 'PHI')",
      );
    },
    async stop() {
      await db.end();
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Builds the production app (service worker included) for a server at `apiUrl`, into its own
 * folder, and serves it on a free 127.0.0.1 port. About ten seconds.
 */
export async function buildAndServe(name: string, apiUrl: string, anonKey: string): Promise<RunningApp> {
  const outDir = join(REPO_ROOT, `.tmp/dist-${name}`);
  const saved = {
    url: process.env['VITE_SUPABASE_URL'],
    key: process.env['VITE_SUPABASE_ANON_KEY'],
    env: process.env['NODE_ENV'],
  };
  process.env['VITE_SUPABASE_URL'] = apiUrl;
  process.env['VITE_SUPABASE_ANON_KEY'] = anonKey;
  // Vitest sets NODE_ENV=test, which would make this a development build (no service worker).
  process.env['NODE_ENV'] = 'production';
  try {
    await build({
      root: REPO_ROOT,
      mode: 'production',
      logLevel: 'error',
      build: { outDir, emptyOutDir: true, sourcemap: false },
    });
  } finally {
    restore('VITE_SUPABASE_URL', saved.url);
    restore('VITE_SUPABASE_ANON_KEY', saved.key);
    restore('NODE_ENV', saved.env);
  }
  const server = await preview({
    root: REPO_ROOT,
    logLevel: 'silent',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('preview server has no TCP address');
  return { url: `http://127.0.0.1:${address.port}/`, close: () => server.close() };
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
