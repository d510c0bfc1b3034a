import { describe, expect, it } from 'vitest';
import { bundledFormulary } from './bundled-formulary';
import { calculateDose, type DoseRequest } from './engine';
import { textNames } from './safety-warnings';

/** Every case here doses from the bundled formulary, as the CLI does. */
const calculate = (request: unknown) => calculateDose(request, bundledFormulary());

const now = '2025-07-01T12:00:00Z';
const adult = { weight_kg: 80, age_years: 50, now };
const warningsOf = (request: Partial<DoseRequest>) => {
  const result = calculate({ ...adult, ...request });
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value.warnings;
};
const having = (code: string, severity?: string) =>
  expect.arrayContaining([expect.objectContaining({ code, ...(severity ? { severity } : {}) })]);

describe('allergy, interaction and contraindication warnings', () => {
  it('matches allergies by generic name, brand, abbreviation and class', () => {
    expect(warningsOf({ medication: 'epinephrine', route: 'IM', allergies: ['epi'] })).toEqual(
      having('ALLERGY', 'danger'),
    );
    expect(warningsOf({ medication: 'morphine', route: 'IV', allergies: ['Codeine (hives)'] })).toEqual(
      having('ALLERGY', 'danger'),
    );
    expect(warningsOf({ medication: 'fentanyl', route: 'IN', allergies: ['opiates'] })).toEqual(having('ALLERGY'));
    expect(warningsOf({ medication: 'ketorolac', route: 'IM', allergies: ['NSAIDs'] })).toEqual(having('ALLERGY'));
    expect(warningsOf({ medication: 'aspirin', route: 'PO', allergies: ['ASA'] })).toEqual(having('ALLERGY'));
    expect(warningsOf({ medication: 'ondansetron', route: 'ODT', allergies: ['zofran'] })).toEqual(having('ALLERGY'));
    expect(warningsOf({ medication: 'midazolam', route: 'IM', indication: 'seizure', allergies: ['benzos'] })).toEqual(
      having('ALLERGY'),
    );
  });

  it('raises no allergy warning where nothing matches: sulfa, penicillin and latex touch no drug of this formulary', () => {
    for (const m of bundledFormulary().dosable) {
      for (const route of m.routes) {
        const result = calculate({
          ...adult,
          medication: m.id,
          route,
          indication: m.indications[0],
          sbp_mmhg: 140,
          allergies: ['sulfa', 'penicillin', 'latex', 'shellfish'],
        });
        if (result.ok)
          expect({ med: m.id, allergy: result.value.warnings.some((w) => w.code === 'ALLERGY') }).toEqual({
            med: m.id,
            allergy: false,
          });
      }
    }
  });

  it('keeps the patient’s own allergy text out of the warning (it is recorded unsealed)', () => {
    const [allergy] = warningsOf({
      medication: 'morphine',
      route: 'IV',
      allergies: ['codeine - swelled up in 2019'],
    }).filter((w) => w.code === 'ALLERGY');
    expect(allergy?.message).toContain('codeine');
    expect(allergy?.message).not.toContain('2019');
  });

  it('warns against nitroglycerin after a PDE-5 inhibitor, whether the request says so or the medication list names one', () => {
    const nitro = { medication: 'nitroglycerin', route: 'SL', indication: 'chest pain', sbp_mmhg: 130 };
    expect(warningsOf({ ...nitro, pde5_inhibitor_within_48h: true })).toEqual(having('INTERACTION', 'danger'));
    expect(warningsOf({ ...nitro, home_medications: ['Cialis 5 mg daily'] })).toEqual(having('INTERACTION', 'danger'));
    expect(warningsOf(nitro).some((w) => w.code === 'INTERACTION')).toBe(false);
  });

  it('warns about interactions with the patient’s medications', () => {
    expect(
      warningsOf({ medication: 'adenosine', route: 'IV', indication: 'svt', home_medications: ['Tegretol'] }),
    ).toEqual(having('INTERACTION', 'danger'));
    expect(
      warningsOf({
        medication: 'calcium-chloride',
        route: 'IV',
        indication: 'hyperkalemia',
        home_medications: ['digoxin 0.125'],
      }),
    ).toEqual(having('INTERACTION', 'danger'));
    expect(warningsOf({ medication: 'ketorolac', route: 'IV', home_medications: ['Eliquis'] })).toEqual(
      having('INTERACTION', 'danger'),
    );
    expect(
      warningsOf({ medication: 'albuterol', route: 'NEB', indication: 'wheezing', home_medications: ['metoprolol'] }),
    ).toEqual(having('INTERACTION', 'caution'));
  });

  it('warns about interactions with what this patient was already given', () => {
    const given = (medication: string) => [
      { medication, dose: { value: 1, unit: 'mg' as const }, at: '2025-07-01T11:50:00Z' },
    ];
    expect(warningsOf({ medication: 'olanzapine', route: 'ODT', given_doses: given('ondansetron') })).toEqual(
      having('INTERACTION', 'danger'),
    );
    expect(warningsOf({ medication: 'ondansetron', route: 'ODT', given_doses: given('olanzapine') })).toEqual(
      having('INTERACTION', 'danger'),
    );
    expect(
      warningsOf({
        medication: 'sodium-bicarbonate',
        route: 'IV',
        indication: 'hyperkalemia',
        given_doses: given('calcium-chloride'),
      }),
    ).toEqual(having('INTERACTION', 'caution'));
    expect(
      warningsOf({
        medication: 'midazolam',
        route: 'IM',
        indication: 'agitation',
        given_doses: [{ medication: 'fentanyl', dose: { value: 50, unit: 'mcg' }, at: '2025-07-01T11:50:00Z' }],
      }),
    ).toEqual(having('INTERACTION', 'caution'));
  });

  it('lists the contraindications to rule out, and the reference’s age cautions', () => {
    const morphine = warningsOf({ medication: 'morphine', route: 'IV' }).find((w) => w.code === 'CONTRAINDICATIONS');
    expect(morphine?.message).toMatch(/Hypotension.*narcotics.*labor/);
    expect(warningsOf({ medication: 'epinephrine', route: 'IM' }).some((w) => w.code === 'CONTRAINDICATIONS')).toBe(
      false,
    );
    expect(warningsOf({ medication: 'olanzapine', route: 'ODT', age_years: 75 })).toEqual(having('AGE_CAUTION'));
    expect(warningsOf({ medication: 'olanzapine', route: 'ODT' }).some((w) => w.code === 'AGE_CAUTION')).toBe(false);
  });

  it('reads free text simply: whole names, prefixes of three letters or more, and words inside a phrase', () => {
    expect(textNames('epi', 'epinephrine')).toBe(true);
    expect(textNames('allergic to morphine sulfate', 'morphine')).toBe(true);
    expect(textNames('nsaids', 'nsaid')).toBe(true);
    expect(textNames('ep', 'epinephrine')).toBe(false);
    expect(textNames('casa', 'asa')).toBe(false);
    expect(textNames('asa', 'asa')).toBe(true);
  });
});
