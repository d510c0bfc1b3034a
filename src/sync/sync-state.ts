import { z } from 'zod';
import type { RigsideDb } from '../data/db';

/**
 * The replayer's state, kept in IndexedDB so that the page, other tabs and the service
 * worker share one backoff: whoever replays next honours the wait the last one set.
 */
export const WAITING_FOR = ['nothing', 'backoff', 'server', 'sign_in', 'server_not_ready', 'forbidden'] as const;
export type WaitingFor = (typeof WAITING_FOR)[number];

export const syncStateSchema = z.object({
  /** Consecutive failed batches: the n of the backoff. */
  failures: z.number().int().min(0),
  /** Epoch ms before which no replayer starts a batch. */
  nextAttemptAt: z.number().min(0),
  waitingFor: z.enum(WAITING_FOR),
  /** What went wrong last, in words for Sync status. */
  detail: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
});
export type SyncState = z.infer<typeof syncStateSchema>;

const KEY = 'syncState';

export const INITIAL_SYNC_STATE: SyncState = {
  failures: 0,
  nextAttemptAt: 0,
  waitingFor: 'nothing',
  detail: null,
  lastAttemptAt: null,
  lastSuccessAt: null,
};

export async function readSyncState(db: RigsideDb): Promise<SyncState> {
  const parsed = syncStateSchema.safeParse((await db.settings.get(KEY))?.value);
  return parsed.success ? parsed.data : INITIAL_SYNC_STATE;
}

export async function updateSyncState(db: RigsideDb, change: (state: SyncState) => SyncState): Promise<SyncState> {
  return db.transaction('rw', db.settings, async () => {
    const next = syncStateSchema.parse(change(await readSyncState(db)));
    await db.settings.put({ key: KEY, value: next });
    return next;
  });
}
