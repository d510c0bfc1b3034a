/// <reference lib="webworker" />
// The search engine's home in the browser: reading the saved index from IndexedDB, importing
// or building it, and answering queries never block the page. Our own module worker, because
// FlexSearch's `worker: true` breaks under Vite (DESIGN.md, search pitfalls).
import { APP_DB_NAME } from '../data/search-start-read';
import type { SearchEngine } from './engine';
import { buildAndSave, EngineNotStarted, startFromMirror, type LoadedEngine } from './load-engine';
import { warmUpEngine } from './warm-up';
import type { WorkerReply, WorkerRequest } from './worker-messages';

declare const self: DedicatedWorkerGlobalScope;
let engine: SearchEngine | null = null;

/**
 * Started with the worker, before the page asks: import the index saved for the mirrored
 * dataset. The page's first `init` for whatever is mirrored takes this engine
 * instead of loading it again; anything else is loaded as asked.
 */
const early: Promise<LoadedEngine | EngineNotStarted | Error> = startFromMirror(APP_DB_NAME).catch((error: unknown) =>
  error instanceof Error ? error : new Error(String(error)),
);
let earlyTaken = false;

// While IndexedDB reads the saved index (the read above is already under way), run a start and
// a search once on a made-up engine: the first query on a fresh worker ran cold (lazy compiling,
// the field-language tables) for 40-60 ms in Chromium here. Done after the import instead, it
// held up the crew's first query whenever that arrived first.
warmUpEngine();

function reply(message: WorkerReply): void {
  self.postMessage(message);
}

async function start(request: Extract<WorkerRequest, { type: 'init' }>): Promise<LoadedEngine> {
  const ahead = earlyTaken ? null : await early;
  earlyTaken = true;
  if ('mirrored' in request && ahead) {
    if (ahead instanceof Error) throw ahead;
    return ahead;
  }
  if ('mirrored' in request) return startFromMirror(APP_DB_NAME);
  // Building (first run, a new dataset) saves the export through Dexie, loaded only then: a
  // start from the mirror reads without it (src/data/search-start-read.ts).
  const { appDb } = await import('../data/db');
  return buildAndSave(request, appDb());
}

/** The engine being started, settled (either way) once `engine` is set or the start failed. */
let starting: Promise<void> = Promise.resolve();

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
    reply({
      id: request.id,
      ok: true,
      type: 'ready',
      indexSource: loaded.indexSource,
      millis: performance.now() - started,
      dataset: loaded.dataset,
    });
    return;
  }
  // The page sends the crew's first query as soon as it is typed, without waiting to hear that
  // the engine is up: it is answered the moment the engine is. A later query during a restart
  // (after a pull) is answered by the engine already running.
  if (!engine) await starting;
  if (!engine) throw new Error('the search index is not loaded yet');
  reply({ id: request.id, ok: true, type: 'hits', hits: engine.search(request.query, request.options) });
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  handle(request).catch((error: unknown) => {
    const code = error instanceof EngineNotStarted ? error.code : undefined;
    reply({ id: request.id, ok: false, code, message: error instanceof Error ? error.message : String(error) });
  });
};
