import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { calculateDose, DOSABLE_MEDICATIONS } from './engine';
import { DOSING_ERROR_CODES } from './refusals';

const epiChild = { medication: 'epinephrine', route: 'IM', indication: 'anaphylaxis', weight_kg: 14, age_years: 3 };

describe('calculateDose', () => {
  it('gives the issue’s example: epinephrine IM for a 14 kg 3-year-old', () => {
    const result = calculateDose(epiChild);
    expect(result).toMatchObject({
      ok: true,
      value: {
        medication: 'epinephrine', route: 'IM', dose: { value: 0.14, unit: 'mg' }, volume_ml: 0.14,
        concentration: '1 mg/mL', color: 'Yellow', max_single: { value: 0.5, unit: 'mg' }, capped: false, warnings: [],
        cardioversion_j: [14, 28, 28], defibrillation_j: [28, 56, 56],
      },
    });
  });

  it('accepts names case-insensitively and pounds converted explicitly', () => {
    const result = calculateDose({ medication: 'Epinephrine', route: 'im', weight_lb: 31, age_years: 3 });
    expect(result).toMatchObject({ ok: true, value: { weight_kg: 14.1, weight_entered: '31 lb = 14.1 kg', dose: { value: 0.141 } } });
  });

  it('refuses the pound-for-kilogram slip unless the crew confirms the weight', () => {
    expect(calculateDose({ ...epiChild, weight_kg: 33 })).toMatchObject({ ok: false, error: { code: 'WEIGHT_IMPLAUSIBLE_FOR_AGE' } });
    const confirmed = calculateDose({ ...epiChild, weight_kg: 33, weight_confirmed: true });
    expect(confirmed).toMatchObject({ ok: true, value: { color: 'Green', dose: { value: 0.33 } } });
    if (confirmed.ok) expect(confirmed.value.warnings.join(' ')).toMatch(/confirmed/);
  });

  it('accepts ordinary children of every age without confirmation', () => {
    const typical: Array<[number, number]> = [[0.25, 5], [1, 10], [2, 12], [3, 14], [5, 18], [8, 26], [10, 32], [12, 36]];
    for (const [age, kg] of typical) expect(calculateDose({ ...epiChild, age_years: age, weight_kg: kg }).ok).toBe(true);
  });

  const refusals: Array<[string, Record<string, unknown>]> = [
    ['WEIGHT_MISSING', { medication: 'epinephrine', route: 'IM' }],
    ['WEIGHT_NOT_A_NUMBER', { ...epiChild, weight_kg: 'heavy' }],
    ['WEIGHT_NOT_POSITIVE', { ...epiChild, weight_kg: -2 }],
    ['WEIGHT_AMBIGUOUS', { ...epiChild, weight_lb: 31 }],
    ['WEIGHT_IMPLAUSIBLE', { ...epiChild, age_years: undefined, weight_kg: 900 }],
    ['WEIGHT_IMPLAUSIBLE_FOR_AGE', { ...epiChild, weight_kg: 33 }],
    ['AGE_INVALID', { ...epiChild, age_years: -1 }],
    ['REQUEST_INVALID', { ...epiChild, dose_mg: 5 }],
    ['MEDICATION_UNKNOWN', { ...epiChild, medication: 'unobtainium' }],
    ['ROUTE_NOT_AVAILABLE', { ...epiChild, route: 'PO' }],
    ['INDICATION_REQUIRED', { ...epiChild, route: 'IV', indication: undefined }],
    ['BELOW_TAPE', { ...epiChild, age_years: undefined, weight_kg: 2.5 }],
    ['ADULT_DOSING_NOT_AVAILABLE', { ...epiChild, age_years: 30, weight_kg: 70 }],
  ];

  it('has a test for every refusal code', () => {
    expect(refusals.map(([code]) => code).sort()).toEqual([...DOSING_ERROR_CODES].sort());
  });

  it.each(refusals)('refuses with %s and says what to fix', (code, request) => {
    const result = calculateDose(request);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).toMatch(/\w{4,}.*\w{4,}/);
    }
  });

  it('never returns an uncapped dose above the max, NaN or a negative number', () => {
    const pairs = DOSABLE_MEDICATIONS.flatMap((m) => m.routes.map((route) => ({ medication: m.id, route, indication: m.indications[0] })));
    fc.assert(
      fc.property(fc.constantFrom(...pairs), fc.double({ min: -50, max: 500, noNaN: false }), (pair, kg) => {
        const result = calculateDose({ ...pair, weight_kg: kg });
        if (!result.ok) return true;
        const v = result.value;
        return Number.isFinite(v.dose.value) && v.dose.value > 0 && v.volume_ml > 0 && (v.dose.value <= v.max_single.value || v.capped);
      }),
      { numRuns: 2000 },
    );
  });
});
