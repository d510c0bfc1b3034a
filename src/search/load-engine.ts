// Bringing an engine up from a saved export or from documents, wherever it runs (the search
// worker in the app, the calling thread in component tests). The export is read and written
// here, next to the engine, so the page never holds the index's megabytes.
import type { RigsideDb } from '../data/db';
import { readSearchStart } from '../data/search-start-read';
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

/**
 * Imports the export kept for the mirrored dataset, read from the database named `dbName`
 * without Dexie (src/data/search-start-read.ts). The export is used only if it was saved for
 * this dataset under this engine's settings.
 */
export async function startFromMirror(dbName: string): Promise<LoadedEngine> {
  const { meta, kept } = await readSearchStart(dbName);
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

/** Builds the engine from documents and saves its export in `db`, replacing any other. */
export async function buildAndSave(
  input: Extract<EngineInput, { documents: unknown }>,
  db: RigsideDb,
): Promise<LoadedEngine> {
  const engine = SearchEngine.build(input.documents);
  const { saveSearchIndex } = await import('../data/search-index-store');
  await saveSearchIndex(db, input.datasetVersion, searchConfigHash(input.datasetId), engine.export());
  return { engine, indexSource: 'built', dataset: null };
}

export function loadEngine(input: EngineInput, db: RigsideDb): Promise<LoadedEngine> {
  return 'mirrored' in input ? startFromMirror(db.name) : buildAndSave(input, db);
}
