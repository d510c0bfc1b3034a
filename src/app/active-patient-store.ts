import { create } from 'zustand';
import { ageInYears } from '../domain/patient/age';
import type { PatientContext } from '../domain/patient/context';

/** The open patient, decrypted, in memory only (never in localStorage or logs). */
export interface ActivePatient {
  id: string;
  ageYears: number | undefined;
  weightKg: number | undefined;
  context: PatientContext;
}

interface ActivePatientStore {
  active: ActivePatient | null;
  setActive: (context: PatientContext | null) => void;
}

/** Shared by Patient, Dosing and Search: the patient the crew is working on. */
export const useActivePatient = create<ActivePatientStore>((set) => ({
  active: null,
  setActive(context) {
    set({
      active: context
        ? { id: context.id, ageYears: ageInYears(context.fields), weightKg: context.fields.weight_kg, context }
        : null,
    });
  },
}));
