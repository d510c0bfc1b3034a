// What the search worker does with the page's messages, apart from the worker itself (which only
// wires this to `self`): so it can be tested on the calling thread.
import { APP_DB_NAME } from '../data/search-start-read';
import type { SearchEngine } from './engine';
import { buildAndSave, EngineNotStarted, startFromMirror, type LoadedEngine } from './load-engine';
import type { WorkerReply, WorkerRequest } from './worker-messages';

/**
 * Starts importing the index saved for the mirrored dataset in `dbName` at once, before the page
 * asks, and returns the handler for the page's requests. The page's first `init` for whatever is
 * mirrored takes that engine instead of loading it again; anything else is loaded as asked.
 *
 * A query that arrives while an engine is starting (a cold start's first query is typed before
 * the engine is up) is held and answered the moment that engine is up, right after "ready".
 */
export function searchWorkerHost(
  post: (reply: WorkerReply) => void,
  dbName: string = APP_DB_NAME,
): (request: WorkerRequest) => void {
  const early: Promise<LoadedEngine | EngineNotStarted | Error> = startFromMirror(dbName).catch((error: unknown) =>
    error instanceof Error ? error : new Error(String(error)),
  );
  let earlyTaken = false;
  let engine: SearchEngine | null = null;
  /** The engine being started, settled (either way) once `engine` is set or the start failed. */
  let starting: Promise<void> = Promise.resolve();

  async function start(request: Extract<WorkerRequest, { type: 'init' }>): Promise<LoadedEngine> {
    const ahead = earlyTaken ? null : await early;
    earlyTaken = true;
    if ('mirrored' in request && ahead) {
      if (ahead instanceof Error) throw ahead;
      return ahead;
    }
    if ('mirrored' in request) return startFromMirror(dbName);
    // Building (first run, a new dataset) saves the export through Dexie, loaded only then: a
    // start from the mirror reads without it (src/data/search-start-read.ts).
    const { appDb } = await import('../data/db');
    return buildAndSave(request, appDb());
  }

  async function handle(request: WorkerRequest): Promise<void> {
    if (request.type === 'init') {
      const started = performance.now();
      const init = start(request).then((loaded) => {
        engine = loaded.engine;
        return loaded;
      });
      starting = init.then(
        () => undefined,
        () => undefined,
      );
      const loaded = await init;
      post({
        id: request.id,
        ok: true,
        type: 'ready',
        indexSource: loaded.indexSource,
        millis: performance.now() - started,
        dataset: loaded.dataset,
      });
      return;
    }
    // A later query during a restart (after a pull) is answered by the engine already running.
    if (!engine) await starting;
    if (!engine) throw new Error('the search index is not loaded yet');
    post({ id: request.id, ok: true, type: 'hits', hits: engine.search(request.query, request.options) });
  }

  return (request) => {
    handle(request).catch((error: unknown) => {
      const code = error instanceof EngineNotStarted ? error.code : undefined;
      post({ id: request.id, ok: false, code, message: error instanceof Error ? error.message : String(error) });
    });
  };
}
