/// <reference lib="webworker" />
// The search engine's home in the browser: reading the saved index from IndexedDB, importing
// or building it, and answering queries never block the page. Our own module worker, because
// FlexSearch's `worker: true` breaks under Vite (DESIGN.md, search pitfalls).
import { activeDatasetMeta, appDb } from '../data/db';
import { createDexieSearchIndexStore } from '../data/search-index-store';
import type { SearchEngine } from './engine';
import { loadEngine, NoSavedIndex } from './load-engine';
import type { EngineInput, WorkerReply, WorkerRequest } from './worker-messages';

declare const self: DedicatedWorkerGlobalScope;
let engine: SearchEngine | null = null;
const db = appDb();

/**
 * Started with the worker, before the page asks: import the index saved for the mirrored
 * dataset. The page's `init` for that same dataset then takes this engine instead of loading
 * it again; anything else (another dataset, no export, an error) is loaded as asked.
 */
const early = (async () => {
  const meta = await activeDatasetMeta(db);
  if (!meta) return null;
  const input: EngineInput = {
    datasetId: `${meta.version}:${meta.contentHash}`,
    datasetVersion: meta.version,
    saved: true,
  };
  return { datasetId: input.datasetId, loaded: await loadEngine(input, createDexieSearchIndexStore(db, meta.version)) };
})().catch(() => null);
let earlyTaken = false;

function reply(message: WorkerReply): void {
  self.postMessage(message);
}

async function handle(request: WorkerRequest): Promise<void> {
  if (request.type === 'init') {
    const started = performance.now();
    const ahead = 'saved' in request && !earlyTaken ? await early : null;
    earlyTaken = true;
    const loaded =
      ahead && ahead.datasetId === request.datasetId
        ? ahead.loaded
        : await loadEngine(request, createDexieSearchIndexStore(db, request.datasetVersion));
    engine = loaded.engine;
    reply({
      id: request.id,
      ok: true,
      type: 'ready',
      indexSource: loaded.indexSource,
      millis: performance.now() - started,
    });
    return;
  }
  if (!engine) throw new Error('the search index is not loaded yet');
  reply({ id: request.id, ok: true, type: 'hits', hits: engine.search(request.query, request.options) });
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  handle(request).catch((error: unknown) => {
    const code = error instanceof NoSavedIndex ? error.code : undefined;
    reply({ id: request.id, ok: false, code, message: error instanceof Error ? error.message : String(error) });
  });
};
