import { create } from 'zustand';
import type { ServerClient } from '../sync/client';
import type { PullReport } from '../sync/reference-pull';
import type { CorrectionPullReport } from '../sync/correction-pull';
import type { DrainReport } from '../sync/replayer';
import type { DatabaseSource } from './services';

interface SyncActivity {
  sending: boolean;
  lastDrain: DrainReport | null;
  pulling: boolean;
  lastPull: PullReport | null;
  lastCorrectionPull: CorrectionPullReport | null;
  set: (change: Partial<Omit<SyncActivity, 'set'>>) => void;
}

/** What this page's replayer and puller are doing now (the durable state is in IndexedDB). */
export const useSyncActivity = create<SyncActivity>((set) => ({
  sending: false,
  lastDrain: null,
  pulling: false,
  lastPull: null,
  lastCorrectionPull: null,
  set(change) {
    set(change);
  },
}));

export interface SyncHandle {
  /**
   * The server's client. supabase-js is most of the sync code's weight, so it is a chunk of its
   * own, fetched once the first search has been answered (issue 13: cold start), never before.
   */
  server: Promise<ServerClient>;
  sendNow: () => Promise<DrainReport>;
  pullNow: () => Promise<PullReport>;
}

/**
 * Starts sending and pulling once `after` settles (the first search answered, or 3 s). The
 * replayer, the pull, the outbox report and supabase-js are one chunk (src/app/sync-engine.ts)
 * fetched then: none of it is part of the crew's first load (issue 13: cold start).
 */
export function startSync(
  db: DatabaseSource,
  onReferenceUpdate: (report: PullReport) => Promise<void>,
  { after }: { after: Promise<unknown> },
): SyncHandle {
  const engine = after
    .catch(() => undefined)
    .then(() => Promise.all([import('./sync-engine'), import('../sync/server-config'), db]))
    .then(([{ runSync }, { readServerConfig }, loaded]) => {
      // Checked when the build was made too (vite.config.ts); a bad one stops sync, not search.
      const config = readServerConfig();
      if (!config) throw new Error('Sync started, but the build names no server');
      return runSync(loaded, config, onReferenceUpdate);
    });
  return {
    server: engine.then((e) => e.server),
    sendNow: () => engine.then((e) => e.sendNow()),
    pullNow: () => engine.then((e) => e.pullNow()),
  };
}
