import type { RigsideDb } from '../data/db';
import { activeDatasetMeta, loadShippedDataset, readMirroredDataset, type MirrorOutcome } from '../data/reference-mirror';
import { createDexieSearchIndexStore } from '../data/search-index-store';
import { documentsFromDataset } from '../domain/search/documents';
import { searchConfigHash } from '../search/engine';
import type { EngineInput, ReadyEngine } from '../search/search-client';
import { useSearchEngine } from './search-engine-store';

/** Starts an engine from an export or from documents: a module worker in the app, inline in tests. */
export type EngineStarter = (configHash: string, input: EngineInput) => Promise<ReadyEngine>;

export const FIRST_SEARCH_READY_MARK = 'rigside:first-search-ready';

/**
 * Brings up protocol search. A device that already mirrors a dataset imports its saved index
 * first (a cold offline start never rebuilds), then checks the bundle the app ships; only
 * a changed bundle replaces the mirror and rebuilds the index, once, and saves the export.
 */
export async function startSearch(db: RigsideDb, startEngine: EngineStarter): Promise<MirrorOutcome> {
  const { setEngine, setDataset } = useSearchEngine.getState();
  const mirrored = await activeDatasetMeta(db);
  if (mirrored) await bringUp(db, startEngine);

  const outcome = await loadShippedDataset(db);
  setDataset(outcome);
  if (outcome.status === 'loaded') await bringUp(db, startEngine);
  else if (!mirrored) setEngine({ status: 'failed', port: null, message: outcome.status === 'refused' ? outcome.message : 'No protocol dataset on this device.' });
  return outcome;
}

/** (Re)starts the engine on the mirrored dataset: at start, and after a pull changed it. */
export async function bringUp(db: RigsideDb, startEngine: EngineStarter): Promise<void> {
  const { setEngine } = useSearchEngine.getState();
  try {
    const meta = await activeDatasetMeta(db);
    if (!meta) throw new Error('no dataset is mirrored on this device');
    const configHash = searchConfigHash(`${meta.version}:${meta.contentHash}`);
    const store = createDexieSearchIndexStore(db, meta.version);
    const saved = await store.load(configHash);
    let ready: ReadyEngine | null = null;
    if (saved) {
      ready = await startEngine(configHash, { chunks: saved }).catch((error: unknown) => {
        // A damaged export is rebuilt from the mirror rather than leaving search down.
        console.warn('The saved search index could not be imported; rebuilding it', error instanceof Error ? error.message : error);
        return null;
      });
    }
    if (!ready) {
      const dataset = await readMirroredDataset(db);
      if (!dataset) throw new Error('the mirrored dataset could not be read');
      ready = await startEngine(configHash, { documents: documentsFromDataset(dataset) });
      if (ready.chunks) await store.save(configHash, ready.chunks);
    }
    performance.mark(FIRST_SEARCH_READY_MARK, { detail: { indexSource: ready.indexSource, millis: ready.millis } });
    setEngine({
      status: 'ready',
      port: ready.port,
      indexSource: ready.indexSource,
      message: `Searching ${meta.protocolCount} protocols of dataset ${meta.version}.`,
    });
  } catch (error) {
    setEngine({ status: 'failed', port: null, message: `Protocol search could not start: ${error instanceof Error ? error.message : String(error)}` });
  }
}
