/**
 * Vital signs as evidence for provider impressions. The rules are data: each names the
 * impression it supports, the protocol that impression leads to, the findings that must all be
 * present, how strongly it counts, and the published threshold it rests on. Ranking adds the
 * evidence to the protocol (adult or pediatric, by the usual age routing); it never replaces
 * what the crew typed.
 */
import { isPediatricAge } from '../protocols/impression-routing';
import type { ParsedVitals } from './patient-query';

/** Normal ranges by age (MCG 1309's colour-code pages for children, MCG 1380 for adults). */
export interface NormalRange {
  /** Upper bound of the age band, in years (exclusive). */
  belowYears: number;
  heartRate: [number, number];
  respRate: [number, number];
  /** Systolic pressure at or below this is hypotension for the band. */
  minSystolic: number;
  source: string;
}

export const NORMAL_RANGES: readonly NormalRange[] = [
  {
    belowYears: 3 / 12,
    heartRate: [100, 180],
    respRate: [30, 60],
    minSystolic: 60,
    source: 'MCG 1309 (under 3 months)',
  },
  {
    belowYears: 7 / 12,
    heartRate: [100, 160],
    respRate: [25, 40],
    minSystolic: 70,
    source: 'MCG 1309 (3 to 6 months)',
  },
  {
    belowYears: 11 / 12,
    heartRate: [100, 160],
    respRate: [20, 40],
    minSystolic: 70,
    source: 'MCG 1309 (7 to 10 months)',
  },
  {
    belowYears: 19 / 12,
    heartRate: [90, 140],
    respRate: [24, 40],
    minSystolic: 70,
    source: 'MCG 1309 (11 to 18 months)',
  },
  { belowYears: 3, heartRate: [90, 140], respRate: [20, 30], minSystolic: 70, source: 'MCG 1309 (19 to 35 months)' },
  { belowYears: 5, heartRate: [80, 130], respRate: [20, 30], minSystolic: 75, source: 'MCG 1309 (3 to 4 years)' },
  { belowYears: 7, heartRate: [70, 120], respRate: [15, 30], minSystolic: 80, source: 'MCG 1309 (5 to 6 years)' },
  { belowYears: 10, heartRate: [70, 110], respRate: [15, 30], minSystolic: 80, source: 'MCG 1309 (7 to 9 years)' },
  {
    belowYears: 15,
    heartRate: [60, 100],
    respRate: [15, 20],
    minSystolic: 90,
    source: 'MCG 1309 (10 to 12 years; the tape ends there)',
  },
  {
    belowYears: Infinity,
    heartRate: [60, 100],
    respRate: [12, 20],
    minSystolic: 89,
    source: 'MCG 1380 and MCG 1355 (adult: SBP under 90)',
  },
];

/** The band for an age; without an age, the adult one (as routing treats a patient of unknown age). */
export function normalRangeFor(ageYears: number | undefined): NormalRange {
  const age = ageYears ?? Infinity;
  return NORMAL_RANGES.find((r) => age < r.belowYears) ?? NORMAL_RANGES[NORMAL_RANGES.length - 1]!;
}

/** Findings a rule can require; each is read from the parsed vitals and the age band. */
export type Finding =
  | 'hypotension'
  | 'tachycardia'
  | 'bradycardia'
  | 'tachydysrhythmia'
  | 'fever'
  | 'hypothermia'
  | 'tachypnea'
  | 'bradypnea'
  | 'hypoxia'
  | 'hypoglycemia'
  | 'hyperglycemia'
  | 'altered_consciousness'
  | 'severe_hypertension'
  | 'low_etco2';

export const FINDING_LABELS: Record<Finding, string> = {
  hypotension: 'low BP',
  tachycardia: 'fast HR',
  bradycardia: 'slow HR',
  tachydysrhythmia: 'HR in SVT range',
  fever: 'fever',
  hypothermia: 'low temp',
  tachypnea: 'fast RR',
  bradypnea: 'slow RR',
  hypoxia: 'low SpO2',
  hypoglycemia: 'low glucose',
  hyperglycemia: 'high glucose',
  altered_consciousness: 'low GCS',
  severe_hypertension: 'very high BP',
  low_etco2: 'low EtCO2',
};

/** Fixed thresholds, each with where it comes from. Age-banded ones come from NORMAL_RANGES. */
export const THRESHOLDS = {
  /** MCG 1380: normal temperature is 36 to 37.9 °C; 38 and above is fever. */
  feverC: 38,
  /** Below 35 °C is hypothermia (MCG 1380's normal starts at 36; TP 1223 treats cold injury). */
  hypothermiaC: 35,
  /** MCG 1380: normal oxygen saturation is 94% or more. */
  minSpo2: 94,
  /** TP 1203: treat hypoglycemia below 60 mg/dL. */
  hypoglycemiaMgDl: 60,
  /** TP 1203: treat hyperglycemia above 200 mg/dL. */
  hyperglycemiaMgDl: 200,
  /** A GCS below 15 is an altered level of consciousness (TP 1229, MCG 1355's "altered mental status"). */
  normalGcs: 15,
  /** TP 1213: narrow-complex SVT at 150 bpm and above in adults. */
  adultSvtRate: 150,
  /** TP 1213-P: SVT at 220 bpm and above in infants, 180 in children. */
  infantSvtRate: 220,
  childSvtRate: 180,
  /** MCG 1380: adult normal SBP tops at 139, DBP under 90; 180/110 and above is severe. */
  severeSystolic: 180,
  severeDiastolic: 110,
  /** TP 1204: an EtCO2 of 25 mmHg or less strongly supports sepsis. */
  sepsisEtco2: 25,
} as const;

/** Which findings the vitals show, for a patient of this age (adult bands when unknown). */
export function findingsOf(v: ParsedVitals, ageYears: number | undefined): Set<Finding> {
  const band = normalRangeFor(ageYears);
  const found = new Set<Finding>();
  const T = THRESHOLDS;
  if (v.systolic !== undefined && v.systolic <= band.minSystolic) found.add('hypotension');
  if (v.heart_rate !== undefined) {
    if (v.heart_rate > band.heartRate[1]) found.add('tachycardia');
    if (v.heart_rate < band.heartRate[0]) found.add('bradycardia');
    const child = ageYears !== undefined && isPediatricAge(ageYears);
    const svt = !child ? T.adultSvtRate : ageYears < 1 ? T.infantSvtRate : T.childSvtRate;
    if (v.heart_rate >= svt) found.add('tachydysrhythmia');
  }
  if (v.temp_c !== undefined) {
    if (v.temp_c >= T.feverC) found.add('fever');
    if (v.temp_c < T.hypothermiaC) found.add('hypothermia');
  }
  if (v.resp_rate !== undefined) {
    if (v.resp_rate > band.respRate[1]) found.add('tachypnea');
    if (v.resp_rate < band.respRate[0]) found.add('bradypnea');
  }
  if (v.spo2 !== undefined && v.spo2 < T.minSpo2) found.add('hypoxia');
  if (v.glucose !== undefined) {
    if (v.glucose < T.hypoglycemiaMgDl) found.add('hypoglycemia');
    if (v.glucose > T.hyperglycemiaMgDl) found.add('hyperglycemia');
  }
  if (v.gcs !== undefined && v.gcs < T.normalGcs) found.add('altered_consciousness');
  if (
    (v.systolic !== undefined && v.systolic >= T.severeSystolic) ||
    (v.diastolic !== undefined && v.diastolic >= T.severeDiastolic)
  ) {
    found.add('severe_hypertension');
  }
  if (v.etco2 !== undefined && v.etco2 <= T.sepsisEtco2) found.add('low_etco2');
  return found;
}

export interface EvidenceRule {
  id: string;
  /** The provider impression the findings point to (src/reference/provider-impressions.json). */
  impression: string;
  /** That impression's protocol, without the pediatric suffix: routing picks adult or pediatric. */
  protocol: string;
  /** Every finding in one of these sets must be present (any set will do). */
  whenAll: ReadonlyArray<readonly Finding[]>;
  /** How much the rule counts, 0..1, against a word matching a protocol's name (1). */
  weight: number;
  /** Where the threshold and the link to the impression come from. */
  source: string;
}

export const EVIDENCE_RULES: readonly EvidenceRule[] = [
  {
    id: 'sepsis',
    impression: 'SEPS',
    protocol: '1204',
    whenAll: [
      ['hypotension', 'fever'],
      ['fever', 'tachycardia', 'tachypnea'],
      ['fever', 'low_etco2'],
      ['hypothermia', 'hypotension'],
    ],
    weight: 1,
    source:
      'TP 1204 (sepsis: infection with fever, fast HR or RR, poor perfusion; EtCO2 ≤ 25), MCG 1355, MCG 1380, MCG 1309',
  },
  {
    // Without a temperature, a fast heart with a low pressure may be sepsis or any other shock: weaker.
    id: 'sepsis-without-fever',
    impression: 'SEPS',
    protocol: '1204',
    whenAll: [['hypotension', 'tachycardia']],
    weight: 0.6,
    source: 'TP 1204 (poor perfusion with a fast HR), MCG 1355, MCG 1309',
  },
  {
    id: 'fever',
    impression: 'FEVR',
    protocol: '1204',
    whenAll: [['fever']],
    weight: 0.6,
    source: 'TP 1204 and MCG 1380 (38 °C and above)',
  },
  {
    id: 'shock',
    impression: 'SHOK',
    protocol: '1207',
    whenAll: [['hypotension']],
    weight: 0.7,
    source: 'TP 1207, MCG 1355 (adult SBP under 90), MCG 1309 (children by age)',
  },
  {
    id: 'hypoglycemia',
    impression: 'HYPO',
    protocol: '1203',
    whenAll: [['hypoglycemia']],
    weight: 1.2,
    source: 'TP 1203 (glucose under 60 mg/dL)',
  },
  {
    id: 'hyperglycemia',
    impression: 'HYPR',
    protocol: '1203',
    whenAll: [['hyperglycemia']],
    weight: 0.9,
    source: 'TP 1203 (glucose over 200 mg/dL)',
  },
  {
    id: 'hypoxia',
    impression: 'RDOT',
    protocol: '1237',
    whenAll: [['hypoxia']],
    weight: 0.8,
    source: 'TP 1237, MCG 1380 (SpO2 under 94%)',
  },
  {
    id: 'tachypnea',
    impression: 'RDOT',
    protocol: '1237',
    whenAll: [['tachypnea']],
    weight: 0.4,
    source: 'TP 1237, MCG 1380 and MCG 1309 (RR above normal for age)',
  },
  {
    id: 'respiratory-failure',
    impression: 'RARF',
    protocol: '1237',
    whenAll: [['bradypnea']],
    weight: 0.7,
    source: 'TP 1237, MCG 1380 and MCG 1309 (RR below normal for age)',
  },
  {
    id: 'altered',
    impression: 'ALOC',
    protocol: '1229',
    whenAll: [['altered_consciousness']],
    weight: 0.7,
    source: 'TP 1229 (GCS under 15)',
  },
  {
    id: 'svt',
    impression: 'DYSR',
    protocol: '1213',
    whenAll: [['tachydysrhythmia']],
    weight: 0.8,
    source: 'TP 1213 (150 bpm adult), TP 1213-P (220 infant, 180 child)',
  },
  {
    id: 'bradycardia',
    impression: 'DYSR',
    protocol: '1212',
    whenAll: [['bradycardia']],
    weight: 0.8,
    source: 'TP 1212, MCG 1380 (adult under 60), MCG 1309 (children by age)',
  },
  {
    id: 'hypothermia',
    impression: 'COLD',
    protocol: '1223',
    whenAll: [['hypothermia']],
    weight: 0.8,
    source: 'TP 1223, MCG 1380 (normal from 36 °C; under 35 °C)',
  },
  {
    id: 'pulmonary-edema',
    impression: 'CHFF',
    protocol: '1214',
    whenAll: [['severe_hypertension', 'hypoxia']],
    weight: 0.8,
    source: 'TP 1214 (pulmonary edema: hypoxia, treatment stepped by a high SBP), MCG 1380',
  },
  {
    id: 'hypertension',
    impression: 'HYTN',
    protocol: '1202',
    whenAll: [['severe_hypertension']],
    weight: 0.3,
    source: 'MCG 1380 (adult normal under 140/90)',
  },
];

export interface Evidence {
  rule: EvidenceRule;
  /** The findings that fired it, for the "why" line. */
  findings: readonly Finding[];
}

/** The rules the vitals fire; a rule fires once, on its first matching set of findings. */
export function evidenceFrom(v: ParsedVitals, ageYears: number | undefined): Evidence[] {
  const found = findingsOf(v, ageYears);
  if (found.size === 0) return [];
  const out: Evidence[] = [];
  for (const rule of EVIDENCE_RULES) {
    const set = rule.whenAll.find((all) => all.every((f) => found.has(f)));
    if (set) out.push({ rule, findings: set });
  }
  // A more specific rule for a protocol makes a weaker one for the same protocol redundant.
  return out.filter(
    (e) => !out.some((o) => o !== e && o.rule.protocol === e.rule.protocol && o.rule.weight > e.rule.weight),
  );
}
