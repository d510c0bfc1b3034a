/// <reference lib="webworker" />
// The search engine's home in the browser: reading the saved index from IndexedDB, importing
// or building it, and answering queries never block the page. Our own module worker, because
// FlexSearch's `worker: true` breaks under Vite (DESIGN.md, search pitfalls). What it does with
// each message is in worker-host.ts.
import { warmUpEngine } from './warm-up';
import { searchWorkerHost } from './worker-host';
import type { WorkerRequest } from './worker-messages';

declare const self: DedicatedWorkerGlobalScope;

// Starts reading the saved index from IndexedDB at once, before the page asks.
const receive = searchWorkerHost((reply) => self.postMessage(reply));

// While IndexedDB reads the saved index (the read above is already under way), run a start and
// a search once on a made-up engine: the first query on a fresh worker ran cold (lazy compiling,
// the field-language tables) for 40-60 ms in Chromium here. Done after the import instead, it
// held up the crew's first query whenever that arrived first.
warmUpEngine();

self.onmessage = (event: MessageEvent<WorkerRequest>) => receive(event.data);
