import { workerEngine, type SearchPort } from '../search/search-client';
import type { EngineStarter } from './start-search';

declare global {
  /** Set by a one-line script the build puts in index.html's head (vite.config.ts, startSearchWorkerEarly). */
  var __rigsideSearchWorker: Worker | undefined;
}

/**
 * The search engine in its worker. In a production build, index.html has started the worker
 * already, before the app's chunk was even fetched, so it loads, reads IndexedDB and imports the
 * saved index while the page parses and evaluates the app; otherwise (the dev server) the worker
 * starts here. `start` brings an engine up; `port` takes the crew's first query before it is up.
 */
export function searchWorker(): { start: EngineStarter; port: SearchPort } {
  return workerEngine(
    (globalThis.__rigsideSearchWorker ??= new Worker(new URL('../search/search.worker.ts', import.meta.url), {
      type: 'module',
      name: 'rigside-search',
    })),
  );
}
