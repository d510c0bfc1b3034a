import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PEDIATRIC_PER_KG_RULES, perKgDose, roundHalfEven, roundHalfUp } from './per-kg';
import { CHART_ROWS } from './per-kg.fixture';

const rule = (id: string) => {
  const found = PEDIATRIC_PER_KG_RULES.find((r) => r.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
};

describe('per-kg doses of the MCG 1309 chart', () => {
  it.each(CHART_ROWS)('reproduces $id at $weightKg kg: $dose $unit in $volumeMl mL', (row) => {
    const result = perKgDose(rule(row.id), row.weightKg);
    expect(result.dose).toBe(row.dose);
    expect(result.unit).toBe(row.unit);
    expect(result.volumeMl).toBe(row.volumeMl);
  });

  it('gives the issue’s example: epinephrine IM for 14 kg is 0.14 mg in 0.14 mL of 1 mg/mL', () => {
    expect(perKgDose(rule('epinephrine-im'), 14)).toEqual({
      dose: 0.14, unit: 'mg', volumeMl: 0.14, capped: false, maxSingle: 0.5, concentration: '1 mg/mL',
    });
  });

  it('caps at the max single dose and says so', () => {
    expect(perKgDose(rule('epinephrine-im'), 60)).toMatchObject({ dose: 0.5, volumeMl: 0.5, capped: true });
  });

  it('rounds half up without floating-point noise', () => {
    expect(roundHalfUp(0.075, 2)).toBe(0.08);
    expect(roundHalfUp(0.1 + 0.2, 4)).toBe(0.3);
  });

  it('rounds volumes half to even, as the chart prints them', () => {
    expect([0.075, 0.125, 0.175, 0.225, 0.425].map((v) => roundHalfEven(v, 2))).toEqual([0.08, 0.12, 0.18, 0.22, 0.42]);
    expect(roundHalfEven(0.126, 2)).toBe(0.13);
    expect(roundHalfEven(0.1249, 2)).toBe(0.12);
  });

  it('never exceeds the max single dose, and never yields NaN or a negative number', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PEDIATRIC_PER_KG_RULES), fc.double({ min: 3, max: 36, noNaN: true }), (r, kg) => {
        const d = perKgDose(r, kg);
        return d.dose <= r.maxSingle && d.dose > 0 && d.volumeMl >= 0 && Number.isFinite(d.volumeMl) && d.capped === r.perKg * kg > r.maxSingle;
      }),
    );
  });
});
