import type { ColorBand } from './color-bands';
import type { DoseRule, SimpleDose } from './formulary-schema';
import { roundHalfUp } from './rounding';
import type { DosingError } from './refusals-and-warnings';

/** What the patient brings to the arithmetic. `band` is null for patients off the tape. */
export interface DosePatient {
  weightKg: number;
  ageYears: number | undefined;
  band: ColorBand | null;
  sbpMmhg: number | undefined;
  /** Doses of this rule's group already given in this patient context. */
  dosesGiven: number;
}

export interface DoseAmount {
  value: number;
  /** A per-kg dose met its ceiling (reported as capped unless the ceiling is itself the dose). */
  capped: boolean;
  /** An age step's own doses-before-Base (midazolam seizure from 12 years). */
  maxDosesBeforeBase: number | undefined;
}

export type AmountOutcome = { ok: true; value: DoseAmount } | { ok: false; error: DosingError };

function simple(dose: SimpleDose, weightKg: number): { value: number; capped: boolean } {
  if (dose.kind === 'fixed') return { value: dose.value, capped: false };
  // Rounded at 4 places before comparing, as the chart's rows are.
  const raw = roundHalfUp(dose.per_kg * weightKg, 4);
  if (raw <= dose.max) return { value: raw, capped: false };
  return { value: dose.max, capped: !dose.max_is_dose };
}

/** An age the way a crew says it: months under 2 years, whole years after. */
export function ageWords(ageYears: number): string {
  return ageYears < 2 ? `${Math.round(ageYears * 12)} months` : `${Math.floor(ageYears)} years`;
}

/**
 * The amount of one dose of `rule` for this patient, before the max single dose and the
 * max total are applied. Refuses when the rule needs something the request lacks (age,
 * systolic pressure) rather than guessing it.
 */
export function doseAmount(rule: DoseRule, medName: string, patient: DosePatient): AmountOutcome {
  const spec = rule.dose;
  const done = (d: { value: number; capped: boolean }, maxDosesBeforeBase?: number): AmountOutcome => ({
    ok: true,
    value: { value: d.value, capped: d.capped, maxDosesBeforeBase },
  });
  switch (spec.kind) {
    case 'fixed':
    case 'per_kg':
      return done(simple(spec, patient.weightKg));
    case 'sequence': {
      const step = spec.doses[Math.min(patient.dosesGiven, spec.doses.length - 1)]!;
      return done(simple(step, patient.weightKg));
    }
    case 'by_age': {
      if (patient.ageYears !== undefined) {
        let step = spec.steps[0]!;
        for (const candidate of spec.steps) if (patient.ageYears >= candidate.from_years) step = candidate;
        return done(simple(step.dose, patient.weightKg), step.max_doses_before_base);
      }
      const byBand = patient.band ? spec.if_age_unknown[patient.band.color] : undefined;
      if (byBand === undefined || byBand === 'ask') {
        const hint = patient.band ? ` (the ${patient.band.color} band spans ${patient.band.ageHint})` : '';
        return refuse(
          'AGE_REQUIRED',
          `The ${medName} ${rule.routes.join('/')} dose depends on the age${hint}: enter the age in years or months.`,
        );
      }
      return done(simple(byBand, patient.weightKg));
    }
    case 'by_band': {
      const dose = patient.band ? spec.bands[patient.band.color] : undefined;
      if (!dose) return refuse('INDICATION_NOT_AVAILABLE', `The ${medName} table covers children on the tape only.`);
      return done(simple(dose, patient.weightKg));
    }
    case 'by_sbp': {
      if (patient.sbpMmhg === undefined) {
        return refuse(
          'SBP_REQUIRED',
          `The ${medName} dose for this indication depends on the systolic pressure: enter the SBP in mmHg.`,
        );
      }
      const sbp = patient.sbpMmhg;
      const steps = spec.steps.filter((s) => sbp >= s.from_mmhg);
      const step = steps[steps.length - 1];
      if (!step)
        return refuse('HELD_LOW_SBP', `Hold ${medName}: SBP ${sbp} mmHg is below ${spec.steps[0]!.from_mmhg} mmHg.`);
      return done(simple(step.dose, patient.weightKg));
    }
  }
}

function refuse(code: DosingError['code'], message: string): AmountOutcome {
  return { ok: false, error: { code, message } };
}
