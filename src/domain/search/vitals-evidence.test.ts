import { describe, expect, it } from 'vitest';
import { referenceSources } from '../../../tests/unit/reference-sources';
import { codeDigits } from './codes';
import { EVIDENCE_RULES, evidenceFrom, findingsOf, normalRangeFor, THRESHOLDS, type Finding } from './vitals-evidence';
import type { ParsedVitals } from './patient-query';

const fired = (v: ParsedVitals, age?: number) => evidenceFrom(v, age).map((e) => e.rule.id);
const has = (v: ParsedVitals, f: Finding, age?: number) => findingsOf(v, age).has(f);

describe('every rule names a real impression and the protocol it leads to', () => {
  const { provider_impressions } = referenceSources();
  it.each(EVIDENCE_RULES.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
    const routes = provider_impressions
      .filter((pi) => pi.code === rule.impression)
      .map((pi) => codeDigits(pi.adult_tp ?? pi.pediatric_tp ?? ''));
    expect(routes).toContain(rule.protocol);
    expect(rule.source).toMatch(/\b(TP|MCG) \d{4}/);
    expect(rule.weight).toBeGreaterThan(0);
  });
});

describe('thresholds, each on both sides', () => {
  it('fever from 38 °C (MCG 1380 normal to 37.9)', () => {
    expect(has({ temp_c: 38 }, 'fever')).toBe(true);
    expect(has({ temp_c: 37.9 }, 'fever')).toBe(false);
  });

  it('hypothermia under 35 °C', () => {
    expect(has({ temp_c: 34.9 }, 'hypothermia')).toBe(true);
    expect(has({ temp_c: 35 }, 'hypothermia')).toBe(false);
  });

  it('adult hypotension under SBP 90 (MCG 1355); no age counts as adult', () => {
    expect(has({ systolic: 89 }, 'hypotension', 40)).toBe(true);
    expect(has({ systolic: 90 }, 'hypotension', 40)).toBe(false);
    expect(has({ systolic: 89 }, 'hypotension')).toBe(true);
  });

  it.each([
    [0.1, 60],
    [0.5, 70],
    [2, 70],
    [4, 75],
    [6, 80],
    [8, 80],
    [12, 90],
  ])('pediatric hypotension at age %d: SBP %d and below (MCG 1309)', (age, sbp) => {
    expect(has({ systolic: sbp }, 'hypotension', age)).toBe(true);
    expect(has({ systolic: sbp + 1 }, 'hypotension', age)).toBe(false);
  });

  it.each([
    [0.1, 100, 180],
    [1, 90, 140],
    [4, 80, 130],
    [8, 70, 110],
    [40, 60, 100],
  ])('heart rate at age %d: normal %d to %d', (age, lo, hi) => {
    expect(has({ heart_rate: hi + 1 }, 'tachycardia', age)).toBe(true);
    expect(has({ heart_rate: hi }, 'tachycardia', age)).toBe(false);
    expect(has({ heart_rate: lo - 1 }, 'bradycardia', age)).toBe(true);
    expect(has({ heart_rate: lo }, 'bradycardia', age)).toBe(false);
  });

  it.each([
    [0.1, 30, 60],
    [4, 20, 30],
    [40, 12, 20],
  ])('respiratory rate at age %d: normal %d to %d', (age, lo, hi) => {
    expect(has({ resp_rate: hi + 1 }, 'tachypnea', age)).toBe(true);
    expect(has({ resp_rate: hi }, 'tachypnea', age)).toBe(false);
    expect(has({ resp_rate: lo - 1 }, 'bradypnea', age)).toBe(true);
    expect(has({ resp_rate: lo }, 'bradypnea', age)).toBe(false);
  });

  it('SVT range: 150 adult (TP 1213), 220 infant and 180 child (TP 1213-P)', () => {
    expect(has({ heart_rate: 150 }, 'tachydysrhythmia', 40)).toBe(true);
    expect(has({ heart_rate: 149 }, 'tachydysrhythmia', 40)).toBe(false);
    expect(has({ heart_rate: 220 }, 'tachydysrhythmia', 0.5)).toBe(true);
    expect(has({ heart_rate: 219 }, 'tachydysrhythmia', 0.5)).toBe(false);
    expect(has({ heart_rate: 180 }, 'tachydysrhythmia', 6)).toBe(true);
    expect(has({ heart_rate: 179 }, 'tachydysrhythmia', 6)).toBe(false);
  });

  it('low saturation under 94% (MCG 1380)', () => {
    expect(has({ spo2: 93 }, 'hypoxia')).toBe(true);
    expect(has({ spo2: THRESHOLDS.minSpo2 }, 'hypoxia')).toBe(false);
  });

  it('hypoglycemia under 60 mg/dL, hyperglycemia over 200 (TP 1203)', () => {
    expect(has({ glucose: 59 }, 'hypoglycemia')).toBe(true);
    expect(has({ glucose: 60 }, 'hypoglycemia')).toBe(false);
    expect(has({ glucose: 201 }, 'hyperglycemia')).toBe(true);
    expect(has({ glucose: 200 }, 'hyperglycemia')).toBe(false);
  });

  it('altered consciousness below GCS 15', () => {
    expect(has({ gcs: 14 }, 'altered_consciousness')).toBe(true);
    expect(has({ gcs: 15 }, 'altered_consciousness')).toBe(false);
  });

  it('severe hypertension from 180 systolic or 110 diastolic', () => {
    expect(has({ systolic: 180, diastolic: 100 }, 'severe_hypertension')).toBe(true);
    expect(has({ systolic: 170, diastolic: 110 }, 'severe_hypertension')).toBe(true);
    expect(has({ systolic: 179, diastolic: 109 }, 'severe_hypertension')).toBe(false);
  });

  it('EtCO2 of 25 or less (TP 1204)', () => {
    expect(has({ etco2: 25 }, 'low_etco2')).toBe(true);
    expect(has({ etco2: 26 }, 'low_etco2')).toBe(false);
  });

  it('uses the adult band from 15 years (Ref. 1350) and the last tape band below it', () => {
    expect(normalRangeFor(15).source).toMatch(/1380/);
    expect(normalRangeFor(14.9).source).toMatch(/1309/);
  });
});

describe('rules', () => {
  it('sepsis: hypotension with fever', () => {
    expect(fired({ systolic: 80, temp_c: 39 }, 40)).toEqual(['sepsis', 'shock']);
  });

  it('sepsis, weaker: hypotension with tachycardia and no temperature (shock of any cause looks the same)', () => {
    expect(fired({ systolic: 70, heart_rate: 150 }, 8)).toEqual(['sepsis-without-fever', 'shock']);
    const weak = EVIDENCE_RULES.find((r) => r.id === 'sepsis-without-fever')!;
    expect(weak.weight).toBeLessThan(EVIDENCE_RULES.find((r) => r.id === 'shock')!.weight);
  });

  it('pulmonary edema: very high BP with low saturation', () => {
    expect(fired({ systolic: 210, diastolic: 120, spo2: 86 }, 67)).toContain('pulmonary-edema');
  });

  it('sepsis: fever with a fast HR and a fast RR, even before the pressure drops', () => {
    expect(fired({ temp_c: 39, heart_rate: 120, resp_rate: 28 }, 40)).toContain('sepsis');
  });

  it('sepsis: fever with a low EtCO2', () => {
    expect(fired({ temp_c: 38.5, etco2: 22 }, 40)).toContain('sepsis');
  });

  it('fever alone is fever, not sepsis (TP 1204: a febrile child is usually tachycardic)', () => {
    expect(fired({ temp_c: 39 }, 40)).toEqual(['fever']);
    expect(fired({ temp_c: 39, heart_rate: 150 }, 8)).toEqual(['fever']);
  });

  it('hypotension alone points to shock', () => {
    expect(fired({ systolic: 80 }, 40)).toEqual(['shock']);
  });

  it('low glucose points to the diabetic protocol, high glucose too', () => {
    expect(fired({ glucose: 40 })).toEqual(['hypoglycemia']);
    expect(fired({ glucose: 450 })).toEqual(['hyperglycemia']);
  });

  it('low saturation points to respiratory distress; a slow RR to respiratory failure', () => {
    expect(fired({ spo2: 84 })).toEqual(['hypoxia']);
    expect(fired({ resp_rate: 6 })).toEqual(['respiratory-failure']);
  });

  it('low GCS points to altered consciousness', () => {
    expect(fired({ gcs: 8 })).toEqual(['altered']);
  });

  it('an SVT-range rate points to tachycardia, a slow rate to bradycardia', () => {
    expect(fired({ heart_rate: 190 }, 40)).toEqual(['svt']);
    expect(fired({ heart_rate: 38 }, 40)).toEqual(['bradycardia']);
  });

  it('a low temperature points to hypothermia', () => {
    expect(fired({ temp_c: 33 })).toEqual(['hypothermia']);
  });

  it('normal vitals fire nothing', () => {
    expect(
      fired(
        { systolic: 124, diastolic: 78, heart_rate: 80, resp_rate: 16, spo2: 98, glucose: 110, gcs: 15, temp_c: 37 },
        40,
      ),
    ).toEqual([]);
  });
});
