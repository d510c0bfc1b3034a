// The Edge Functions of supabase/functions run locally with Deno from npm (the `deno` package),
// as `supabase functions serve` would without Docker: one process per function, on 127.0.0.1,
// with its secrets in the environment.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { REPO_ROOT } from './migrate';
import { freePort } from './postgres';

export interface HandoffFunctionOptions {
  apiUrl: string;
  serviceRoleKey: string;
  /** Where and as whom to submit (the function's secrets). */
  nemsis: { url: string; username: string; password: string; organization: string };
  port?: number;
  /** In-run RetrieveStatus waits (default 1, 2 and 4 s). */
  pollDelaysMs?: number[];
  log?: (line: string) => void;
}

export interface RunningFunction {
  url: string;
  /** One run: what a pg_cron tick does in production. */
  invoke(): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
}

export function denoBinary(): string {
  return resolve(createRequire(import.meta.url).resolve('deno/package.json'), '../bin.cjs');
}

export async function startHandoffFunction(options: HandoffFunctionOptions): Promise<RunningFunction> {
  const port = options.port && options.port > 0 ? options.port : await freePort();
  const dir = resolve(REPO_ROOT, 'supabase/functions/epcr-handoff');
  const child: ChildProcess = spawn(
    process.execPath,
    [denoBinary(), 'run', '--allow-net', '--allow-env', '--allow-read', 'index.ts'],
    {
      cwd: dir,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        ...(process.env['DENO_DIR'] ? { DENO_DIR: process.env['DENO_DIR'] } : {}),
        // Deno trusts only its own copy of Mozilla's roots by default: behind a TLS-inspecting
        // proxy (as on this project's machines) its first npm download failed with UnknownIssuer.
        DENO_TLS_CA_STORE: process.env['DENO_TLS_CA_STORE'] ?? 'system,mozilla',
        NO_COLOR: '1',
        EPCR_HANDOFF_PORT: String(port),
        ...(options.pollDelaysMs ? { EPCR_HANDOFF_POLL_DELAYS_MS: options.pollDelaysMs.join(',') } : {}),
        SUPABASE_URL: options.apiUrl,
        SUPABASE_SERVICE_ROLE_KEY: options.serviceRoleKey,
        NEMSIS_WS_URL: options.nemsis.url,
        NEMSIS_WS_USERNAME: options.nemsis.username,
        NEMSIS_WS_PASSWORD: options.nemsis.password,
        NEMSIS_WS_ORGANIZATION: options.nemsis.organization,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: the npm package's launcher runs deno as a child of its own, which
      // a signal to the launcher alone left running (idle deno servers outlived the e2e tests).
      detached: true,
    },
  );
  const killAll = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  const output: string[] = [];
  const listening = new Promise<void>((done, fail) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output.push(text);
      for (const line of text.split('\n').filter(Boolean)) options.log?.(`epcr-handoff: ${line}`);
      if (/Listening on/.test(text)) done();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) =>
      fail(new Error(`deno exited with ${code} before listening:\n${output.join('').slice(-2000)}`)),
    );
    setTimeout(
      () => fail(new Error(`deno did not start the function within 120 s:\n${output.join('').slice(-2000)}`)),
      120_000,
    ).unref();
  });
  try {
    await listening;
  } catch (error) {
    killAll('SIGKILL');
    throw error;
  }
  const url = `http://127.0.0.1:${port}/epcr-handoff`;
  return {
    url,
    async invoke() {
      const response = await fetch(url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${options.serviceRoleKey}` },
        signal: AbortSignal.timeout(120_000),
      });
      return { status: response.status, body: await response.json().catch((): unknown => null) };
    },
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        killAll('SIGTERM');
      }),
  };
}
