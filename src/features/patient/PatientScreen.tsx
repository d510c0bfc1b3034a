import { useState } from 'react';
import { useServices } from '../../app/services';
import { useLiveQuery } from '../../app/use-live-query';
import { listContexts, loadContext } from '../../data/patient-contexts';
import { savePatient } from '../../app/actions/clinical-acts';
import { dosesForContext } from '../../data/dosing-records';
import type { PatientFields, Vitals } from '../../domain/patient/context';
import { useActivePatient } from './patient-store';

const SEXES = ['female', 'male', 'other', 'unknown'] as const;
const VITAL_FIELDS: Array<{ key: keyof Omit<Vitals, 'at'>; label: string }> = [
  { key: 'heart_rate', label: 'HR' },
  { key: 'resp_rate', label: 'RR' },
  { key: 'systolic', label: 'SBP' },
  { key: 'spo2', label: 'SpO₂' },
  { key: 'glucose', label: 'BGL' },
];

/** The open patient: who they are (sealed at rest), their vitals, and the doses given so far. */
export function PatientScreen() {
  const { db, audit } = useServices();
  const { active, setActive } = useActivePatient();
  const contexts = useLiveQuery(() => listContexts(db), [db]);
  const [error, setError] = useState<string | null>(null);

  async function open(id: string) {
    const context = await loadContext(db, id);
    if (!context) return setError('That patient has expired (24 hours) and was removed.');
    setActive(context);
    await audit.record('patient_context_opened', {});
  }

  async function save(fields: PatientFields) {
    try {
      const context = await savePatient(db, { id: active?.id, fields });
      setActive(context);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <section className="panel patient">
      <h1 id="screen-title">Patient</h1>
      {error && <p className="refusal" role="alert">{error}</p>}
      {active ? (
        <>
          <div className="protocol-actions">
            <button type="button" className="button" onClick={() => setActive(null)}>
              Switch patient
            </button>
            <span className="search-context">Expires {new Date(active.context.expiresAt).toLocaleString()}</span>
          </div>
          <PatientForm key={active.id} initial={active.context.fields} onSave={save} />
          <VitalsEntry fields={active.context.fields} onSave={save} />
          <GivenDoses contextId={active.id} />
        </>
      ) : (
        <>
          <PatientForm key="new" initial={{ vitals: [], allergies: [] }} onSave={save} />
          {contexts.value && contexts.value.length > 0 && (
            <>
              <h2>Open patients (kept 24 hours)</h2>
              <ul className="chip-list">
                {contexts.value.map((c) => (
                  <li key={c.id}>
                    <button type="button" className="result" onClick={() => void open(c.id)}>
                      <span className="result-name">Started {new Date(c.createdAt).toLocaleTimeString()}</span>
                      <span className="uses">open</span>
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}

function PatientForm({ initial, onSave }: { initial: PatientFields; onSave: (f: PatientFields) => Promise<void> }) {
  const [age, setAge] = useState(initial.age_years?.toString() ?? '');
  const [weight, setWeight] = useState(initial.weight_kg?.toString() ?? '');
  const [sex, setSex] = useState(initial.sex);
  const [complaint, setComplaint] = useState(initial.chief_complaint ?? '');
  const [allergies, setAllergies] = useState(initial.allergies.join(', '));
  const [incident, setIncident] = useState(initial.incident_number ?? '');
  const [epcr, setEpcr] = useState(initial.epcr_id ?? '');
  const num = (s: string) => (s.trim() === '' ? undefined : Number(s));

  return (
    <form
      className="patient-form"
      onSubmit={(e) => {
        e.preventDefault();
        void onSave({
          ...initial,
          age_years: num(age),
          weight_kg: num(weight),
          sex,
          chief_complaint: complaint.trim() || undefined,
          allergies: allergies.split(',').map((a) => a.trim()).filter(Boolean),
          incident_number: incident.trim() || undefined,
          epcr_id: epcr.trim() || undefined,
        });
      }}
    >
      <div className="field-row">
        <div className="field">
          <label htmlFor="pt-age">Age (yrs)</label>
          <input id="pt-age" inputMode="decimal" value={age} onChange={(e) => setAge(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="pt-weight">Weight (kg)</label>
          <input id="pt-weight" inputMode="decimal" value={weight} onChange={(e) => setWeight(e.target.value)} />
        </div>
      </div>
      <fieldset className="segmented">
        <legend>Sex</legend>
        {SEXES.map((s) => (
          <button key={s} type="button" aria-pressed={sex === s} onClick={() => setSex(s)}>
            {s}
          </button>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="pt-cc">Chief complaint</label>
        <input id="pt-cc" value={complaint} onChange={(e) => setComplaint(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="pt-allergies">Allergies (comma separated)</label>
        <input id="pt-allergies" value={allergies} onChange={(e) => setAllergies(e.target.value)} />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor="pt-incident">Incident #</label>
          <input id="pt-incident" value={incident} onChange={(e) => setIncident(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="pt-epcr">ePCR id</label>
          <input id="pt-epcr" value={epcr} onChange={(e) => setEpcr(e.target.value)} />
        </div>
      </div>
      <button type="submit" className="button primary wide">
        Save patient
      </button>
    </form>
  );
}

/** One row of big numeric fields, thumb-reachable, and one button that timestamps them. */
function VitalsEntry({ fields, onSave }: { fields: PatientFields; onSave: (f: PatientFields) => Promise<void> }) {
  const [values, setValues] = useState<Record<string, string>>({});
  const entered = Object.entries(values).filter(([, v]) => v.trim() !== '');
  return (
    <>
      <h2>Vitals</h2>
      <div className="vitals-grid">
        {VITAL_FIELDS.map(({ key, label }) => (
          <div className="field" key={key}>
            <label htmlFor={`vital-${key}`}>{label}</label>
            <input id={`vital-${key}`} inputMode="numeric" value={values[key] ?? ''} onChange={(e) => setValues({ ...values, [key]: e.target.value })} />
          </div>
        ))}
      </div>
      <button
        type="button"
        className="button wide"
        disabled={entered.length === 0}
        onClick={() => {
          const reading: Vitals = { at: new Date().toISOString() };
          for (const [k, v] of entered) (reading as Record<string, unknown>)[k] = Math.round(Number(v));
          void onSave({ ...fields, vitals: [...fields.vitals, reading] }).then(() => setValues({}));
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
                <th key={f.key} scope="col">{f.label}</th>
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

function GivenDoses({ contextId }: { contextId: string }) {
  const { db } = useServices();
  const doses = useLiveQuery(() => dosesForContext(db, contextId), [db, contextId]);
  const totals = new Map<string, { total: number; unit: string }>();
  for (const d of doses.value ?? []) {
    const key = `${d.result.medication} ${d.result.dose.unit}`;
    const t = totals.get(key) ?? { total: 0, unit: d.result.dose.unit };
    t.total = Math.round((t.total + d.result.dose.value) * 10000) / 10000;
    totals.set(key, t);
  }
  return (
    <>
      <h2>Doses given</h2>
      {doses.value?.length ? (
        <>
          <ol className="event-list" data-testid="given-doses">
            {doses.value.map((d) => (
              <li key={d.id}>
                <strong>{d.result.medication}</strong> {d.result.route} {d.result.dose.value} {d.result.dose.unit} ({d.result.volume_ml} mL) ·{' '}
                {new Date(d.createdAt).toLocaleTimeString()}
              </li>
            ))}
          </ol>
          <p data-testid="dose-totals">
            Running totals: {[...totals].map(([k, t]) => `${k.split(' ')[0]} ${t.total} ${t.unit}`).join(' · ')}
          </p>
        </>
      ) : (
        <p>No doses recorded for this patient yet.</p>
      )}
    </>
  );
}
