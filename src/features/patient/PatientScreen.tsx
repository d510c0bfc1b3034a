import { useState } from 'react';
import { z } from 'zod';
import { savePatient } from '../../app/actions/clinical-acts';
import { useActivePatient } from '../../app/active-patient-store';
import { runAction } from '../../app/run-action';
import { useServices } from '../../app/services';
import { loadContext } from '../../data/patient-contexts';
import { GivenDoses } from './GivenDoses';
import { OpenPatients } from './OpenPatients';
import { PatientForm } from './PatientForm';
import { VitalsEntry } from './VitalsEntry';

/** The open patient: who they are (sealed at rest), their vitals, and the doses given so far. */
export function PatientScreen() {
  const { db, audit } = useServices();
  const active = useActivePatient((s) => s.active);
  const setActive = useActivePatient((s) => s.setActive);
  const [error, setError] = useState<string | null>(null);

  async function open(id: string) {
    const context = await loadContext(db, id);
    if (!context) return setError('That patient has expired (24 hours) and was removed.');
    setActive(context);
    await audit.record('patient_context_opened', {});
  }

  /** Saves and reports whether it was saved; a refusal (a field that does not fit) is shown with the field named. */
  async function save(fields: unknown): Promise<boolean> {
    try {
      setActive(await savePatient(db, { id: active?.id, fields }));
      setError(null);
      return true;
    } catch (e) {
      setError(
        e instanceof z.ZodError ? `Not saved: ${z.prettifyError(e)}` : e instanceof Error ? e.message : String(e),
      );
      return false;
    }
  }
  const saveForm = (fields: unknown) => runAction('Saving the patient', () => save(fields));

  return (
    <section className="panel patient">
      <h1 id="screen-title">Patient</h1>
      {error && (
        <p className="refusal" role="alert">
          {error}
        </p>
      )}
      {active ? (
        <>
          <div className="protocol-actions">
            <button type="button" className="button" onClick={() => setActive(null)}>
              Switch patient
            </button>
            <span className="search-context">Expires {new Date(active.context.expiresAt).toLocaleString()}</span>
          </div>
          <PatientForm key={active.id} initial={active.context.fields} onSave={saveForm} />
          <VitalsEntry fields={active.context.fields} onSave={save} />
          <GivenDoses contextId={active.id} />
        </>
      ) : (
        <>
          <PatientForm key="new" initial={{ vitals: [], allergies: [] }} onSave={saveForm} />
          <OpenPatients onOpen={(id) => runAction('Opening the patient', () => open(id))} />
        </>
      )}
    </section>
  );
}
