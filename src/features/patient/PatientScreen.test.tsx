import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { confirmDose, savePatient } from '../../app/actions/clinical-acts';
import { useActivePatient } from '../../app/active-patient-store';
import { RigsideDb } from '../../data/db';
import { bundledFormulary } from '../../domain/dosing/bundled-formulary';
import { calculateDose, type DoseRequest } from '../../domain/dosing/engine';
import { renderWithServices } from '../../../tests/unit/render-with-services';
import { PatientScreen } from './PatientScreen';

let db: RigsideDb;
beforeEach(() => {
  db = new RigsideDb(`test-patient-${crypto.randomUUID()}`);
  useActivePatient.getState().setActive(null);
});
afterEach(async () => {
  cleanup();
  await db.delete();
});

async function recordDose(contextId: string, request: DoseRequest) {
  const outcome = calculateDose(request, bundledFormulary());
  if (!outcome.ok) throw new Error(outcome.error.message);
  await confirmDose(db, { request, result: outcome.value, contextId });
}

describe('Patient screen', () => {
  it('opens a new patient from the form, sealed on the device, and shows it as the open patient', async () => {
    const user = userEvent.setup();
    renderWithServices(db, <PatientScreen />);
    await user.type(screen.getByLabelText('Age (yrs)'), '3');
    await user.type(screen.getByLabelText('Weight (kg)'), '14');
    await user.click(screen.getByRole('button', { name: 'female' }));
    await user.type(screen.getByLabelText('Allergies (comma separated)'), 'penicillin, latex');
    await user.click(screen.getByRole('button', { name: 'Save patient' }));
    await screen.findByRole('button', { name: 'Switch patient' });
    expect(useActivePatient.getState().active).toMatchObject({
      ageYears: 3,
      weightKg: 14,
      context: { fields: { sex: 'female', allergies: ['penicillin', 'latex'] } },
    });
    const [row] = await db.patientContexts.toArray();
    expect(JSON.stringify(row)).not.toMatch(/penicillin/);
    expect(await db.auditEvents.where('action').equals('patient_context_opened').count()).toBe(1);
  });

  it('refuses a weight that is not a number, naming the field, and saves nothing', async () => {
    const user = userEvent.setup();
    renderWithServices(db, <PatientScreen />);
    await user.type(screen.getByLabelText('Weight (kg)'), '14kg');
    await user.click(screen.getByRole('button', { name: 'Save patient' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Not saved:[\s\S]*weight_kg/);
    expect(await db.patientContexts.count()).toBe(0);
    expect(useActivePatient.getState().active).toBeNull();
  });

  it('adds a timestamped vitals reading to the open patient and clears the boxes', async () => {
    useActivePatient.getState().setActive(await savePatient(db, { fields: { age_years: 40, weight_kg: 80 } }));
    const user = userEvent.setup();
    renderWithServices(db, <PatientScreen />);
    expect(screen.getByRole('button', { name: 'Add vitals now' })).toHaveProperty('disabled', true);
    await user.type(screen.getByLabelText('SBP'), '138');
    await user.type(screen.getByLabelText('HR'), '96');
    await user.click(screen.getByRole('button', { name: 'Add vitals now' }));
    await waitFor(() => expect(useActivePatient.getState().active?.context.fields.vitals).toHaveLength(1));
    expect(useActivePatient.getState().active?.context.fields.vitals[0]).toMatchObject({
      systolic: 138,
      heart_rate: 96,
    });
    const row = within(screen.getByRole('table')).getAllByRole('row')[1]!;
    expect(row.textContent).toContain('138');
    // The store updates before the form clears its boxes: wait for the render that follows.
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>('SBP').value).toBe(''));
  });

  it('lists the doses given with running totals, and reports a recorded dose it cannot read instead of dropping it', async () => {
    const context = await savePatient(db, { fields: { age_years: 40, weight_kg: 80 } });
    useActivePatient.getState().setActive(context);
    const now = new Date().toISOString();
    await recordDose(context.id, { medication: 'morphine', route: 'IV', weight_kg: 80, age_years: 40, now });
    await recordDose(context.id, { medication: 'fentanyl', route: 'IV', weight_kg: 80, age_years: 40, now });
    // A row an older or broken version left behind: no dose in it.
    await db.dosingCalculations.add({
      id: 'broken-row',
      createdAt: now,
      contextId: context.id,
      result: { medication: 'morphine' },
    });
    renderWithServices(db, <PatientScreen />);
    await waitFor(() => expect(screen.getByTestId('given-doses').children).toHaveLength(2));
    expect(screen.getByTestId('dose-totals').textContent).toBe('Running totals: morphine 4 mg · fentanyl 50 mcg');
    expect(screen.getByTestId('unreadable-doses').textContent).toMatch(/^1 recorded dose\(s\) could not be read/);
  });

  it('picks up a patient opened earlier on this device', async () => {
    const context = await savePatient(db, { fields: { age_years: 7, weight_kg: 24, chief_complaint: 'Asthma' } });
    const user = userEvent.setup();
    renderWithServices(db, <PatientScreen />);
    await user.click(await screen.findByRole('button', { name: /^Started / }));
    await screen.findByRole('button', { name: 'Switch patient' });
    expect(useActivePatient.getState().active?.id).toBe(context.id);
    expect(screen.getByLabelText<HTMLInputElement>('Chief complaint').value).toBe('Asthma');
  });
});
