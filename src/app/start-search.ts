import { activeDatasetMeta, type RigsideDb } from '../data/db';
import { loadShippedDataset, readMirroredDataset, type MirrorOutcome } from '../data/reference-mirror';
import { documentsFromDataset } from '../domain/search/documents';
import { NoSavedIndexError, type EngineInput, type ReadyEngine } from '../search/search-client';
import { useSearchEngine } from './search-engine-store';

/** Starts an engine from its saved export or from documents: the search worker in the app, inline in tests. */
export type EngineStarter = (input: EngineInput) => Promise<ReadyEngine>;

export const FIRST_SEARCH_READY_MARK = 'rigside:first-search-ready';

/** How long after a start from the mirror the shipped bundle is checked for a newer dataset. */
export const SHIPPED_CHECK_DELAY_MS = 2_000;

/**
 * Brings up protocol search. A device that already mirrors a dataset has the engine import its
 * saved index first (a cold offline start never rebuilds), then checks the bundle the app ships;
 * only a changed bundle replaces the mirror and rebuilds the index, once, and saves the export.
 */
export async function startSearch(
  db: RigsideDb,
  startEngine: EngineStarter,
  options: { shippedCheckDelayMs?: number } = {},
): Promise<MirrorOutcome> {
  const { setEngine, setDataset } = useSearchEngine.getState();
  const mirrored = await activeDatasetMeta(db);
  if (mirrored) {
    await bringUp(db, startEngine);
    // Checking the shipped bundle (fetch, SHA-256, schema) can wait until the first search is
    // answered: it only matters after an app update, and it would hold the page while the crew types.
    await new Promise((resolve) => setTimeout(resolve, options.shippedCheckDelayMs ?? SHIPPED_CHECK_DELAY_MS));
  }

  const outcome = await loadShippedDataset(db);
  setDataset(outcome);
  if (outcome.status === 'loaded') await bringUp(db, startEngine);
  else if (!mirrored)
    setEngine({
      status: 'failed',
      port: null,
      message: outcome.status === 'refused' ? outcome.message : 'No protocol dataset on this device.',
    });
  return outcome;
}

/** (Re)starts the engine on the mirrored dataset: at start, and after a pull changed it. */
export async function bringUp(db: RigsideDb, startEngine: EngineStarter): Promise<void> {
  const { setEngine } = useSearchEngine.getState();
  try {
    const meta = await activeDatasetMeta(db);
    if (!meta) throw new Error('no dataset is mirrored on this device');
    const dataset = { datasetId: `${meta.version}:${meta.contentHash}`, datasetVersion: meta.version };
    const ready = await startEngine({ ...dataset, saved: true }).catch(async (error: unknown) => {
      // No export yet, or a damaged one: build from the mirror (and save) rather than leave search down.
      if (!(error instanceof NoSavedIndexError)) {
        console.warn(
          'The saved search index could not be imported; rebuilding it',
          error instanceof Error ? error.message : error,
        );
      }
      const mirror = await readMirroredDataset(db);
      if (!mirror) throw new Error('the mirrored dataset could not be read');
      return startEngine({ ...dataset, documents: documentsFromDataset(mirror) });
    });
    performance.mark(FIRST_SEARCH_READY_MARK, { detail: { indexSource: ready.indexSource, millis: ready.millis } });
    setEngine({
      status: 'ready',
      port: ready.port,
      indexSource: ready.indexSource,
      message: `Searching ${meta.protocolCount} protocols of dataset ${meta.version}.`,
    });
  } catch (error) {
    setEngine({
      status: 'failed',
      port: null,
      message: `Protocol search could not start: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
}
