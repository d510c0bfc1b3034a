import type { SearchDocument } from '../domain/search/documents';
import type { SearchHit, SearchOptions } from '../domain/search/ranking';

/** Messages between the page and the search worker. Every request carries an id; the reply echoes it. */
export type WorkerRequest =
  | { id: number; type: 'init'; configHash: string; chunks: Record<string, string> }
  | { id: number; type: 'init'; configHash: string; documents: SearchDocument[] }
  | { id: number; type: 'search'; query: string; options: SearchOptions };

export type WorkerReply =
  | { id: number; ok: true; type: 'ready'; indexSource: 'imported' | 'built'; chunks?: Record<string, string>; millis: number }
  | { id: number; ok: true; type: 'hits'; hits: SearchHit[] }
  | { id: number; ok: false; message: string };
