import type { RigsideDb } from '../data/db';
import { deviceId, readCrew } from '../data/crew';
import { onOutboxWrite } from '../data/outbox-writer';
import { webLocks } from '../sync/locks';
import type { PullReport } from '../sync/reference-pull';
import { pullCorrectionRequests } from '../sync/correction-pull';
import { createOutboxReporter, outboxReport } from '../sync/outbox-report';
import { createReplayer, type DrainReport } from '../sync/replayer';
import { readSyncState } from '../sync/sync-state';
import type { ServerConfig } from '../sync/server-config';
import { registerBackgroundSync } from '../sync/background-sync';
import { useSyncActivity, type SyncHandle } from './sync-runner';

/**
 * The page's triggers for sending and pulling (DESIGN.md, Sync): start, `online`, becoming
 * visible, about a second after a write, and a timer while open. They carry every browser;
 * the service worker adds Background Sync where the browser has it (Chromium). Loaded by
 * `startSync` (src/app/sync-runner.ts) once the first search is answered.
 */
const AFTER_WRITE_MS = 1_000;
const TIMER_MS = 30_000;

export function runSync(
  db: RigsideDb,
  config: ServerConfig,
  onReferenceUpdate: (report: PullReport) => Promise<void>,
): SyncHandle {
  const server = import('../sync/client').then(({ createServerClient }) =>
    createServerClient(config, db, { worker: false }),
  );
  const activity = useSyncActivity.getState();
  const replayer = Promise.all([deviceId(db), server]).then(([id, client]) =>
    createReplayer({
      db,
      deviceId: id,
      send: client.sendEvents,
      sender: client.sender,
      refreshSession: client.refreshSession,
      lock: webLocks(),
    }),
  );

  const quietly = (what: string, p: Promise<unknown>) => {
    p.catch((error: unknown) => console.error(`Sync: ${what} failed`, error instanceof Error ? error.message : error));
  };
  const reportOutbox = server.then((client) => createOutboxReporter(client.reportOutbox));
  // After each send, the device tells the server what still waits (the console's sync health).
  async function reportOutboxState(): Promise<void> {
    const userId = await (await server).sender();
    if (!userId || !navigator.onLine) return;
    await (
      await reportOutbox
    )(await outboxReport(db, userId, await deviceId(db), null), Date.now());
  }

  let wake: ReturnType<typeof setTimeout> | undefined;
  async function sendNow(): Promise<DrainReport> {
    activity.set({ sending: true });
    try {
      const report = await (await replayer).drain();
      activity.set({ lastDrain: report });
      quietly('reporting the outbox', reportOutboxState());
      // Wake up when the wait the replayer set is over, rather than on the next tick of the timer.
      const { nextAttemptAt } = await readSyncState(db);
      clearTimeout(wake);
      if (nextAttemptAt > Date.now() && nextAttemptAt - Date.now() < TIMER_MS)
        wake = setTimeout(() => quietly('sending', sendNow()), nextAttemptAt - Date.now() + 50);
      return report;
    } finally {
      activity.set({ sending: false });
    }
  }

  async function pullNow(): Promise<PullReport> {
    activity.set({ pulling: true });
    try {
      const client = await server;
      const userId = await client.sender();
      if (!userId) return { status: 'failed', message: 'sign in to receive protocol updates', pages: 0 };
      // The pull (paging, merging, change logs) loads when first needed: it is not part of the crew's first load.
      const { pullReference } = await import('../sync/reference-pull');
      const report = await pullReference({
        db,
        fetchPage: client.fetchReferencePage,
        lock: webLocks(),
        department: (await readCrew(db))?.departmentId,
      });
      activity.set({ lastPull: report });
      // Correction requests come down with the reference data, whatever became of that pull.
      activity.set({
        lastCorrectionPull: await pullCorrectionRequests({ db, userId, fetchRequests: client.fetchCorrectionRequests }),
      });
      if (report.status === 'updated') await onReferenceUpdate(report);
      return report;
    } finally {
      activity.set({ pulling: false });
    }
  }

  let afterWrite: ReturnType<typeof setTimeout> | undefined;
  onOutboxWrite(() => {
    clearTimeout(afterWrite);
    afterWrite = setTimeout(() => quietly('sending', sendNow()), AFTER_WRITE_MS);
    quietly('registering background sync', registerBackgroundSync());
  });
  window.addEventListener('online', () => {
    quietly(
      'sending',
      (async () => {
        await (await replayer).connectionBack();
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 2_000));
        await sendNow();
      })(),
    );
    quietly('pulling', pullNow());
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') quietly('sending', sendNow());
  });
  setInterval(() => quietly('sending', sendNow()), TIMER_MS);
  quietly('sending', sendNow());
  quietly('pulling', pullNow());

  return { server, sendNow, pullNow };
}
