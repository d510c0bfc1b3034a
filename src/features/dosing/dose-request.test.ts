import { describe, expect, it } from 'vitest';
import { bundledFormulary } from '../../domain/dosing/bundled-formulary';
import { calculateDose } from '../../domain/dosing/engine';
import { assembleDoseRequest, doseQuestions, type DoseForm } from './dose-request';

const formulary = bundledFormulary();
const now = '2026-12-01T10:00:00Z';
const blank: DoseForm = {
  route: '',
  indication: '',
  weight: '',
  weightUnit: 'kg',
  age: '',
  weightConfirmed: false,
  sbp: '',
  pde5: false,
  baseOrder: false,
  homeMedications: '',
};
const questionsFor = (id: string, route = '') =>
  doseQuestions(
    formulary.byId(id),
    formulary.dosable.find((m) => m.id === id),
    route,
  );
const assemble = (id: string, form: Partial<DoseForm>, patient: Parameters<typeof assembleDoseRequest>[3] = null) =>
  assembleDoseRequest(
    formulary.dosable.find((m) => m.id === id),
    questionsFor(id, form.route ?? ''),
    { ...blank, ...form },
    patient,
    now,
  );

describe('the Dosing screen’s request', () => {
  it('waits for a medication, a route and a weight', () => {
    expect(assemble('epinephrine', { weight: '14' })).toBeNull();
    expect(assemble('epinephrine', { route: 'IM' })).toBeNull();
    expect(
      assembleDoseRequest(
        undefined,
        questionsFor('epinephrine', 'IM'),
        { ...blank, route: 'IM', weight: '14' },
        null,
        now,
      ),
    ).toBeNull();
  });

  it('takes the only route without a tap, and ignores a tapped route the medication does not have', () => {
    expect(questionsFor('adenosine').route).toBe('IV');
    expect(questionsFor('epinephrine', 'PO').route).toBeNull();
    expect(questionsFor('epinephrine', 'IM').route).toBe('IM');
  });

  it('offers the indications of the chosen route only', () => {
    expect(questionsFor('epinephrine', 'NEB').indications.map((i) => i.id)).toEqual(['stridor']);
    expect(questionsFor('epinephrine', 'IM').indications.map((i) => i.id)).toEqual(
      expect.arrayContaining(['anaphylaxis', 'bronchospasm']),
    );
    expect(questionsFor('epinephrine').indications).toEqual([]);
  });

  it('asks for SBP and the PDE-5 question only for the medications that need them (nitroglycerin)', () => {
    expect(questionsFor('nitroglycerin')).toMatchObject({ asksSbp: true, asksPde5: true });
    expect(questionsFor('morphine')).toMatchObject({ asksSbp: false, asksPde5: false });
    expect(assemble('morphine', { route: 'IV', weight: '70', sbp: '80', pde5: true })).not.toHaveProperty('sbp_mmhg');
    expect(assemble('nitroglycerin', { weight: '70', sbp: '141.6', pde5: true })).toMatchObject({
      sbp_mmhg: 142,
      pde5_inhibitor_within_48h: true,
    });
  });

  it('sends the weight as typed in the unit chosen, so the engine refuses what is not a weight with its reason', () => {
    expect(assemble('epinephrine', { route: 'IM', weight: '31', weightUnit: 'lb' })).toMatchObject({ weight_lb: '31' });
    const typo = assemble('epinephrine', { route: 'IM', weight: '1o' });
    expect(typo).toMatchObject({ weight_kg: '1o' });
    expect(calculateDose(typo, formulary)).toMatchObject({ ok: false, error: { code: 'WEIGHT_NOT_A_NUMBER' } });
  });

  it('leaves out an age that is not a number rather than guessing one', () => {
    expect(assemble('epinephrine', { route: 'IM', weight: '14', age: 'three' })).not.toHaveProperty('age_years');
    expect(assemble('epinephrine', { route: 'IM', weight: '14', age: '0.5' })).toMatchObject({ age_years: 0.5 });
  });

  it('carries the open patient’s allergies and recorded doses, the crew’s own-medication list, Base orders and the time', () => {
    const given = [{ medication: 'morphine', dose: { value: 4, unit: 'mg' as const }, at: '2026-12-01T09:50:00Z' }];
    const request = assemble(
      'morphine',
      { route: 'IV', weight: '80', homeMedications: 'Eliquis, , metoprolol ', baseOrder: true, weightConfirmed: true },
      { allergies: ['sulfa'], given },
    );
    expect(request).toEqual({
      medication: 'morphine',
      route: 'IV',
      now,
      weight_kg: '80',
      weight_confirmed: true,
      base_order: true,
      allergies: ['sulfa'],
      home_medications: ['Eliquis', 'metoprolol'],
      given_doses: given,
    });
    expect(calculateDose(request, formulary)).toMatchObject({
      ok: true,
      value: { dose_number: 2, given_total: { value: 4 } },
    });
  });
});
