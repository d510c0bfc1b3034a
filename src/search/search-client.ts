import type { RigsideDb } from '../data/db';
import type { SearchHit, SearchOptions } from '../domain/search/ranking';
import type { EngineDataset, EngineFailureCode, EngineInput, WorkerReply, WorkerRequest } from './worker-messages';

export type { EngineDataset, EngineInput };

/** What the screens need from search, wherever the engine runs. */
export interface SearchPort {
  search(query: string, options: SearchOptions): Promise<SearchHit[]>;
}

export interface ReadyEngine {
  port: SearchPort;
  indexSource: 'imported' | 'built';
  millis: number;
  /** The mirrored dataset the engine read for itself (a `mirrored` start); null otherwise. */
  dataset: EngineDataset | null;
}

/**
 * The engine could not start from what is saved. `no_saved_index`: build it from documents
 * instead; `no_mirror`: the device mirrors no dataset yet.
 */
export class EngineStartError extends Error {
  constructor(
    readonly code: EngineFailureCode,
    message: string,
  ) {
    super(message);
  }
}

type Pending = { resolve(reply: WorkerReply): void; reject(error: Error): void };
type Request = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

/**
 * Talks to the search module worker (the app). One worker serves every start on the page.
 * `port` takes queries at once: the worker answers one sent while its first engine is starting
 * as soon as that engine is up (a cold start's first query does not wait for the page to hear
 * "ready" first).
 */
export function workerEngine(worker: Worker): {
  start: (input: EngineInput) => Promise<ReadyEngine>;
  port: SearchPort;
} {
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
      if (!reply.ok) throw reply.code ? new EngineStartError(reply.code, reply.message) : new Error(reply.message);
      return reply;
    });

  const port: SearchPort = {
    async search(query, options) {
      const reply = await call({ type: 'search', query, options });
      return reply.type === 'hits' ? reply.hits : [];
    },
  };
  const start = (input: EngineInput) =>
    call({ type: 'init', ...input }).then((reply): ReadyEngine => {
      if (reply.type !== 'ready') throw new Error('the search worker answered init with something else');
      return { port, indexSource: reply.indexSource, millis: reply.millis, dataset: reply.dataset };
    });
  return { start, port };
}

/** Runs the engine on the calling thread (component tests, where there are no workers). */
export function inlineEngineStarter(db: RigsideDb): (input: EngineInput) => Promise<ReadyEngine> {
  return async (input) => {
    const started = performance.now();
    const { loadEngine, EngineNotStarted } = await import('./load-engine');
    try {
      const { engine, indexSource, dataset } = await loadEngine(input, db);
      return {
        port: { search: (query, options) => Promise.resolve(engine.search(query, options)) },
        indexSource,
        millis: performance.now() - started,
        dataset,
      };
    } catch (error) {
      if (error instanceof EngineNotStarted) throw new EngineStartError(error.code, error.message);
      throw error;
    }
  };
}
