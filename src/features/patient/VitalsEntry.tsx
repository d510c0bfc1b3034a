import { useState } from 'react';
import { runAction } from '../../app/run-action';
import type { PatientFields, Vitals } from '../../domain/patient/context';
import { VITAL_FIELDS, vitalsReading } from './patient-form';

type Typed = Partial<Record<keyof Omit<Vitals, 'at'>, string>>;

/** One row of big numeric fields, thumb-reachable, and one button that timestamps them; the readings so far below. */
export function VitalsEntry({
  fields,
  onSave,
}: {
  fields: PatientFields;
  onSave: (fields: unknown) => Promise<boolean>;
}) {
  const [typed, setTyped] = useState<Typed>({});
  const entered = Object.values(typed).some((v) => v.trim() !== '');
  return (
    <>
      <h2>Vitals</h2>
      <div className="vitals-grid">
        {VITAL_FIELDS.map(({ key, label }) => (
          <div className="field" key={key}>
            <label htmlFor={`vital-${key}`}>{label}</label>
            <input
              id={`vital-${key}`}
              inputMode="numeric"
              value={typed[key] ?? ''}
              onChange={(e) => setTyped({ ...typed, [key]: e.target.value })}
            />
          </div>
        ))}
      </div>
      <button
        type="button"
        className="button wide"
        disabled={!entered}
        onClick={() => {
          const reading = vitalsReading(typed, new Date().toISOString());
          // The boxes empty only once the reading is saved; a refused one stays to be corrected.
          runAction('Saving the vitals', async () => {
            if (await onSave({ ...fields, vitals: [...fields.vitals, reading] })) setTyped({});
          });
        }}
      >
        Add vitals now
      </button>
      {fields.vitals.length > 0 && (
        <table className="kinds vitals-table">
          <thead>
            <tr>
              <th scope="col">Time</th>
              {VITAL_FIELDS.map((f) => (
                <th key={f.key} scope="col">
                  {f.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[...fields.vitals].reverse().map((v) => (
              <tr key={v.at}>
                <th scope="row">{new Date(v.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</th>
                {VITAL_FIELDS.map((f) => (
                  <td key={f.key}>{v[f.key] ?? '–'}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
