// Bringing an engine up from a saved export or from documents, wherever it runs (the search
// worker in the app, the calling thread in component tests). The export is read and written
// here, next to the engine, so the page never holds the index's megabytes.
import { activeDatasetMeta, type RigsideDb } from '../data/db';
import { createDexieSearchIndexStore, loadKeptSearchIndex } from '../data/search-index-store';
import { SearchEngine, searchConfigHash } from './engine';
import type { EngineDataset, EngineFailureCode, EngineInput } from './worker-messages';

/** The engine could not start from what is saved: the code says what the caller should do next. */
export class EngineNotStarted extends Error {
  constructor(
    readonly code: EngineFailureCode,
    message: string,
  ) {
    super(message);
  }
}

export interface LoadedEngine {
  engine: SearchEngine;
  indexSource: 'imported' | 'built';
  dataset: EngineDataset | null;
}

export async function loadEngine(input: EngineInput, db: RigsideDb): Promise<LoadedEngine> {
  if ('mirrored' in input) {
    // Both reads at once (a cold start waits on them); the export is used only if it was saved
    // for this dataset under this engine's settings.
    const [meta, kept] = await Promise.all([activeDatasetMeta(db), loadKeptSearchIndex(db)]);
    if (!meta) throw new EngineNotStarted('no_mirror', 'no dataset is mirrored on this device');
    const datasetId = `${meta.version}:${meta.contentHash}`;
    if (!kept || kept.configHash !== searchConfigHash(datasetId))
      throw new EngineNotStarted(
        'no_saved_index',
        `no saved search index for dataset ${datasetId} under this engine's settings`,
      );
    return {
      engine: SearchEngine.import(kept.chunks),
      indexSource: 'imported',
      dataset: { datasetId, version: meta.version, protocolCount: meta.protocolCount },
    };
  }
  const engine = SearchEngine.build(input.documents);
  await createDexieSearchIndexStore(db, input.datasetVersion).save(searchConfigHash(input.datasetId), engine.export());
  return { engine, indexSource: 'built', dataset: null };
}
