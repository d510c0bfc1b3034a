import type { SearchDocument } from '../domain/search/documents';
import type { SearchHit, SearchOptions } from '../domain/search/ranking';

/**
 * What the engine starts from. `datasetId` ("version:contentHash") keys the saved export: the
 * engine works out its config hash from it, so the page never loads the ranking or FlexSearch.
 * `saved`: import the export saved for this dataset and config, or fail with `no_saved_index`.
 * `documents`: build from them and save the export for the next start.
 */
export type EngineInput = { datasetId: string; datasetVersion: string } & (
  { saved: true } | { documents: SearchDocument[] }
);

/** Messages between the page and the search worker. Every request carries an id; the reply echoes it. */
export type WorkerRequest =
  ({ id: number; type: 'init' } & EngineInput) | { id: number; type: 'search'; query: string; options: SearchOptions };

export type WorkerReply =
  | { id: number; ok: true; type: 'ready'; indexSource: 'imported' | 'built'; millis: number }
  | { id: number; ok: true; type: 'hits'; hits: SearchHit[] }
  | { id: number; ok: false; code?: 'no_saved_index'; message: string };
