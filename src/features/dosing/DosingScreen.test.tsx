import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DosingScreen } from './DosingScreen';
import { savePatient } from '../../app/actions/clinical-acts';
import { useActivePatient } from '../../app/active-patient-store';
import { refreshFormulary, useFormulary } from '../../app/formulary-store';
import { useUi } from '../../app/ui-store';
import { RigsideDb } from '../../data/db';
import { applyDatasetBundle } from '../../data/reference-mirror';
import { bundledFormulary, bundledFormularyRecords } from '../../domain/dosing/bundled-formulary';
import { buildDatasetBundle } from '../../data/dataset-bundle';
import { renderWithServices } from '../../../tests/unit/render-with-services';

let db: RigsideDb;
beforeEach(() => {
  db = new RigsideDb(`test-dosing-${crypto.randomUUID()}`);
  useUi.setState({ screen: 'dosing', medication: null, protocol: null });
  useFormulary.getState().set({ status: 'ready', formulary: bundledFormulary(), datasetVersion: '1.0.0' });
  useActivePatient.getState().setActive(null);
});
afterEach(async () => {
  cleanup();
  await db.delete();
});

function renderScreen() {
  return renderWithServices(db, <DosingScreen />);
}

/** Types into the search-as-you-type picker and taps the matching option. */
async function pick(user: ReturnType<typeof userEvent.setup>, name: string) {
  await user.type(screen.getByRole('combobox', { name: 'Medication' }), name);
  await user.click(screen.getByRole('option', { name: new RegExp(`^${name}`, 'i') }));
}

describe('Dosing screen', () => {
  it('finds a medication by brand name while typing and picks it with the keyboard', async () => {
    const user = userEvent.setup();
    renderScreen();
    await user.type(screen.getByRole('combobox', { name: 'Medication' }), 'zofr');
    expect(screen.getByRole('option', { selected: true }).textContent).toMatch(/Ondansetron/);
    await user.keyboard('{Enter}');
    expect(screen.getByRole<HTMLInputElement>('combobox', { name: 'Medication' }).value).toBe('Ondansetron');
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('shows mg and mL side by side with the colour band, and records only on confirm', async () => {
    const user = userEvent.setup();
    renderScreen();
    await pick(user, 'morphine');
    await user.click(screen.getByRole('button', { name: 'IV' }));
    await user.type(screen.getByLabelText('Weight'), '12');
    expect(screen.getByTestId('dose-amount').textContent).toBe('1.2 mg');
    expect(screen.getByTestId('dose-volume').textContent).toBe('0.3 mL');
    expect(screen.getByTestId('color-band').textContent).toContain('Yellow');
    expect(await db.dosingCalculations.count()).toBe(0);

    await user.click(screen.getByRole('button', { name: 'Confirm and record' }));
    await waitFor(async () => expect(await db.dosingCalculations.count()).toBe(1));
    const [event] = await db.outboxEvents.where('kind').equals('dosing_calculation').toArray();
    expect(event?.payload).toMatchObject({
      medication: 'morphine',
      dose: { value: 1.2, unit: 'mg' },
      formulary_version: expect.any(String),
    });
  });

  it('keeps what the crew typed in the picker when a pull brings a new formulary mid-word', async () => {
    const user = userEvent.setup();
    renderScreen();
    const picker = screen.getByRole<HTMLInputElement>('combobox', { name: 'Medication' });
    await user.type(picker, 'epinep');
    act(() => useFormulary.getState().set({ status: 'ready', formulary: bundledFormulary(), datasetVersion: '1.0.1' }));
    expect(screen.getByRole<HTMLInputElement>('combobox', { name: 'Medication' })).toBe(picker);
    expect(picker.value).toBe('epinep');
    await user.type(picker, 'h');
    await user.click(screen.getByRole('option', { name: /^Epinephrine/ }));
    expect(picker.value).toMatch(/^Epinephrine/);
  });

  it('converts a weight in pounds and shows both numbers', async () => {
    const user = userEvent.setup();
    renderScreen();
    await pick(user, 'lidocaine');
    await user.click(screen.getByRole('button', { name: 'lb' }));
    await user.type(screen.getByLabelText('Weight'), '22');
    expect(screen.getByTestId('color-band').textContent).toContain('22 lb = 10 kg');
  });

  it('fills the weight from a tape colour', async () => {
    const user = userEvent.setup();
    renderScreen();
    await pick(user, 'adenosine'); // IV only: no route to choose
    await user.click(screen.getByRole('button', { name: /^Blue/ }));
    expect(screen.getByTestId('color-band').textContent).toContain('Blue');
  });

  it('refuses with the reason instead of showing a dose when the age and weight disagree', async () => {
    const user = userEvent.setup();
    renderScreen();
    await pick(user, 'epinephrine');
    await user.click(screen.getByRole('button', { name: 'IM' }));
    await user.type(screen.getByLabelText('Weight'), '33');
    await user.type(screen.getByLabelText('Age (yrs)'), '3');
    expect(screen.getByRole('alert').textContent).toMatch(/unusual for 3 years/);
    expect(screen.queryByTestId('dose-result')).toBeNull();
  });

  it('shows the tape colour as the weight is typed, before a medication is chosen', async () => {
    const user = userEvent.setup();
    renderScreen();
    await user.type(screen.getByLabelText('Weight'), '21');
    expect(screen.getByTestId('weight-band').textContent).toBe('Blue · 21 kg');
    await user.clear(screen.getByLabelText('Weight'));
    await user.type(screen.getByLabelText('Weight'), '40');
    expect(screen.getByTestId('weight-band').textContent).toMatch(/^Longer than the tape .*adult doses · 40 kg$/);
    await user.clear(screen.getByLabelText('Weight'));
    await user.type(screen.getByLabelText('Weight'), '2');
    expect(screen.getByTestId('weight-band').textContent).toMatch(/^Below the tape/);
  });

  it('doses from the formulary mirrored on the device: a changed record changes the dose shown and the version recorded', async () => {
    const medications = bundledFormularyRecords();
    const morphine = medications.find((m) => m.id === 'morphine')!;
    const rule = morphine.rules.find((r) => r.id === 'morphine-pediatric')!;
    rule.dose = { kind: 'per_kg', per_kg: 0.05, max: 4 };
    morphine.formulary_version = 'agency-morphine-2';
    await applyDatasetBundle(
      db,
      await buildDatasetBundle({ protocols: [], provider_impressions: [], medications }, '2.0.0'),
    );
    expect(await refreshFormulary(db)).toMatchObject({ status: 'ready', datasetVersion: '2.0.0' });

    const user = userEvent.setup();
    renderScreen();
    await pick(user, 'morphine');
    await user.click(screen.getByRole('button', { name: 'IV' }));
    await user.type(screen.getByLabelText('Weight'), '12');
    expect(screen.getByTestId('dose-amount').textContent).toBe('0.6 mg');
    await user.click(screen.getByRole('button', { name: 'Confirm and record' }));
    await waitFor(async () => expect(await db.dosingCalculations.count()).toBe(1));
    const [event] = await db.outboxEvents.where('kind').equals('dosing_calculation').toArray();
    expect(event?.payload).toMatchObject({ dose: { value: 0.6, unit: 'mg' }, formulary_version: 'agency-morphine-2' });
  });

  it('says why no dose can be calculated when the device has no valid formulary', async () => {
    expect(await refreshFormulary(db)).toMatchObject({ status: 'failed' });
    renderScreen();
    expect(screen.getByRole('alert').textContent).toMatch(
      /No doses can be calculated: No dataset is on this device yet/,
    );
    expect(screen.queryByRole('combobox', { name: 'Medication' })).toBeNull();
  });

  it('tells the crew when a dose recorded for the open patient cannot be read, instead of counting without it quietly', async () => {
    const context = await savePatient(db, { fields: { age_years: 40, weight_kg: 80 } });
    useActivePatient.getState().setActive(context);
    await db.dosingCalculations.add({
      id: 'broken-row',
      createdAt: new Date().toISOString(),
      contextId: context.id,
      result: { medication: 'morphine', dose: { value: -4, unit: 'mg' } },
    });
    renderScreen();
    expect((await screen.findByTestId('unreadable-doses')).textContent).toMatch(
      /^1 recorded dose\(s\) for this patient could not be read/,
    );
  });
});
