import { useState } from 'react';
import type { PatientFields } from '../../domain/patient/context';
import { formValuesFrom, patientFieldsFrom, type PatientFormValues } from './patient-form';

const SEXES = ['female', 'male', 'other', 'unknown'] as const;

/** Who the patient is. Saving seals every field before anything is stored (src/app/actions). */
export function PatientForm({ initial, onSave }: { initial: PatientFields; onSave: (fields: unknown) => void }) {
  const [values, setValues] = useState<PatientFormValues>(() => formValuesFrom(initial));
  const set = (patch: Partial<PatientFormValues>) => setValues((v) => ({ ...v, ...patch }));

  return (
    <form
      className="patient-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(patientFieldsFrom(values, initial));
      }}
    >
      <div className="field-row">
        <div className="field">
          <label htmlFor="pt-age">Age (yrs)</label>
          <input id="pt-age" inputMode="decimal" value={values.age} onChange={(e) => set({ age: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="pt-weight">Weight (kg)</label>
          <input
            id="pt-weight"
            inputMode="decimal"
            value={values.weight}
            onChange={(e) => set({ weight: e.target.value })}
          />
        </div>
      </div>
      <fieldset className="segmented">
        <legend>Sex</legend>
        {SEXES.map((s) => (
          <button key={s} type="button" aria-pressed={values.sex === s} onClick={() => set({ sex: s })}>
            {s}
          </button>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="pt-cc">Chief complaint</label>
        <input id="pt-cc" value={values.complaint} onChange={(e) => set({ complaint: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="pt-allergies">Allergies (comma separated)</label>
        <input id="pt-allergies" value={values.allergies} onChange={(e) => set({ allergies: e.target.value })} />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor="pt-incident">Incident #</label>
          <input id="pt-incident" value={values.incident} onChange={(e) => set({ incident: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="pt-epcr">ePCR id</label>
          <input id="pt-epcr" value={values.epcr} onChange={(e) => set({ epcr: e.target.value })} />
        </div>
      </div>
      <button type="submit" className="button primary wide">
        Save patient
      </button>
    </form>
  );
}
