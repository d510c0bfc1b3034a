import type { RigsideDb } from './db';

/**
 * Persists the exported search index in IndexedDB, keyed by the engine's config hash
 * (which covers the dataset version and every tokenizer/field setting). An export made
 * under another config is never handed back: FlexSearch would import it silently and
 * then return nothing (DESIGN.md, search pitfalls).
 */
export interface DexieSearchIndexStore {
  load(configHash: string): Promise<Record<string, string> | undefined>;
  save(configHash: string, chunks: Record<string, string>): Promise<void>;
}

export function createDexieSearchIndexStore(db: RigsideDb, datasetVersion: string): DexieSearchIndexStore {
  return {
    async load(configHash) {
      const row = await db.searchIndexes.get(configHash);
      return row?.chunks;
    },
    async save(configHash, chunks) {
      // One index per device is enough: drop exports of older configs in the same transaction.
      await db.transaction('rw', db.searchIndexes, async () => {
        await db.searchIndexes.clear();
        await db.searchIndexes.put({ configHash, datasetVersion, chunks, savedAt: new Date().toISOString() });
      });
    },
  };
}

/**
 * The one export a device keeps (see `save`), whatever it was saved under: a cold start reads it
 * at once with the mirror's description, rather than after it, and checks its hash itself.
 */
export async function loadKeptSearchIndex(
  db: RigsideDb,
): Promise<{ configHash: string; chunks: Record<string, string> } | undefined> {
  const [row] = await db.searchIndexes.limit(1).toArray();
  return row && { configHash: row.configHash, chunks: row.chunks };
}
