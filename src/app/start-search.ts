import type { MirrorOutcome } from '../data/reference-mirror';
import { EngineStartError, type EngineInput, type ReadyEngine } from '../search/search-client';
import { useSearchEngine } from './search-engine-store';
import type { DatabaseSource } from './services';

/** Starts an engine from its saved export or from documents: the search worker in the app, inline in tests. */
export type EngineStarter = (input: EngineInput) => Promise<ReadyEngine>;

export const FIRST_SEARCH_READY_MARK = 'rigside:first-search-ready';
/** Set once per page load, when the first results are on screen (src/features/search/SearchHome.tsx). */
export const FIRST_RESULT_MARK = 'rigside:first-result';

/** How long after a start from the mirror the shipped bundle is checked for a newer dataset. */
export const SHIPPED_CHECK_DELAY_MS = 2_000;

/**
 * Brings up protocol search. A device that already mirrors a dataset has the engine import its
 * saved index first (a cold offline start never rebuilds), then checks the bundle the app ships;
 * only a changed bundle replaces the mirror and rebuilds the index, once, and saves the export.
 */
export async function startSearch(
  database: DatabaseSource,
  startEngine: EngineStarter,
  options: { shippedCheckDelayMs?: number } = {},
): Promise<MirrorOutcome> {
  const { setEngine, setDataset } = useSearchEngine.getState();
  const mirrored = (await bringUp(database, startEngine)) !== 'no_mirror';
  if (mirrored) {
    // Checking the shipped bundle (fetch, SHA-256, schema) can wait until the first search is
    // answered: it only matters after an app update, and it would hold the page while the crew types.
    await new Promise((resolve) => setTimeout(resolve, options.shippedCheckDelayMs ?? SHIPPED_CHECK_DELAY_MS));
  }

  // Verifying a dataset (its schemas, hashing) loads here, after the first search on a device with a mirror.
  const { loadShippedDataset } = await import('../data/reference-mirror');
  const outcome = await loadShippedDataset(await database);
  setDataset(outcome);
  if (outcome.status === 'loaded') await bringUp(database, startEngine);
  else if (!mirrored)
    setEngine({
      status: 'failed',
      port: null,
      message: outcome.status === 'refused' ? outcome.message : 'No protocol dataset on this device.',
    });
  return outcome;
}

/**
 * (Re)starts the engine on the mirrored dataset: at start, and after a pull changed it. The
 * engine reads the mirror's description itself, so the page does not open IndexedDB first;
 * 'no_mirror' (nothing mirrored yet) leaves the engine's state to the caller.
 */
export async function bringUp(
  database: DatabaseSource,
  startEngine: EngineStarter,
): Promise<'ready' | 'failed' | 'no_mirror'> {
  const { setEngine } = useSearchEngine.getState();
  try {
    const ready = await startEngine({ mirrored: true }).catch(async (error: unknown) => {
      if (error instanceof EngineStartError && error.code === 'no_mirror') throw error;
      // No export yet, or a damaged one: build from the mirror (and save) rather than leave search down.
      if (!(error instanceof EngineStartError)) {
        console.warn(
          'The saved search index could not be imported; rebuilding it',
          error instanceof Error ? error.message : error,
        );
      }
      // The mirror's reads, Dexie and the document schema load only on this path.
      const [{ activeDatasetMeta }, { readMirroredDataset }, { documentsFromDataset }, db] = await Promise.all([
        import('../data/db'),
        import('../data/reference-mirror'),
        import('../domain/search/documents'),
        database,
      ]);
      const [meta, mirror] = await Promise.all([activeDatasetMeta(db), readMirroredDataset(db)]);
      if (!meta || !mirror) throw new Error('the mirrored dataset could not be read');
      const datasetId = `${meta.version}:${meta.contentHash}`;
      const built = await startEngine({
        datasetId,
        datasetVersion: meta.version,
        documents: documentsFromDataset(mirror),
      });
      return { ...built, dataset: { datasetId, version: meta.version, protocolCount: meta.protocolCount } };
    });
    performance.mark(FIRST_SEARCH_READY_MARK, { detail: { indexSource: ready.indexSource, millis: ready.millis } });
    const dataset = ready.dataset;
    if (!dataset) throw new Error('the search engine did not say which dataset it loaded');
    setEngine({
      status: 'ready',
      port: ready.port,
      indexSource: ready.indexSource,
      message: `Searching ${dataset.protocolCount} protocols of dataset ${dataset.version}.`,
    });
    return 'ready';
  } catch (error) {
    if (error instanceof EngineStartError && error.code === 'no_mirror') return 'no_mirror';
    setEngine({
      status: 'failed',
      port: null,
      message: `Protocol search could not start: ${error instanceof Error ? error.message : String(error)}`,
    });
    return 'failed';
  }
}
