import { workerEngineStarter } from '../search/search-client';
import type { EngineStarter } from './start-search';

declare global {
  /** Set by a one-line script the build puts in index.html's head (vite.config.ts, startSearchWorkerEarly). */
  var __rigsideSearchWorker: Worker | undefined;
}

let starter: EngineStarter | undefined;

/**
 * Starts the search engine in its worker. In a production build, index.html has started the
 * worker already, before the app's chunk was even fetched, so it loads, opens IndexedDB and
 * imports the saved index while the page parses and evaluates the app; otherwise (the dev
 * server) the worker starts on the first call. Cold start to the first result waits on it.
 */
export const startSearchEngine: EngineStarter = (input) => {
  starter ??= workerEngineStarter(
    (globalThis.__rigsideSearchWorker ??= new Worker(new URL('../search/search.worker.ts', import.meta.url), {
      type: 'module',
      name: 'rigside-search',
    })),
  );
  return starter(input);
};
