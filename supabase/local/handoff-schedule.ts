// The local stack's stand-in for the pg_cron + pg_net schedule of the ePCR hand-off
// (migration 20261201000920): the local NEMSIS receiver (unless NEMSIS_WS_URL names a real one),
// the epcr-handoff Edge Function in Deno, and a timer that calls it every interval (a minute by
// default, like the cron job; the real-browser test makes it seconds).
import { randomBytes } from 'node:crypto';
import { startHandoffFunction, type RunningFunction } from './functions';
import { startNemsisReceiver, type NemsisReceiver } from './nemsis/receiver';
import { loadNemsisValidator, nemsisSchemaAvailable } from './nemsis/xsd';

export const DEFAULT_HANDOFF_INTERVAL_MS = 60_000;

export interface HandoffStackOptions {
  apiUrl: string;
  serviceRoleKey: string;
  intervalMs?: number;
  /** In-run RetrieveStatus waits (default 1, 2, 4 s). */
  pollDelaysMs?: number[];
  log?: (line: string) => void;
}

export interface HandoffStack {
  function: RunningFunction;
  /** The local receiver, or null when NEMSIS_WS_URL names another one. */
  receiver: NemsisReceiver | null;
  receiverUrl: string;
  /** One run now (waits for a run already going). */
  runNow(): Promise<void>;
  stop(): Promise<void>;
}

export async function startHandoffStack(options: HandoffStackOptions): Promise<HandoffStack> {
  const log = options.log ?? (() => undefined);
  const external = process.env['NEMSIS_WS_URL'];
  let receiver: NemsisReceiver | null = null;
  let credentials: { username: string; password: string; organization: string };
  let dispose = () => undefined as void;
  if (external) {
    credentials = {
      username: process.env['NEMSIS_WS_USERNAME'] ?? '',
      password: process.env['NEMSIS_WS_PASSWORD'] ?? '',
      organization: process.env['NEMSIS_WS_ORGANIZATION'] ?? '',
    };
  } else {
    // The local receiver's credentials are made per start: they exist only in this process and the function's environment.
    credentials = {
      username: 'rigside-local',
      password: randomBytes(18).toString('base64url'),
      organization: 'RIGSIDE-LOCAL',
    };
    const xsd = nemsisSchemaAvailable() ? loadNemsisValidator() : null;
    if (!xsd) log('nemsis receiver: no NEMSIS schema in ../shared, so documents are accepted without the XSD check');
    receiver = await startNemsisReceiver({
      credentials,
      ...(xsd ? { validate: (xml: string) => xsd.validate(xml) } : {}),
    });
    dispose = () => xsd?.dispose();
  }
  const receiverUrl = external ?? (receiver as NemsisReceiver).url;
  let fn: RunningFunction;
  try {
    fn = await startHandoffFunction({
      apiUrl: options.apiUrl,
      serviceRoleKey: options.serviceRoleKey,
      nemsis: { url: receiverUrl, ...credentials },
      ...(options.pollDelaysMs ? { pollDelaysMs: options.pollDelaysMs } : {}),
      log,
    });
  } catch (error) {
    await receiver?.close();
    dispose();
    throw error;
  }

  let running: Promise<void> | null = null;
  const runNow = (): Promise<void> => {
    running ??= fn
      .invoke()
      .then(({ status, body }) => {
        const run = body as { claimed?: number } | null;
        if (status !== 200) log(`epcr-handoff: HTTP ${status} ${JSON.stringify(body)}`);
        else if (run?.claimed) log(`epcr-handoff: ${JSON.stringify(body)}`);
      })
      .catch((error: unknown) => log(`epcr-handoff: the run failed: ${(error as Error).message}`))
      .finally(() => {
        running = null;
      });
    return running;
  };
  // runNow logs its own failures and never rejects.
  const timer = setInterval(() => {
    runNow().catch(() => undefined);
  }, options.intervalMs ?? DEFAULT_HANDOFF_INTERVAL_MS);
  log(
    `epcr-handoff: Deno function at ${fn.url}, every ${(options.intervalMs ?? DEFAULT_HANDOFF_INTERVAL_MS) / 1000} s, submitting to ${receiverUrl}`,
  );
  return {
    function: fn,
    receiver,
    receiverUrl,
    runNow,
    async stop() {
      clearInterval(timer);
      await running;
      await fn.stop();
      await receiver?.close();
      dispose();
    },
  };
}

/** HANDOFF_INTERVAL_SECONDS: how often the local stack runs the hand-off (default 60). */
export function handoffIntervalFromEnv(): number {
  const raw = process.env['HANDOFF_INTERVAL_SECONDS'];
  const seconds = raw === undefined ? DEFAULT_HANDOFF_INTERVAL_MS / 1000 : Number(raw);
  if (!Number.isFinite(seconds) || seconds < 1)
    throw new Error(`HANDOFF_INTERVAL_SECONDS must be a number of seconds (at least 1), got "${raw}"`);
  return seconds * 1000;
}
