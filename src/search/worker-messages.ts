import type { SearchDocument } from '../domain/search/documents';
import type { SearchHit, SearchOptions } from '../domain/search/ranking';

/** The dataset an engine answers for, as the mirror describes it. */
export interface EngineDataset {
  datasetId: string;
  version: string;
  protocolCount: number;
}

/**
 * What the engine starts from. `datasetId` ("version:contentHash") keys the saved export: the
 * engine works out its config hash from it, so the page never loads the ranking or FlexSearch.
 * `mirrored`: import the export saved for whatever dataset the device mirrors (the engine reads
 * the mirror's description itself, so a cold start never waits on the page opening IndexedDB),
 * or fail with `no_mirror` or `no_saved_index`.
 * `documents`: build from them and save the export for the next start.
 */
export type EngineInput =
  { mirrored: true } | { datasetId: string; datasetVersion: string; documents: SearchDocument[] };

/** Messages between the page and the search worker. Every request carries an id; the reply echoes it. */
export type WorkerRequest =
  ({ id: number; type: 'init' } & EngineInput) | { id: number; type: 'search'; query: string; options: SearchOptions };

export type EngineFailureCode = 'no_mirror' | 'no_saved_index';

export type WorkerReply =
  | {
      id: number;
      ok: true;
      type: 'ready';
      indexSource: 'imported' | 'built';
      millis: number;
      /** Set when the engine read the mirror's description itself (a `mirrored` start). */
      dataset: EngineDataset | null;
    }
  | { id: number; ok: true; type: 'hits'; hits: SearchHit[] }
  | { id: number; ok: false; code?: EngineFailureCode; message: string };
