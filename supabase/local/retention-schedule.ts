// The local stack's stand-in for pg_cron: where the Postgres has no pg_cron (the embedded one),
// the retention migration could not schedule its jobs, so the stack runs them itself, at start
// and then every interval (hourly by default): public.run_daily_retention(), which purges
// patient contexts the hour they expire and everything else past its retention, and
// public.activate_due_reference_versions(), and the console's charts and each department's
// protocol popularity, public.refresh_console_analytics(). Where pg_cron exists it is left to pg_cron.
import pg from 'pg';
import { survivePoolErrors } from './db-errors';

export const DEFAULT_RETENTION_INTERVAL_MS = 60 * 60 * 1000;

export interface RetentionScheduleOptions {
  /** Superuser URL of the database (the jobs run as pg_cron's would, as the superuser). */
  databaseUrl: string;
  intervalMs?: number;
  log?: (line: string) => void;
}

export interface RetentionSchedule {
  /** False when pg_cron schedules the jobs and this timer does nothing. */
  readonly active: boolean;
  /** Runs finished so far (each one: both jobs). */
  readonly runs: number;
  /** Runs the jobs now (waits for a run already going). */
  runNow(): Promise<void>;
  /** Clears the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

export async function startRetentionSchedule(options: RetentionScheduleOptions): Promise<RetentionSchedule> {
  const log = options.log ?? (() => undefined);
  const intervalMs = options.intervalMs ?? DEFAULT_RETENTION_INTERVAL_MS;
  if (!Number.isFinite(intervalMs) || intervalMs < 100)
    throw new Error(`The retention interval must be at least 100 ms, got ${intervalMs}`);
  const pool = survivePoolErrors(new pg.Pool({ connectionString: options.databaseUrl, max: 1 }), log);

  const { rows } = await pool.query<{ cron: boolean }>(
    "select exists (select 1 from pg_catalog.pg_extension where extname = 'pg_cron') as cron",
  );
  if (rows[0]?.cron) {
    await pool.end();
    log('retention: pg_cron schedules the purges and activations in this database');
    return { active: false, runs: 0, runNow: () => Promise.resolve(), stop: () => Promise.resolve() };
  }

  let runs = 0;
  let running: Promise<void> | null = null;
  let stopped = false;
  const runNow = (): Promise<void> => {
    running ??= (async () => {
      try {
        const report = await pool.query<{ retention: unknown; activation: unknown; analytics: unknown }>(
          'select public.run_daily_retention() as retention, public.activate_due_reference_versions() as activation, public.refresh_console_analytics() as analytics',
        );
        log(
          `retention: ${JSON.stringify(report.rows[0]?.retention)}; activation: ${JSON.stringify(report.rows[0]?.activation)}; analytics: ${JSON.stringify(report.rows[0]?.analytics)}`,
        );
      } catch (error) {
        // A failed run is logged and tried again at the next tick; it never stops the stack.
        log(`retention: the scheduled jobs failed: ${(error as Error).message}`);
      } finally {
        runs++;
        running = null;
      }
    })();
    return running;
  };

  await runNow();
  const timer = setInterval(() => {
    // runNow logs its own failures and never rejects.
    if (!stopped) runNow().catch(() => undefined);
  }, intervalMs);
  timer.unref();
  log(`retention: purging and activating every ${Math.round(intervalMs / 60_000)} min (no pg_cron here)`);

  return {
    active: true,
    get runs() {
      return runs;
    },
    runNow,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
      await pool.end();
    },
  };
}
