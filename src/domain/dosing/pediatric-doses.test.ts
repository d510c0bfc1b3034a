import { describe, expect, it } from 'vitest';
import { bundledFormulary } from './bundled-formulary';
import { calculateDose, type DoseRequest } from './engine';

/** Every case here doses from the bundled formulary, as the CLI does. */
const calculate = (request: unknown) => calculateDose(request, bundledFormulary());

const now = '2025-07-01T12:00:00Z';
const ago = (minutes: number) => new Date(Date.parse(now) - minutes * 60_000).toISOString();

type Row = [
  label: string,
  request: Partial<DoseRequest>,
  dose: number,
  unit: string,
  volumeMl: number | null,
  quantity?: number,
];

/**
 * MCG 1309 rows and 1317.x pediatric doses that are not a plain per-kg formula, typed in by
 * hand from the chart pages and the Drug Reference (so this runs without ../shared).
 */
const ROWS: Row[] = [
  [
    'albuterol neb, 3 kg page (Grey)',
    { medication: 'albuterol', route: 'NEB', indication: 'wheezing', weight_kg: 3 },
    2.5,
    'mg',
    3,
  ],
  [
    'albuterol neb, 14 kg page (Yellow)',
    { medication: 'albuterol', route: 'NEB', indication: 'wheezing', weight_kg: 14 },
    2.5,
    'mg',
    3,
  ],
  [
    'albuterol neb, 16 kg page, under 4 years',
    { medication: 'albuterol', route: 'NEB', indication: 'wheezing', weight_kg: 16, age_years: 3 },
    2.5,
    'mg',
    3,
  ],
  [
    'albuterol neb, 16 kg page, 4 years or more',
    { medication: 'albuterol', route: 'NEB', indication: 'wheezing', weight_kg: 16, age_years: 4 },
    5,
    'mg',
    6,
  ],
  [
    'albuterol neb, 20 kg page (Blue)',
    { medication: 'albuterol', route: 'NEB', indication: 'wheezing', weight_kg: 20 },
    5,
    'mg',
    6,
  ],
  [
    '1317.3 albuterol MDI, 2 years: 2 puffs',
    { medication: 'albuterol', route: 'MDI', weight_kg: 12, age_years: 2 },
    180,
    'mcg',
    null,
    2,
  ],
  [
    '1317.3 albuterol MDI, 5 years: 4 puffs',
    { medication: 'albuterol', route: 'MDI', weight_kg: 18, age_years: 5 },
    360,
    'mcg',
    null,
    4,
  ],
  ['epinephrine neb, 8 kg page (Red)', { medication: 'epinephrine', route: 'NEB', weight_kg: 8 }, 2.5, 'mg', 2.5],
  ['epinephrine neb, 10 kg page (Purple)', { medication: 'epinephrine', route: 'NEB', weight_kg: 10 }, 5, 'mg', 5],
  [
    '1317.17 epinephrine neb, 9 months at 10 kg',
    { medication: 'epinephrine', route: 'NEB', weight_kg: 10, age_months: 9 },
    2.5,
    'mg',
    2.5,
  ],
  ['glucagon, 9 kg page', { medication: 'glucagon', route: 'IM', weight_kg: 9 }, 0.5, 'mg', 0.5],
  ['glucagon, 10 kg page', { medication: 'glucagon', route: 'IM', weight_kg: 10 }, 1, 'mg', 1],
  [
    '1317.20 glucagon, 11 months at 10 kg',
    { medication: 'glucagon', route: 'IM', weight_kg: 10, age_months: 11 },
    0.5,
    'mg',
    0.5,
  ],
  [
    'midazolam seizure 0-11 mo, 5 kg page',
    { medication: 'midazolam', route: 'IM', indication: 'seizure', weight_kg: 5, age_months: 2 },
    1,
    'mg',
    0.2,
  ],
  [
    'midazolam seizure 0-11 mo, 11 kg page',
    { medication: 'midazolam', route: 'IN', indication: 'seizure', weight_kg: 11, age_months: 11 },
    2.2,
    'mg',
    0.44,
  ],
  [
    'PediDOSE 12-16 months',
    { medication: 'midazolam', route: 'IN', indication: 'seizure', weight_kg: 10, age_months: 13 },
    1.25,
    'mg',
    0.25,
  ],
  [
    'PediDOSE 17 months to 5 years',
    { medication: 'midazolam', route: 'IN', indication: 'seizure', weight_kg: 14, age_years: 3 },
    2.5,
    'mg',
    0.5,
  ],
  [
    'PediDOSE 6-11 years',
    { medication: 'midazolam', route: 'IM', indication: 'seizure', weight_kg: 26, age_years: 8 },
    5,
    'mg',
    1,
  ],
  [
    'PediDOSE 12 years or more, on the tape',
    { medication: 'midazolam', route: 'IM', indication: 'seizure', weight_kg: 36, age_years: 12 },
    10,
    'mg',
    2,
  ],
  [
    'PediDOSE age unknown, Grey',
    { medication: 'midazolam', route: 'IM', indication: 'seizure', weight_kg: 4 },
    0.8,
    'mg',
    0.16,
  ],
  [
    'PediDOSE age unknown, Red',
    { medication: 'midazolam', route: 'IM', indication: 'seizure', weight_kg: 8 },
    1.25,
    'mg',
    0.25,
  ],
  [
    'PediDOSE age unknown, Yellow',
    { medication: 'midazolam', route: 'IM', indication: 'seizure', weight_kg: 13 },
    2.5,
    'mg',
    0.5,
  ],
  [
    'PediDOSE age unknown, Green',
    { medication: 'midazolam', route: 'IM', indication: 'seizure', weight_kg: 30 },
    5,
    'mg',
    1,
  ],
  [
    'midazolam IN/IM agitation, 3 kg page',
    { medication: 'midazolam', route: 'IN', indication: 'agitation', weight_kg: 3 },
    0.6,
    'mg',
    0.12,
  ],
  [
    'midazolam IN/IM agitation, 26 kg page',
    { medication: 'midazolam', route: 'IM', indication: 'agitation', weight_kg: 26 },
    5,
    'mg',
    1,
  ],
  [
    'ondansetron ODT, 16 kg page, 4 years',
    { medication: 'ondansetron', route: 'ODT', weight_kg: 16, age_years: 4 },
    4,
    'mg',
    null,
    1,
  ],
  ['ondansetron ODT, 20 kg page', { medication: 'ondansetron', route: 'ODT', weight_kg: 20 }, 4, 'mg', null, 1],
  [
    'ketorolac IV, 16 kg page, 4 years',
    { medication: 'ketorolac', route: 'IV', weight_kg: 16, age_years: 4 },
    8,
    'mg',
    0.53,
  ],
  ['ketorolac IM, 30 kg page', { medication: 'ketorolac', route: 'IM', weight_kg: 30 }, 15, 'mg', 1],
  ['dextrose 10%, 3 kg page', { medication: 'dextrose', route: 'IV', weight_kg: 3 }, 15, 'mL', 15],
  ['dextrose 10%, 24 kg page', { medication: 'dextrose', route: 'IV', weight_kg: 24 }, 120, 'mL', 120],
  ['dextrose 10%, 26 kg page', { medication: 'dextrose', route: 'IO', weight_kg: 26 }, 125, 'mL', 125],
  ['dextrose 10%, 36 kg page', { medication: 'dextrose', route: 'IV', weight_kg: 36 }, 125, 'mL', 125],
  ['naloxone, 3 kg page', { medication: 'naloxone', route: 'IM', weight_kg: 3 }, 0.3, 'mg', 0.3],
  ['naloxone, 20 kg page', { medication: 'naloxone', route: 'IN', weight_kg: 20 }, 2, 'mg', 2],
  ['naloxone, 22 kg page', { medication: 'naloxone', route: 'IV', weight_kg: 22 }, 2, 'mg', 2],
  ['Glucopaste, 20 kg page', { medication: 'oral-glucose', route: 'PO', weight_kg: 20 }, 15, 'g', null, 1],
  [
    'DuoDote severe, 22 kg page',
    { medication: 'duodote', route: 'IM', indication: 'severe', weight_kg: 22 },
    1,
    'autoinjector',
    null,
    1,
  ],
  [
    'DuoDote severe, 24 kg page',
    { medication: 'duodote', route: 'IM', indication: 'severe', weight_kg: 24 },
    2,
    'autoinjector',
    null,
    2,
  ],
  [
    '1317.37 DuoDote moderate, Green',
    { medication: 'duodote', route: 'IM', indication: 'moderate', weight_kg: 33 },
    1,
    'autoinjector',
    null,
    1,
  ],
  [
    '1317.37 atropine for a mild nerve-agent exposure',
    { medication: 'atropine', route: 'IM', indication: 'nerve agent', weight_kg: 10 },
    0.2,
    'mg',
    2,
  ],
  [
    '1317.9 atropine for organophosphates, 0.05 mg/kg',
    { medication: 'atropine', route: 'IV', indication: 'organophosphate', weight_kg: 10 },
    0.5,
    'mg',
    5,
  ],
  ['TP 1240-P CHEMPACK diazepam, White', { medication: 'diazepam', route: 'IV', weight_kg: 16.5 }, 3, 'mg', 0.6],
  ['TP 1240-P CHEMPACK diazepam, Green', { medication: 'diazepam', route: 'IM', weight_kg: 33 }, 6, 'mg', 1.2],
];

describe('pediatric doses beyond the per-kg rows (MCG 1309, 1317.x)', () => {
  it.each(ROWS)('%s', (_label, request, dose, unit, volumeMl, quantity) => {
    const result = calculate(request);
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    expect(result.value).toMatchObject({ population: 'pediatric', dose: { value: dose, unit }, volume_ml: volumeMl });
    if (quantity !== undefined) expect(result.value.quantity?.value).toBe(quantity);
  });

  it('asks for the age where the tape colour does not settle the dose, and refuses below the age limits', () => {
    expect(calculate({ medication: 'albuterol', route: 'NEB', indication: 'wheezing', weight_kg: 16 })).toMatchObject({
      ok: false,
      error: { code: 'AGE_REQUIRED', message: expect.stringContaining('White') },
    });
    expect(calculate({ medication: 'albuterol', route: 'MDI', weight_kg: 20 })).toMatchObject({
      ok: false,
      error: { code: 'AGE_REQUIRED' },
    });
    expect(calculate({ medication: 'ondansetron', route: 'ODT', weight_kg: 14 })).toMatchObject({
      ok: false,
      error: { code: 'AGE_LIMIT' },
    });
    expect(calculate({ medication: 'ondansetron', route: 'ODT', weight_kg: 16 })).toMatchObject({
      ok: false,
      error: { code: 'AGE_REQUIRED' },
    });
    expect(calculate({ medication: 'ondansetron', route: 'ODT', weight_kg: 16, age_years: 3 })).toMatchObject({
      ok: false,
      error: { code: 'AGE_LIMIT', message: expect.stringContaining('4 years') },
    });
    expect(calculate({ medication: 'ketorolac', route: 'IM', weight_kg: 12, age_years: 2 })).toMatchObject({
      ok: false,
      error: { code: 'AGE_LIMIT' },
    });
    expect(calculate({ medication: 'oral-glucose', route: 'PO', weight_kg: 17 })).toMatchObject({
      ok: false,
      error: { code: 'AGE_REQUIRED' },
    });
  });

  it('shows the dextrose range as 125 mL now and up to 5 mL/kg before Base (28 kg page: 125-140 mL)', () => {
    expect(calculate({ medication: 'dextrose', route: 'IV', weight_kg: 28 })).toMatchObject({
      ok: true,
      value: { dose: { value: 125 }, max_total: { value: 140, scope: 'before_base' }, capped: false },
    });
    const more = calculate({
      medication: 'dextrose',
      route: 'IV',
      weight_kg: 28,
      now,
      given_doses: [{ medication: 'dextrose', dose: { value: 125, unit: 'mL' }, at: ago(4) }],
    });
    expect(more).toMatchObject({
      ok: true,
      value: { dose: { value: 15 }, volume_ml: 15, capped: true, given_total: { value: 125 } },
    });
    const withBase = calculate({
      medication: 'dextrose',
      route: 'IV',
      weight_kg: 28,
      base_order: true,
      now,
      given_doses: [{ medication: 'dextrose', dose: { value: 140, unit: 'mL' }, at: ago(4) }],
    });
    // With Base: 10 mL/kg, never over 250 mL in all, so 110 mL remain after 140 mL.
    expect(withBase).toMatchObject({
      ok: true,
      value: { dose: { value: 110 }, capped: true, max_total: { value: 250, scope: 'total' } },
    });
  });

  it('gives a child’s second adenosine at 0.2 mg/kg and second lidocaine at half the first', () => {
    const given = (medication: string, value: number) => [
      { medication, dose: { value, unit: 'mg' as const }, at: ago(3) },
    ];
    expect(calculate({ medication: 'adenosine', route: 'IV', weight_kg: 20 })).toMatchObject({
      ok: true,
      value: { dose: { value: 2 }, volume_ml: 0.67 },
    });
    expect(
      calculate({ medication: 'adenosine', route: 'IV', weight_kg: 20, now, given_doses: given('adenosine', 2) }),
    ).toMatchObject({ ok: true, value: { dose: { value: 4 }, volume_ml: 1.33, dose_number: 2 } });
    expect(
      calculate({ medication: 'lidocaine', route: 'IO', weight_kg: 20, now, given_doses: given('lidocaine', 10) }),
    ).toMatchObject({ ok: true, value: { dose: { value: 5 }, volume_ml: 0.25 } });
  });

  it('sends a child’s mild nerve-agent exposure to atropine and a child’s IV seizure dose to IM/IN', () => {
    expect(calculate({ medication: 'duodote', route: 'IM', indication: 'mild', weight_kg: 10 })).toMatchObject({
      ok: false,
      error: { code: 'INDICATION_NOT_AVAILABLE', message: expect.stringContaining('atropine') },
    });
    expect(calculate({ medication: 'midazolam', route: 'IV', indication: 'seizure', weight_kg: 20 })).toMatchObject({
      ok: false,
      error: { code: 'INDICATION_NOT_AVAILABLE', message: expect.stringContaining('IM or IN') },
    });
    expect(calculate({ medication: 'midazolam', route: 'IN', weight_kg: 20 })).toMatchObject({
      ok: false,
      error: { code: 'INDICATION_REQUIRED' },
    });
  });
});
