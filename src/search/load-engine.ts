// Bringing an engine up from a saved export or from documents, wherever it runs (the search
// worker in the app, the calling thread in component tests). The export is read and written
// here, next to the engine, so the page never holds the index's megabytes.
import type { DexieSearchIndexStore } from '../data/search-index-store';
import { SearchEngine, searchConfigHash } from './engine';
import type { EngineInput } from './worker-messages';

export class NoSavedIndex extends Error {
  readonly code = 'no_saved_index';
}

export async function loadEngine(
  input: EngineInput,
  store: DexieSearchIndexStore,
): Promise<{ engine: SearchEngine; indexSource: 'imported' | 'built' }> {
  const configHash = searchConfigHash(input.datasetId);
  if ('saved' in input) {
    const chunks = await store.load(configHash);
    if (!chunks)
      throw new NoSavedIndex(`no saved search index for dataset ${input.datasetId} under this engine's settings`);
    return { engine: SearchEngine.import(chunks), indexSource: 'imported' };
  }
  const engine = SearchEngine.build(input.documents);
  await store.save(configHash, engine.export());
  return { engine, indexSource: 'built' };
}
