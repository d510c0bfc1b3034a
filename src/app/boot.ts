import type { AuditLog } from '../data/audit-log';
import { serverConfigured } from '../sync/server-configured';
import { refreshFormulary } from './formulary-store';
import { bringUp, FIRST_RESULT_MARK, startSearch, type EngineStarter } from './start-search';
import { useSearchInput } from '../features/search/search-input-store';
import { startSync } from './sync-runner';
import type { DatabaseSource, Services } from './services';
import type { SearchPort } from '../search/search-client';
import { useSearchEngine } from './search-engine-store';
import { onIdle } from './idle';
import { lazyDatabase } from './database';

/**
 * Resolves once search is ready or has failed, or after `atMostMs`, whichever comes first; then,
 * if a query was typed while search was starting, once its results are on screen (at most
 * `atMostMs` more); and then once the page has been idle (at most `idleWithinMs` later). The
 * page is idle while the worker answers that first query: without the middle step the start-up
 * chores took the main thread then, and the answer waited for them.
 */
function whenSearchSettles(atMostMs: number, idleWithinMs: number): Promise<void> {
  const settled = new Promise<void>((resolve) => {
    const timer = setTimeout(done, atMostMs);
    const unsubscribe = useSearchEngine.subscribe((s) => s.engine.status !== 'starting' && done());
    function done() {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    }
  });
  return settled
    .then(() => firstResultsShown(atMostMs))
    .then(() => new Promise<void>((resolve) => void onIdle(resolve, idleWithinMs, Math.min(idleWithinMs, 250))));
}

/** Resolves when the first results are on screen, or at once if no query is waiting for them. */
function firstResultsShown(atMostMs: number): Promise<void> {
  const waiting =
    useSearchEngine.getState().engine.status === 'ready' &&
    useSearchInput.getState().query.trim() !== '' &&
    performance.getEntriesByName(FIRST_RESULT_MARK).length === 0;
  if (!waiting || typeof PerformanceObserver === 'undefined') return Promise.resolve();
  return new Promise<void>((resolve) => {
    const observer = new PerformanceObserver((list) => {
      if (list.getEntriesByName(FIRST_RESULT_MARK).length > 0) done();
    });
    const timer = setTimeout(done, atMostMs);
    observer.observe({ type: 'mark' });
    function done() {
      clearTimeout(timer);
      observer.disconnect();
      resolve();
    }
  });
}

/**
 * The audit log, loaded (with the outbox's writer and the event schemas) when first written to:
 * the start-up chores write to it after the first search, and nothing on the first screen does.
 */
function auditLogWhenUsed(database: DatabaseSource): AuditLog {
  let log: Promise<AuditLog> | undefined;
  return {
    record: (action, details) =>
      (log ??= Promise.all([import('../data/audit-log'), database]).then(([{ createAuditLog }, db]) =>
        createAuditLog(db),
      )).then((l) => l.record(action, details)),
  };
}

/** How often an open app looks for patient contexts past their 24 hours. */
const PURGE_EVERY_MS = 5 * 60 * 1000;

/**
 * Opens the local stores and records the start; never blocks the first render. `earlyPort`
 * (the worker's) lets the first screen send a query while the engine is still starting.
 */
export function boot(startEngine: EngineStarter, earlyPort: SearchPort | null = null): Services {
  if (earlyPort) {
    const { engine, setEngine } = useSearchEngine.getState();
    if (engine.status === 'starting') setEngine({ ...engine, port: earlyPort });
  }
  // Loaded (with Dexie) by the first screen or chore that needs it: after the first search.
  const database = lazyDatabase();
  const audit = auditLogWhenUsed(database);
  // Search first: the start-up chores below wait until it is up (or 3 s), so they do not hold
  // the page while the crew's first search is being answered.
  const searchUp = whenSearchSettles(3_000, 1_000);
  void searchUp
    .then(async () => {
      const { ensureStoragePersistence } = await import('./storage-persistence');
      const { state, firstRun } = await ensureStoragePersistence(await database);
      if (firstRun) await audit.record('storage_persistence_requested', { status: state.status });
      await audit.record('app_started', { standalone: matchMedia('(display-mode: standalone)').matches });
    })
    .catch((error: unknown) => console.error('Rigside could not finish starting up', error));

  // Dosing reads its formulary from the mirror as soon as search is up, again once the shipped
  // bundle has been checked against it (that check waits a little on a device with a mirror), and after every pull.
  searchUp
    .then(async () => refreshFormulary(await database))
    .catch((error: unknown) => console.error('The formulary could not be read', error));
  const searchStarted = startSearch(database, startEngine).then(async (outcome) => {
    await refreshFormulary(await database);
    if (outcome.status === 'loaded')
      await audit.record('dataset_loaded', { version: outcome.meta.version, previous: outcome.previousVersion });
    if (outcome.status === 'refused') await audit.record('dataset_refused', { code: outcome.code });
  });

  // Search and dosing never wait for the server: sync starts once search is up (or 3 s), when one
  // is configured, and only then fetches supabase-js and checks the configuration.
  const sync = serverConfigured()
    ? startSync(
        database,
        async (report) => {
          await searchStarted;
          await bringUp(database, startEngine);
          await refreshFormulary(await database);
          if (report.status === 'updated') await audit.record('reference_updated', { version: report.update.version });
        },
        { after: searchUp },
      )
    : null;

  const purge = async () => {
    const { purgeExpiredContexts } = await import('../data/patient-contexts');
    const purged = await purgeExpiredContexts(await database);
    if (purged > 0) await audit.record('patient_context_purged', { count: purged });
  };
  const runPurge = () =>
    void purge().catch((error: unknown) =>
      console.error('Expired patient contexts could not be purged', error instanceof Error ? error.name : 'error'),
    );
  searchUp.then(runPurge).catch(() => undefined);
  setInterval(runPurge, PURGE_EVERY_MS);
  return { db: database, audit, sync };
}
