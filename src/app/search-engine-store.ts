import { create } from 'zustand';
import type { MirrorOutcome } from '../data/reference-mirror';
import type { SearchHit } from '../search/engine';
import type { SearchPort } from '../search/search-client';

export type { SearchHit, SearchPort };

type EngineState =
  /** `port`, when the engine runs in the worker: takes a query now and answers it once the engine is up. */
  | { status: 'starting'; port: SearchPort | null; message: string }
  | { status: 'ready'; port: SearchPort; message: string; indexSource: 'imported' | 'built' }
  | { status: 'failed'; port: null; message: string };

interface SearchEngineStore {
  engine: EngineState;
  /** What became of the shipped dataset at this start (loaded, current or refused). */
  dataset: MirrorOutcome | null;
  setEngine: (engine: EngineState) => void;
  setDataset: (dataset: MirrorOutcome) => void;
}

/** The search engine's readiness, shared by the Search screen and Sync status. */
export const useSearchEngine = create<SearchEngineStore>((set) => ({
  engine: { status: 'starting', port: null, message: 'Loading the protocol dataset…' },
  dataset: null,
  setEngine(engine) {
    set({ engine });
  },
  setDataset(dataset) {
    set({ dataset });
  },
}));
