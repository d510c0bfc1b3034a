/// <reference lib="webworker" />
// The search engine's home in the browser: reading the saved index from IndexedDB, importing
// or building it, and answering queries never block the page. Our own module worker, because
// FlexSearch's `worker: true` breaks under Vite (DESIGN.md, search pitfalls).
import { appDb } from '../data/db';
import { createDexieSearchIndexStore } from '../data/search-index-store';
import type { SearchEngine } from './engine';
import { loadEngine, NoSavedIndex } from './load-engine';
import type { WorkerReply, WorkerRequest } from './worker-messages';

declare const self: DedicatedWorkerGlobalScope;
let engine: SearchEngine | null = null;
// Opened as the worker starts, while the page is still starting too.
const db = appDb();
void db.open().catch(() => undefined);

function reply(message: WorkerReply): void {
  self.postMessage(message);
}

async function handle(request: WorkerRequest): Promise<void> {
  if (request.type === 'init') {
    const started = performance.now();
    const loaded = await loadEngine(request, createDexieSearchIndexStore(db, request.datasetVersion));
    engine = loaded.engine;
    reply({ id: request.id, ok: true, type: 'ready', indexSource: loaded.indexSource, millis: performance.now() - started });
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
