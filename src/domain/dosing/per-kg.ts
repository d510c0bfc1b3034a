/**
 * Weight-based doses of the MCG 1309 chart for children on the tape. Each rule is a fact
 * of the chart: dose per kg, the stocked concentration and the max single dose. Rules whose
 * chart rows do not follow a plain per-kg formula (dextrose's range at the heaviest rows,
 * midazolam IN/IM's "5 or 10 mg" max, naloxone's "2-4 mg") are deliberately absent until
 * they are modelled exactly: refusing is better than a formula that disagrees with the chart.
 */

export type DoseUnit = 'mg' | 'mcg' | 'mEq' | 'mL';

export interface PerKgRule {
  id: string;
  label: string;
  perKg: number;
  unit: DoseUnit;
  /** Amount of drug per mL of the stocked form; null when the dose is itself a volume (mL/kg). */
  perMl: number | null;
  concentration: string;
  maxSingle: number;
}

export const PEDIATRIC_PER_KG_RULES: readonly PerKgRule[] = [
  { id: 'adenosine', label: 'Adenosine', perKg: 0.1, unit: 'mg', perMl: 3, concentration: '3 mg/mL', maxSingle: 12 },
  { id: 'amiodarone', label: 'Amiodarone', perKg: 5, unit: 'mg', perMl: 50, concentration: '50 mg/mL', maxSingle: 300 },
  { id: 'atropine', label: 'Atropine', perKg: 0.02, unit: 'mg', perMl: 0.1, concentration: '0.1 mg/mL', maxSingle: 0.5 },
  { id: 'calcium-chloride', label: 'Calcium Chloride', perKg: 20, unit: 'mg', perMl: 100, concentration: '100 mg/mL', maxSingle: 1000 },
  { id: 'diphenhydramine', label: 'Diphenhydramine IV/IM', perKg: 1, unit: 'mg', perMl: 50, concentration: '50 mg/mL', maxSingle: 50 },
  { id: 'epinephrine-push-dose', label: 'Epinephrine Push Dose', perKg: 1, unit: 'mcg', perMl: 10, concentration: '0.01 mg/mL (10 mcg/mL)', maxSingle: 10 },
  { id: 'epinephrine-iv', label: 'Epinephrine 0.1 mg/mL IV', perKg: 0.01, unit: 'mg', perMl: 0.1, concentration: '0.1 mg/mL', maxSingle: 1 },
  { id: 'epinephrine-im', label: 'Epinephrine 1 mg/mL IM', perKg: 0.01, unit: 'mg', perMl: 1, concentration: '1 mg/mL', maxSingle: 0.5 },
  { id: 'fentanyl-iv-im', label: 'Fentanyl IV/IM', perKg: 1, unit: 'mcg', perMl: 50, concentration: '50 mcg/mL', maxSingle: 50 },
  { id: 'fentanyl-in', label: 'Fentanyl IN', perKg: 1.5, unit: 'mcg', perMl: 50, concentration: '50 mcg/mL', maxSingle: 50 },
  { id: 'hydroxocobalamin', label: 'Hydroxocobalamin IV/IO', perKg: 70, unit: 'mg', perMl: 25, concentration: '25 mg/mL (5 g in 200 mL NS)', maxSingle: 5000 },
  { id: 'lidocaine', label: 'Lidocaine 2% IO', perKg: 0.5, unit: 'mg', perMl: 20, concentration: '20 mg/mL', maxSingle: 40 },
  { id: 'midazolam-iv', label: 'Midazolam IV/IO', perKg: 0.1, unit: 'mg', perMl: 5, concentration: '5 mg/mL', maxSingle: 5 },
  { id: 'morphine', label: 'Morphine IV/IM/IO', perKg: 0.1, unit: 'mg', perMl: 4, concentration: '4 mg/mL', maxSingle: 4 },
  { id: 'normal-saline', label: 'Normal Saline IV bolus', perKg: 20, unit: 'mL', perMl: null, concentration: '0.9% NaCl', maxSingle: 1000 },
  { id: 'sodium-bicarbonate', label: 'Sodium Bicarbonate', perKg: 1, unit: 'mEq', perMl: 1, concentration: '1 mEq/mL', maxSingle: 50 },
];

export interface PerKgDose {
  dose: number;
  unit: DoseUnit;
  volumeMl: number;
  capped: boolean;
  maxSingle: number;
  concentration: string;
}

/**
 * Rounds half up at `places` decimals without binary noise: 0.075 mL -> 0.08 as the chart
 * prints it, although 0.075 * 100 is 7.4999... in floating point.
 */
export function roundHalfUp(value: number, places: number): number {
  const scaled = Number((value * 10 ** places).toPrecision(12));
  return Math.round(scaled) / 10 ** places;
}

/**
 * Rounds a half exactly to the even neighbour (0.125 -> 0.12, 0.175 -> 0.18). The chart's
 * volumes follow this rule in every half-hundredth case but one (morphine at 17 kg, 0.425 mL
 * printed 0.43, where lidocaine's identical 0.425 mL is printed 0.42).
 */
export function roundHalfEven(value: number, places: number): number {
  const scaled = Number((value * 10 ** places).toPrecision(12));
  const floor = Math.floor(scaled);
  const diff = Number((scaled - floor).toPrecision(12));
  const rounded = diff > 0.5 ? floor + 1 : diff < 0.5 ? floor : floor % 2 === 0 ? floor : floor + 1;
  return rounded / 10 ** places;
}

/** Dose and volume for a weight already validated and on the tape. Capped at the max single dose. */
export function perKgDose(rule: PerKgRule, weightKg: number): PerKgDose {
  const raw = roundHalfUp(rule.perKg * weightKg, 4);
  const capped = raw > rule.maxSingle;
  const dose = capped ? rule.maxSingle : raw;
  const volume = rule.perMl === null ? dose : dose / rule.perMl;
  return { dose, unit: rule.unit, volumeMl: roundHalfEven(volume, 2), capped, maxSingle: rule.maxSingle, concentration: rule.concentration };
}
