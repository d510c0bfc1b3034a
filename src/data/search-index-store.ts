import type { RigsideDb } from './db';

/**
 * Saves the exported search index in IndexedDB under the engine's config hash (which covers the
 * dataset version and every tokenizer/field setting), as the one export the device keeps: older
 * configs' exports go in the same transaction. The search worker reads it back without Dexie
 * (search-start-read.ts) and imports it only under the same hash: FlexSearch would import another
 * config's export silently and then return nothing (DESIGN.md, search pitfalls).
 */
export async function saveSearchIndex(
  db: RigsideDb,
  datasetVersion: string,
  configHash: string,
  chunks: Record<string, string>,
): Promise<void> {
  await db.transaction('rw', db.searchIndexes, async () => {
    await db.searchIndexes.clear();
    await db.searchIndexes.put({ configHash, datasetVersion, chunks, savedAt: new Date().toISOString() });
  });
}
