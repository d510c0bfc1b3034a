import { z } from 'zod';
import type { RigsideDb } from '../data/db';

export const persistenceStateSchema = z.object({
  status: z.enum(['granted', 'denied', 'unsupported']),
  askedAt: z.string(),
});
export type PersistenceState = z.infer<typeof persistenceStateSchema>;

const SETTING_KEY = 'storagePersistence';

/**
 * Asks the browser once, on first run, to keep Rigside's storage under pressure (an evicted
 * outbox would lose unsent records). Later starts only read the current answer.
 */
export async function ensureStoragePersistence(
  db: RigsideDb,
  storage: Pick<StorageManager, 'persist' | 'persisted'> | undefined = globalThis.navigator?.storage,
  now: () => Date = () => new Date(),
): Promise<{ state: PersistenceState; firstRun: boolean }> {
  const saved = persistenceStateSchema.safeParse((await db.settings.get(SETTING_KEY))?.value);
  let state: PersistenceState;
  const firstRun = !saved.success;
  if (!storage?.persist || !storage.persisted) {
    state = { status: 'unsupported', askedAt: now().toISOString() };
  } else if (firstRun) {
    state = { status: (await storage.persist()) ? 'granted' : 'denied', askedAt: now().toISOString() };
  } else {
    state = { status: (await storage.persisted()) ? 'granted' : 'denied', askedAt: saved.data.askedAt };
  }
  await db.settings.put({ key: SETTING_KEY, value: state });
  return { state, firstRun };
}

export async function readStoragePersistence(db: RigsideDb): Promise<PersistenceState | undefined> {
  const parsed = persistenceStateSchema.safeParse((await db.settings.get(SETTING_KEY))?.value);
  return parsed.success ? parsed.data : undefined;
}
