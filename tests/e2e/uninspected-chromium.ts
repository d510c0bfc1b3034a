// Debian's Chromium driven over its DevTools pipe with no inspector in the pages: for timing a
// cold start as a crew's phone runs it.
//
// Playwright enables the Runtime domain in every page and worker it drives, and pauses each new
// worker until it has attached. With Runtime enabled, V8 records a detailed stack for every
// Error the page creates, with line and column for each frame. React creates five Errors when
// its module loads, so V8 re-parses react-dom's module function and the app's whole entry chunk to
// find those positions. In a trace of a cold start (Chromium 150, this machine) that was 65 ms of the
// main thread's 90 ms evaluating the entry (`V8.CollectSourcePositions`); with no Runtime domain
// the same evaluation took 17-25 ms. A phone has no inspector attached, so this client talks to
// the browser directly and uses only the Page domain, which records no stacks, plus
// `Runtime.evaluate` to read the timings once the page has loaded. It is a real Chromium on the
// real build; only the harness is smaller.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM_ARGS } from './harness';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

interface Message {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  sessionId?: string;
  result?: Record<string, unknown>;
  error?: { message: string };
}

export interface UninspectedChromium {
  /** Sends one DevTools command (to a page when `sessionId` is given); fails after `timeoutMs`. */
  send<T = Record<string, unknown>>(
    method: string,
    params?: Record<string, unknown>,
    sessionId?: string,
    timeoutMs?: number,
  ): Promise<T>;
  /** Resolves with the first event named `method` for `sessionId`; fails after `timeoutMs`. */
  once(method: string, sessionId: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/**
 * Starts Chromium on `profile` (a profile no other browser has open) with its DevTools protocol
 * on file descriptors 3 and 4 (`--remote-debugging-pipe`): messages are JSON, each ended by a NUL.
 */
export function launchUninspectedChromium(
  profile: string,
  viewport = { width: 412, height: 915 },
): UninspectedChromium {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)`);
  const browser: ChildProcess = spawn(
    CHROMIUM,
    [
      ...CHROMIUM_ARGS,
      `--user-data-dir=${profile}`,
      `--window-size=${viewport.width},${viewport.height}`,
      '--remote-debugging-pipe',
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
  );
  const toBrowser = browser.stdio[3] as NodeJS.WritableStream;
  const fromBrowser = browser.stdio[4] as NodeJS.ReadableStream;
  let gone = false;
  const exited = new Promise<void>((resolve) =>
    browser.once('exit', () => {
      gone = true;
      // Whatever was still waiting for an answer gets one: the browser is gone.
      for (const reply of [...replies.values()]) reply({ error: { message: 'Chromium exited' } });
      resolve();
    }),
  );

  let nextId = 0;
  const replies = new Map<number, (message: Message) => void>();
  const waiters = new Set<(message: Message) => void>();
  let pending = '';
  fromBrowser.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    for (let end = pending.indexOf('\0'); end >= 0; end = pending.indexOf('\0')) {
      const message = JSON.parse(pending.slice(0, end)) as Message;
      pending = pending.slice(end + 1);
      if (message.id !== undefined) replies.get(message.id)?.(message);
      else for (const waiter of waiters) waiter(message);
    }
  });

  return {
    send<T>(method: string, params: Record<string, unknown> = {}, sessionId?: string, timeoutMs = 30_000) {
      const id = ++nextId;
      if (gone) return Promise.reject(new Error(`${method}: Chromium has exited`));
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          replies.delete(id);
          reject(new Error(`Chromium did not answer ${method} within ${timeoutMs} ms`));
        }, timeoutMs);
        replies.set(id, (message) => {
          clearTimeout(timer);
          replies.delete(id);
          if (message.error) reject(new Error(`${method}: ${message.error.message}`));
          else resolve((message.result ?? {}) as T);
        });
        toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
      });
    },
    once(method: string, sessionId: string, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const waiter = (message: Message) => {
          if (message.method !== method || message.sessionId !== sessionId) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(message.params ?? {});
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no ${method} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    async close() {
      // Asked to close, Chromium stops its own processes and lets go of the profile; killed
      // outright, its helpers can still be writing there.
      if (!gone) await this.send('Browser.close', {}, undefined, 5_000).catch(() => browser.kill('SIGKILL'));
      const killer = setTimeout(() => browser.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
