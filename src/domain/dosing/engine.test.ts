import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bundledFormulary } from './bundled-formulary';
import { calculateDose } from './engine';
import { DOSING_ERROR_CODES } from './refusals-and-warnings';

/** Every case here doses from the bundled formulary, as the CLI does. */
const calculate = (request: unknown) => calculateDose(request, bundledFormulary());

const epiChild = { medication: 'epinephrine', route: 'IM', indication: 'anaphylaxis', weight_kg: 14, age_years: 3 };
const adult = { weight_kg: 70, age_years: 40 };
const at = (minutesAgo: number) => new Date(Date.parse('2025-07-01T12:00:00Z') - minutesAgo * 60_000).toISOString();
const now = '2025-07-01T12:00:00Z';

describe('calculateDose', () => {
  it('gives the issue’s example: epinephrine IM for a 14 kg 3-year-old', () => {
    const result = calculate(epiChild);
    expect(result).toMatchObject({
      ok: true,
      value: {
        medication: 'epinephrine',
        route: 'IM',
        dose: { value: 0.14, unit: 'mg' },
        volume_ml: 0.14,
        concentration: '1 mg/mL',
        color: 'Yellow',
        max_single: { value: 0.5, unit: 'mg' },
        capped: false,
        warnings: [],
        cardioversion_j: [14, 28, 28],
        defibrillation_j: [28, 56, 56],
        population: 'pediatric',
        dose_number: 1,
      },
    });
  });

  it('accepts names case-insensitively, brand names exactly, and pounds converted explicitly', () => {
    const result = calculate({ medication: 'Epinephrine', route: 'im', weight_lb: 31, age_years: 3 });
    expect(result).toMatchObject({
      ok: true,
      value: { weight_kg: 14.1, weight_entered: '31 lb = 14.1 kg', dose: { value: 0.141 } },
    });
    expect(calculate({ medication: 'Narcan', route: 'IN', weight_kg: 80 })).toMatchObject({
      ok: true,
      value: { medication: 'naloxone' },
    });
    expect(calculate({ medication: 'Calcium_Chloride', route: 'IV', weight_kg: 10 })).toMatchObject({
      ok: true,
      value: { medication: 'calcium-chloride' },
    });
  });

  it('refuses the pound-for-kilogram slip unless the crew confirms the weight', () => {
    expect(calculate({ ...epiChild, weight_kg: 33 })).toMatchObject({
      ok: false,
      error: { code: 'WEIGHT_IMPLAUSIBLE_FOR_AGE' },
    });
    const confirmed = calculate({ ...epiChild, weight_kg: 33, weight_confirmed: true });
    expect(confirmed).toMatchObject({ ok: true, value: { color: 'Green', dose: { value: 0.33 } } });
    if (confirmed.ok)
      expect(confirmed.value.warnings).toContainEqual(
        expect.objectContaining({ code: 'WEIGHT_CONFIRMED', message: expect.stringMatching(/confirmed/) }),
      );
  });

  it('accepts ordinary children of every age without confirmation', () => {
    const typical: Array<[number, number]> = [
      [0.25, 5],
      [1, 10],
      [2, 12],
      [3, 14],
      [5, 18],
      [8, 26],
      [10, 32],
      [12, 36],
    ];
    for (const [age, kg] of typical) expect(calculate({ ...epiChild, age_years: age, weight_kg: kg }).ok).toBe(true);
  });

  it('doses patients of 15 and older, and anyone over 36 kg, from the adult rules', () => {
    expect(calculate({ ...epiChild, ...adult })).toMatchObject({
      ok: true,
      value: {
        population: 'adult',
        color: 'Adult',
        dose: { value: 0.5 },
        cardioversion_j: [120, 150, 200],
        defibrillation_j: [200, 200, 200],
      },
    });
    expect(calculate({ ...epiChild, age_years: undefined, weight_kg: 36.5 })).toMatchObject({
      ok: true,
      value: { population: 'adult', dose: { value: 0.5 } },
    });
    expect(calculate({ ...epiChild, age_years: 15, weight_kg: 30 })).toMatchObject({
      ok: true,
      value: { population: 'adult', dose: { value: 0.5 } },
    });
    expect(calculate({ ...epiChild, age_years: 14, weight_kg: 36 })).toMatchObject({
      ok: true,
      value: { population: 'pediatric', color: 'Green', dose: { value: 0.36 } },
    });
  });

  const refusals: Array<[string, Record<string, unknown>]> = [
    ['FORMULARY_NOT_LOADED', epiChild],
    ['WEIGHT_MISSING', { medication: 'epinephrine', route: 'IM' }],
    ['WEIGHT_NOT_A_NUMBER', { ...epiChild, weight_kg: 'heavy' }],
    ['WEIGHT_NOT_POSITIVE', { ...epiChild, weight_kg: -2 }],
    ['WEIGHT_AMBIGUOUS', { ...epiChild, weight_lb: 31 }],
    ['WEIGHT_IMPLAUSIBLE', { ...epiChild, age_years: undefined, weight_kg: 900 }],
    ['WEIGHT_IMPLAUSIBLE_FOR_AGE', { ...epiChild, weight_kg: 33 }],
    ['AGE_INVALID', { ...epiChild, age_years: -1 }],
    ['REQUEST_INVALID', { ...epiChild, dose_mg: 5 }],
    ['MEDICATION_UNKNOWN', { ...epiChild, medication: 'unobtainium' }],
    ['NOT_IN_FORMULARY', { medication: 'acetaminophen', route: 'PO', ...adult }],
    ['TITRATED_NOT_CALCULATED', { medication: 'oxygen', route: 'IN', ...adult }],
    ['ROUTE_NOT_AVAILABLE', { ...epiChild, route: 'PO' }],
    ['INDICATION_REQUIRED', { ...epiChild, route: 'IV', indication: undefined }],
    ['INDICATION_NOT_AVAILABLE', { ...epiChild, indication: 'toothache' }],
    ['ADULT_ONLY', { medication: 'aspirin', route: 'PO', weight_kg: 30, age_years: 10 }],
    ['AGE_LIMIT', { medication: 'ondansetron', route: 'ODT', weight_kg: 14, age_years: 3 }],
    ['AGE_REQUIRED', { medication: 'ondansetron', route: 'IV', weight_kg: 70 }],
    ['SBP_REQUIRED', { medication: 'nitroglycerin', route: 'SL', indication: 'pulmonary edema', ...adult }],
    ['HELD_LOW_SBP', { medication: 'nitroglycerin', route: 'SL', indication: 'chest pain', sbp_mmhg: 92, ...adult }],
    ['BELOW_TAPE', { ...epiChild, age_years: undefined, weight_kg: 2.5 }],
    [
      'MAX_DOSES_REACHED',
      {
        medication: 'aspirin',
        route: 'PO',
        indication: 'chest pain',
        ...adult,
        given_doses: [{ medication: 'aspirin', dose: { value: 325, unit: 'mg' }, at: at(10) }],
        now,
      },
    ],
    [
      'MAX_TOTAL_REACHED',
      {
        medication: 'morphine',
        route: 'IV',
        ...adult,
        given_doses: [1, 2, 3].map((i) => ({
          medication: 'morphine',
          dose: { value: 4, unit: 'mg' },
          at: at(30 - i * 5),
        })),
        now,
      },
    ],
    [
      'GIVEN_DOSE_UNIT_MISMATCH',
      {
        medication: 'morphine',
        route: 'IV',
        ...adult,
        given_doses: [{ medication: 'morphine', dose: { value: 1, unit: 'mL' }, at: at(10) }],
        now,
      },
    ],
  ];

  it('asks for the time of the calculation when doses were already given, instead of reading a clock', () => {
    const given = [{ medication: 'morphine', dose: { value: 4, unit: 'mg' }, at: at(3) }];
    expect(calculate({ medication: 'morphine', route: 'IV', ...adult, given_doses: given })).toMatchObject({
      ok: false,
      error: { code: 'REQUEST_INVALID', message: expect.stringContaining('now') },
    });
    expect(calculate({ medication: 'morphine', route: 'IV', ...adult, given_doses: given, now })).toMatchObject({
      ok: true,
      value: { warnings: expect.arrayContaining([expect.objectContaining({ code: 'REPEAT_TOO_SOON' })]) },
    });
  });

  it('has a test for every refusal code', () => {
    expect(refusals.map(([code]) => code).sort()).toEqual([...DOSING_ERROR_CODES].sort());
  });

  it.each(refusals)('refuses with %s and says what to fix', (code, request) => {
    const result = code === 'FORMULARY_NOT_LOADED' ? calculateDose(request, null) : calculate(request);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).toMatch(/\w{4,}.*\w{4,}/);
    }
  });

  it('never returns an uncapped dose above the max, NaN or a negative number, for children or adults', () => {
    const cases = bundledFormulary().dosable.flatMap((m) =>
      m.routes.flatMap((route) =>
        [undefined, ...m.indications].map((indication) => ({ medication: m.id, route, indication })),
      ),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...cases),
        fc.double({ min: -50, max: 500, noNaN: false }),
        fc.option(fc.double({ min: 0, max: 90, noNaN: true }), { nil: undefined }),
        fc.option(fc.integer({ min: 60, max: 260 }), { nil: undefined }),
        (pair, kg, age, sbp) => {
          const result = calculate({ ...pair, weight_kg: kg, age_years: age, sbp_mmhg: sbp, weight_confirmed: true });
          if (!result.ok) return true;
          const v = result.value;
          const volumeOk = v.volume_ml === null ? v.quantity !== null : Number.isFinite(v.volume_ml) && v.volume_ml > 0;
          return (
            Number.isFinite(v.dose.value) &&
            v.dose.value > 0 &&
            volumeOk &&
            (v.dose.value <= v.max_single.value || v.capped)
          );
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('never lets the doses given plus this one pass the max total', () => {
    const withTotals = ['morphine', 'fentanyl', 'naloxone', 'dextrose', 'atropine', 'amiodarone', 'midazolam'];
    const cases = bundledFormulary()
      .dosable.filter((m) => withTotals.includes(m.id))
      .flatMap((m) =>
        m.routes.flatMap((route) => m.indications.map((indication) => ({ medication: m.id, route, indication }))),
      );
    fc.assert(
      fc.property(
        fc.constantFrom(...cases),
        fc.double({ min: 3, max: 120, noNaN: true }),
        fc.array(fc.double({ min: 0.1, max: 300, noNaN: true }), { maxLength: 5 }),
        fc.boolean(),
        (pair, kg, amounts, baseOrder) => {
          const first = calculate({ ...pair, weight_kg: kg, weight_confirmed: true });
          if (!first.ok) return true;
          const unit = first.value.dose.unit;
          const given = amounts.map((value, i) => ({
            medication: pair.medication,
            rule: first.value.rule,
            dose: { value, unit },
            at: at(60 - i),
          }));
          const result = calculate({
            ...pair,
            weight_kg: kg,
            weight_confirmed: true,
            given_doses: given,
            base_order: baseOrder,
            now,
          });
          if (!result.ok || !result.value.max_total) return true;
          const before = result.value.given_total?.value ?? 0;
          return before + result.value.dose.value <= result.value.max_total.value + 1e-9;
        },
      ),
      { numRuns: 2000 },
    );
  });
});
