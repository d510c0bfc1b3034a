import { create } from 'zustand';
import type { RigsideDb } from '../data/db';
import type { Formulary } from '../domain/dosing/loaded-formulary';

export type FormularyState =
  | { status: 'loading'; formulary: null }
  | { status: 'ready'; formulary: Formulary; datasetVersion: string }
  | { status: 'failed'; formulary: null; message: string };

interface FormularyStore {
  state: FormularyState;
  set: (state: FormularyState) => void;
}

/**
 * The formulary the Dosing screen doses from: the one mirrored from the agency's dataset,
 * reloaded whenever the mirror changes (a newer bundle, a pull from the server). Until one
 * loads, or when it fails its checks, there is none, and the engine refuses to dose.
 */
export const useFormulary = create<FormularyStore>((set) => ({
  state: { status: 'loading', formulary: null },
  set(state) {
    set({ state });
  },
}));

let latest = 0;

/** Reads the mirrored formulary into the store. Overlapping calls settle in order: the last one started wins. */
export async function refreshFormulary(db: RigsideDb): Promise<FormularyState> {
  const call = ++latest;
  // The formulary's schemas and hashing load with it, after the first screen (issue 13).
  const read = await import('../data/reference-mirror')
    .then(({ readMirroredFormulary }) => readMirroredFormulary(db))
    .catch((error: unknown) => ({
      ok: false as const,
      message: `The formulary could not be read: ${error instanceof Error ? error.message : String(error)}`,
    }));
  const state: FormularyState = read.ok
    ? { status: 'ready', formulary: read.formulary, datasetVersion: read.datasetVersion }
    : { status: 'failed', formulary: null, message: read.message };
  if (call === latest) useFormulary.getState().set(state);
  return state;
}
