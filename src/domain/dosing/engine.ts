import { z } from 'zod';
import { ageWords, doseAmount } from './amount';
import { checkAgeLimit } from './age-limits';
import { colorBandFor, TAPE_MIN_KG, type BandColor } from './color-bands';
import { applyLimits, groupHistory, type GivenDose, type Scope } from './cumulative';
import { DOSE_UNITS, ROUTES, type DoseUnit, type Formulation, type Population, type Route } from './formulary-schema';
import { isLoadedFormulary, type Formulary } from './loaded-formulary';
import { plausibleWeightRange } from './plausibility';
import type { DosingError, DoseWarning } from './refusals-and-warnings';
import { roundHalfEven, roundHalfUp } from './rounding';
import { safetyWarnings } from './safety-warnings';
import { populationFor, selectRule } from './select-rule';
import { readWeight } from './weight';

/**
 * The dosing engine's one entry point: `calculateDose(request, formulary)`. Pure and
 * synchronous; the Dosing screen and `npm run dose` both call it. It interprets the rules of
 * the formulary it is given (the app's mirrored one, or the bundled one in the CLI and
 * tests) and refuses, with a stable code and what to fix, rather than guess.
 */
export { ROUTES };
export type { GivenDose };

const givenDoseSchema = z
  .object({
    medication: z.string().min(1),
    dose: z.object({ value: z.number().positive().finite(), unit: z.enum(DOSE_UNITS) }).strict(),
    at: z.string().datetime({ offset: true, message: 'give the time as ISO 8601, e.g. 2025-07-01T10:15:00Z' }),
    route: z.string().optional(),
    rule: z.string().optional(),
  })
  .strict();

export const doseRequestSchema = z
  .object({
    medication: z
      .string({ error: 'name the medication, e.g. "epinephrine"' })
      .min(1, 'name the medication, e.g. "epinephrine"'),
    route: z.string({ error: `give the route: one of ${ROUTES.join(', ')}` }),
    indication: z.string().optional(),
    weight_kg: z.unknown().optional(),
    weight_lb: z.unknown().optional(),
    age_years: z.number().optional(),
    age_months: z.number().optional(),
    weight_confirmed: z.boolean().optional(),
    /** Doses already given in this patient context; they count toward max totals and repeat intervals. */
    given_doses: z.array(givenDoseSchema).max(500).optional(),
    /** Base has ordered further doses: the before-Base limits give way to the overall ones. */
    base_order: z.boolean().optional(),
    allergies: z.array(z.string().max(200)).max(100).optional(),
    home_medications: z.array(z.string().max(200)).max(100).optional(),
    pde5_inhibitor_within_48h: z.boolean().optional(),
    sbp_mmhg: z.number().int().min(0).max(400).optional(),
    /** ISO time of this calculation, against which repeat intervals are measured: needed with given doses. */
    now: z.string().datetime({ offset: true }).optional(),
  })
  .strict();
export type DoseRequest = z.infer<typeof doseRequestSchema>;

export interface DoseResult {
  medication: string;
  rule: string;
  route: Route;
  indication: string | null;
  dose: { value: number; unit: DoseUnit };
  /** Volume to draw up; null for tablets, inhalers and autoinjectors. */
  volume_ml: number | null;
  concentration: string;
  /** Tape band, or "Adult" for patients 15 and older or longer than the tape. */
  color: BandColor | 'Adult';
  weight_kg: number;
  weight_entered: string;
  max_single: { value: number; unit: DoseUnit };
  capped: boolean;
  /** MCG 1309's energies for the weight (adult page: 120/150/200 and 200 J), joules. */
  cardioversion_j: [number, number, number];
  defibrillation_j: [number, number, number];
  warnings: DoseWarning[];
  /** The formulary version of the medication record this dose came from. */
  formulary_version: string;
  medication_name: string;
  population: Population;
  /** Tablets, puffs or autoinjectors to give, where the dose is not drawn up in mL. */
  quantity: { value: number; form: NonNullable<Formulation['per_unit']>['form'] } | null;
  /** This dose's place among the doses of its kind in this patient context (1 = first). */
  dose_number: number;
  repeat: { interval_min: number | null; text: string };
  max_doses: { value: number; scope: Scope } | null;
  max_total: { value: number; unit: DoseUnit; scope: Scope } | null;
  /** Total of this kind already given in this patient context, before this dose. */
  given_total: { value: number; unit: DoseUnit } | null;
  notes: string[];
  sources: string[];
}

export type DoseOutcome = { ok: true; value: DoseResult } | { ok: false; error: DosingError };

const ADULT_CARDIOVERSION_J: [number, number, number] = [120, 150, 200];
const ADULT_DEFIBRILLATION_J: [number, number, number] = [200, 200, 200];

function refuse(code: DosingError['code'], message: string): DoseOutcome {
  return { ok: false, error: { code, message } };
}

export function calculateDose(input: unknown, formulary: Formulary | null): DoseOutcome {
  // Never a built-in fallback: a device without a valid formulary says so instead of dosing from stale rules.
  if (!isLoadedFormulary(formulary)) {
    return refuse(
      'FORMULARY_NOT_LOADED',
      'No valid formulary is loaded on this device, so no dose can be calculated. Open Sync status to load the dataset again, and use the printed chart meanwhile.',
    );
  }
  const parsed = doseRequestSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refuse(
      'REQUEST_INVALID',
      `The request is not valid: ${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'unknown problem'}.`,
    );
  }
  const request = parsed.data;
  if (request.now === undefined && request.given_doses?.length) {
    return refuse(
      'REQUEST_INVALID',
      'The request is not valid: now: give the time of this calculation (ISO 8601) when doses were already given, so repeat intervals can be checked.',
    );
  }
  const med = formulary.byName(request.medication);
  if (!med) {
    return refuse(
      'MEDICATION_UNKNOWN',
      `"${request.medication}" is not in the formulary. Use the generic name, e.g. ${formulary.dosable
        .slice(0, 4)
        .map((m) => m.id)
        .join(', ')}.`,
    );
  }
  if (med.status === 'not_in_formulary')
    return refuse('NOT_IN_FORMULARY', med.guidance ?? `${med.name} is not in the formulary.`);
  if (med.status === 'titrated')
    return refuse('TITRATED_NOT_CALCULATED', med.guidance ?? `${med.name} is titrated, not calculated.`);
  const route = request.route.trim().toUpperCase() as Route;
  if (!ROUTES.includes(route) || !med.rules.some((r) => r.routes.includes(route))) {
    const routes = ROUTES.filter((r) => med.rules.some((rule) => rule.routes.includes(r)));
    return refuse(
      'ROUTE_NOT_AVAILABLE',
      `${med.name} is not given ${request.route} in the formulary; routes: ${routes.join(', ')}.`,
    );
  }

  const weight = readWeight({ weightKg: request.weight_kg, weightLb: request.weight_lb });
  if (!weight.ok) return weight;
  const { weightKg, enteredAs } = weight.value;

  const ageYears = request.age_years ?? (request.age_months !== undefined ? request.age_months / 12 : undefined);
  if (ageYears !== undefined && (!Number.isFinite(ageYears) || ageYears < 0 || ageYears > 120)) {
    return refuse('AGE_INVALID', 'The age must be a number of years (0 to 120) or months.');
  }
  if (ageYears !== undefined && !request.weight_confirmed) {
    const range = plausibleWeightRange(ageYears);
    if (range && (weightKg < range[0] || weightKg > range[1])) {
      return refuse(
        'WEIGHT_IMPLAUSIBLE_FOR_AGE',
        `${enteredAs} is unusual for ${ageWords(ageYears)} (expected about ${Math.round(range[0])}-${Math.round(range[1])} kg). Check kilograms vs pounds or use the tape; confirm the weight to dose anyway.`,
      );
    }
  }
  if (weightKg < TAPE_MIN_KG)
    return refuse('BELOW_TAPE', `${enteredAs} is below the tape (${TAPE_MIN_KG} kg): contact Base for the dose.`);

  const population = populationFor(weightKg, ageYears);
  const band = population === 'pediatric' ? colorBandFor(weightKg) : null;
  const chosen = selectRule(med, population, route, request.indication);
  if (!chosen.ok) return chosen;
  const { rule, indication } = chosen.value;
  const warnings: DoseWarning[] = [...chosen.value.warnings];

  const age = checkAgeLimit(rule, med.name, ageYears, weightKg);
  if (!age.ok) return age;
  warnings.push(...age.value);

  if (rule.hold_below_sbp_mmhg !== undefined) {
    if (request.sbp_mmhg !== undefined && request.sbp_mmhg < rule.hold_below_sbp_mmhg) {
      return refuse(
        'HELD_LOW_SBP',
        `Hold ${med.name}: SBP ${request.sbp_mmhg} mmHg is under ${rule.hold_below_sbp_mmhg} mmHg.`,
      );
    }
    if (request.sbp_mmhg === undefined && rule.dose.kind !== 'by_sbp') {
      warnings.push({
        code: 'SBP_NOT_GIVEN',
        severity: 'caution',
        message: `No SBP entered: check it is ${rule.hold_below_sbp_mmhg} mmHg or more before each dose.`,
      });
    }
  }

  const given = request.given_doses ?? [];
  const history = groupHistory(formulary, med, rule, given);
  const amount = doseAmount(rule, med.name, {
    weightKg,
    ageYears,
    band,
    sbpMmhg: request.sbp_mmhg,
    dosesGiven: history.doses.length,
  });
  if (!amount.ok) return amount;
  let doseValue = amount.value.value;
  let capped = amount.value.capped;
  if (doseValue > rule.max_single) {
    doseValue = rule.max_single;
    capped = true;
  }
  if (capped)
    warnings.push({
      code: 'DOSE_CAPPED',
      severity: 'caution',
      message: `Capped at the max single dose of ${rule.max_single} ${rule.unit}.`,
    });

  const nowMs = request.now !== undefined ? Date.parse(request.now) : undefined;
  const limits = applyLimits({
    rule,
    medName: med.name,
    history,
    doseValue,
    weightKg,
    baseOrder: request.base_order ?? false,
    nowMs,
    maxDosesBeforeBase: amount.value.maxDosesBeforeBase,
  });
  if (!limits.ok) return limits;
  doseValue = limits.value.doseValue;
  capped ||= limits.value.cappedAtTotal;
  warnings.push(...limits.value.warnings);

  if (request.weight_confirmed && ageYears !== undefined)
    warnings.push({
      code: 'WEIGHT_CONFIRMED',
      severity: 'caution',
      message: 'Weight confirmed by the crew although unusual for the age.',
    });
  if (rule.dilute_under_one_year && ageYears !== undefined && ageYears < 1)
    warnings.push({
      code: 'DILUTE_UNDER_ONE_YEAR',
      severity: 'caution',
      message: 'Under 1 year: dilute 1:1 with normal saline.',
    });
  if (rule.dilute_under_one_year && ageYears === undefined)
    warnings.push({
      code: 'DILUTE_UNDER_ONE_YEAR',
      severity: 'caution',
      message: 'If under 1 year: dilute 1:1 with normal saline.',
    });
  warnings.push(
    ...safetyWarnings(formulary, med, {
      allergies: request.allergies ?? [],
      homeMedications: request.home_medications ?? [],
      given,
      pde5Within48h: request.pde5_inhibitor_within_48h ?? false,
      ageYears,
    }),
  );

  const form = rule.formulation;
  const volumeMl =
    rule.unit === 'mL' ? doseValue : form.per_ml !== undefined ? roundHalfEven(doseValue / form.per_ml, 2) : null;
  const joules = (perKg: number) => Math.round(perKg * weightKg);
  return {
    ok: true,
    value: {
      medication: med.id,
      rule: rule.id,
      route,
      indication,
      dose: { value: doseValue, unit: rule.unit },
      volume_ml: volumeMl,
      concentration: form.label,
      color: band?.color ?? 'Adult',
      weight_kg: weightKg,
      weight_entered: enteredAs,
      max_single: { value: rule.max_single, unit: rule.unit },
      capped,
      cardioversion_j: band ? [joules(1), joules(2), joules(2)] : ADULT_CARDIOVERSION_J,
      defibrillation_j: band ? [joules(2), joules(4), joules(4)] : ADULT_DEFIBRILLATION_J,
      warnings,
      formulary_version: med.formulary_version,
      medication_name: med.name,
      population,
      quantity: form.per_unit
        ? { value: roundHalfUp(doseValue / form.per_unit.amount, 2), form: form.per_unit.form }
        : null,
      dose_number: history.doses.length + 1,
      repeat: { interval_min: rule.limits.repeat_interval_min ?? null, text: rule.limits.repeat_text },
      max_doses: limits.value.maxDoses,
      max_total: limits.value.maxTotal,
      given_total: history.doses.length > 0 ? limits.value.givenTotal : null,
      notes: rule.notes,
      sources: rule.sources,
    },
  };
}
