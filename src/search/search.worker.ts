/// <reference lib="webworker" />
// The search engine's home in the browser: building or importing an index and answering
// queries never block the page. Our own module worker, because FlexSearch's `worker: true`
// breaks under Vite (DESIGN.md, search pitfalls).
import { SearchEngine } from './engine';
import type { WorkerReply, WorkerRequest } from './worker-messages';

declare const self: DedicatedWorkerGlobalScope;
let engine: SearchEngine | null = null;

function reply(message: WorkerReply): void {
  self.postMessage(message);
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  try {
    if (request.type === 'init') {
      const started = performance.now();
      if ('chunks' in request) {
        engine = SearchEngine.import(request.chunks);
        reply({ id: request.id, ok: true, type: 'ready', indexSource: 'imported', millis: performance.now() - started });
      } else {
        engine = SearchEngine.build(request.documents);
        reply({ id: request.id, ok: true, type: 'ready', indexSource: 'built', chunks: engine.export(), millis: performance.now() - started });
      }
      return;
    }
    if (!engine) throw new Error('the search index is not loaded yet');
    reply({ id: request.id, ok: true, type: 'hits', hits: engine.search(request.query, request.options) });
  } catch (error) {
    reply({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) });
  }
};
