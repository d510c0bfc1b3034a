import { workerEngineStarter } from '../search/search-client';
import type { EngineStarter } from './start-search';

declare global {
  /** Set by a one-line script the build puts in index.html's head (vite.config.ts, startSearchWorkerEarly). */
  var __rigsideSearchWorker: Worker | undefined;
}

/**
 * The search worker. In a production build, index.html has started it already, before this
 * chunk was even fetched, so it loads, opens IndexedDB and imports the saved index while the
 * page parses and evaluates the app; otherwise (the dev server) it starts here. Cold start to
 * the first result waits on it.
 */
const worker = (globalThis.__rigsideSearchWorker ??= new Worker(
  new URL('../search/search.worker.ts', import.meta.url),
  {
    type: 'module',
    name: 'rigside-search',
  },
));

export const startSearchEngine: EngineStarter = workerEngineStarter(worker);
