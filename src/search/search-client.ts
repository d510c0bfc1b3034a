import type { SearchDocument } from '../domain/search/documents';
import { SearchEngine, type SearchHit, type SearchOptions } from './engine';
import type { WorkerReply, WorkerRequest } from './protocol';

/** What the screens need from search, wherever the engine runs. */
export interface SearchPort {
  search(query: string, options: SearchOptions): Promise<SearchHit[]>;
}

export interface ReadyEngine {
  port: SearchPort;
  indexSource: 'imported' | 'built';
  /** Present when the index was built: the export to persist for the next start. */
  chunks?: Record<string, string>;
  millis: number;
}

export type EngineInput = { chunks: Record<string, string> } | { documents: SearchDocument[] };

type Pending = { resolve(reply: WorkerReply): void; reject(error: Error): void };
type Request = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

/** Runs the engine in a module worker (the app). */
export function startWorkerEngine(configHash: string, input: EngineInput, worker: Worker): Promise<ReadyEngine> {
  let next = 1;
  const pending = new Map<number, Pending>();
  worker.onmessage = (event: MessageEvent<WorkerReply>) => {
    const p = pending.get(event.data.id);
    pending.delete(event.data.id);
    p?.resolve(event.data);
  };
  worker.onerror = (event) => {
    const error = new Error(`the search worker failed: ${event.message}`);
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  const call = (request: Request) =>
    new Promise<WorkerReply>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id });
    }).then((reply) => {
      if (!reply.ok) throw new Error(reply.message);
      return reply;
    });

  const port: SearchPort = {
    async search(query, options) {
      const reply = await call({ type: 'search', query, options });
      return reply.type === 'hits' ? reply.hits : [];
    },
  };
  return call({ type: 'init', configHash, ...input }).then((reply) => {
    if (reply.type !== 'ready') throw new Error('the search worker answered init with something else');
    return { port, indexSource: reply.indexSource, chunks: reply.chunks, millis: reply.millis };
  });
}

/** Runs the engine on the calling thread (component tests, where there are no workers). */
export function startInlineEngine(input: EngineInput): ReadyEngine {
  const started = performance.now();
  const imported = 'chunks' in input;
  const engine = imported ? SearchEngine.import(input.chunks) : SearchEngine.build(input.documents);
  return {
    port: { search: (query, options) => Promise.resolve(engine.search(query, options)) },
    indexSource: imported ? 'imported' : 'built',
    chunks: imported ? undefined : engine.export(),
    millis: performance.now() - started,
  };
}
