import { z } from 'zod';
import { colorBandFor, TAPE_MAX_KG, TAPE_MIN_KG, type BandColor } from './color-bands';
import { PEDIATRIC_PER_KG_RULES, perKgDose, type DoseUnit, type PerKgRule } from './per-kg';
import { plausibleWeightRange } from './plausibility';
import type { DosingError } from './refusals';
import { readWeight } from './weight';

/**
 * The dosing engine's one entry point: `calculateDose(request)`. Pure and synchronous; the
 * Dosing screen and `npm run dose` both call it. It refuses (stable code + what to fix)
 * rather than guess. Version 0 covers the per-kg doses of MCG 1309 for children on the
 * tape; adult doses and the age-based pediatric rows are refused until they are modelled.
 */
export const FORMULARY_VERSION = 'mcg1309-2025-07-01+per-kg.0';

export const ROUTES = ['IV', 'IO', 'IM', 'IN', 'NEB', 'MDI', 'PO', 'ODT', 'SL'] as const;

export const doseRequestSchema = z
  .object({
    medication: z.string({ error: 'name the medication, e.g. "epinephrine"' }).min(1, 'name the medication, e.g. "epinephrine"'),
    route: z.string({ error: `give the route: one of ${ROUTES.join(', ')}` }),
    indication: z.string().optional(),
    weight_kg: z.unknown().optional(),
    weight_lb: z.unknown().optional(),
    age_years: z.number().optional(),
    age_months: z.number().optional(),
    weight_confirmed: z.boolean().optional(),
  })
  .strict();
export type DoseRequest = z.infer<typeof doseRequestSchema>;

export interface DoseResult {
  medication: string;
  rule: string;
  route: string;
  indication: string | null;
  dose: { value: number; unit: DoseUnit };
  volume_ml: number;
  concentration: string;
  color: BandColor;
  weight_kg: number;
  weight_entered: string;
  max_single: { value: number; unit: DoseUnit };
  capped: boolean;
  /** The tape's energies for this weight, joules: three shocks each. */
  cardioversion_j: [number, number, number];
  defibrillation_j: [number, number, number];
  warnings: string[];
  formulary_version: string;
}

export type DoseOutcome = { ok: true; value: DoseResult } | { ok: false; error: DosingError };

/** medication -> route -> rule id; an IV epinephrine dose depends on the indication. */
const ROUTE_TABLE: Record<string, Partial<Record<(typeof ROUTES)[number], string | Record<string, string>>>> = {
  adenosine: { IV: 'adenosine', IO: 'adenosine' },
  amiodarone: { IV: 'amiodarone', IO: 'amiodarone' },
  atropine: { IV: 'atropine', IO: 'atropine' },
  'calcium-chloride': { IV: 'calcium-chloride', IO: 'calcium-chloride' },
  diphenhydramine: { IV: 'diphenhydramine', IM: 'diphenhydramine' },
  epinephrine: {
    IM: 'epinephrine-im',
    IV: { 'cardiac arrest': 'epinephrine-iv', 'push dose': 'epinephrine-push-dose', hypotension: 'epinephrine-push-dose' },
    IO: { 'cardiac arrest': 'epinephrine-iv', 'push dose': 'epinephrine-push-dose', hypotension: 'epinephrine-push-dose' },
  },
  fentanyl: { IV: 'fentanyl-iv-im', IM: 'fentanyl-iv-im', IO: 'fentanyl-iv-im', IN: 'fentanyl-in' },
  hydroxocobalamin: { IV: 'hydroxocobalamin', IO: 'hydroxocobalamin' },
  lidocaine: { IO: 'lidocaine' },
  midazolam: { IV: 'midazolam-iv', IO: 'midazolam-iv' },
  morphine: { IV: 'morphine', IM: 'morphine', IO: 'morphine' },
  'normal-saline': { IV: 'normal-saline', IO: 'normal-saline' },
  'sodium-bicarbonate': { IV: 'sodium-bicarbonate', IO: 'sodium-bicarbonate' },
};

/** Medications the engine can dose today, for pickers. */
export const DOSABLE_MEDICATIONS = Object.entries(ROUTE_TABLE).map(([id, routes]) => ({
  id,
  routes: Object.keys(routes),
  indications: [...new Set(Object.values(routes).flatMap((r) => (typeof r === 'string' ? [] : Object.keys(r))))],
}));

const DILUTE_UNDER_ONE_YEAR = new Set(['calcium-chloride', 'sodium-bicarbonate']);

function refuse(code: DosingError['code'], message: string): DoseOutcome {
  return { ok: false, error: { code, message } };
}

function normaliseName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_]+/g, '-');
}

export function calculateDose(input: unknown): DoseOutcome {
  const parsed = doseRequestSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refuse('REQUEST_INVALID', `The request is not valid: ${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'unknown problem'}.`);
  }
  const request = parsed.data;
  const medication = normaliseName(request.medication);
  const routes = ROUTE_TABLE[medication];
  if (!routes) {
    return refuse('MEDICATION_UNKNOWN', `"${request.medication}" is not in the pediatric formulary. Use the generic name, e.g. ${DOSABLE_MEDICATIONS.slice(0, 4).map((m) => m.id).join(', ')}.`);
  }
  const route = request.route.trim().toUpperCase() as (typeof ROUTES)[number];
  const byRoute = routes[route];
  if (!byRoute) {
    return refuse('ROUTE_NOT_AVAILABLE', `${medication} is not given ${request.route} in the formulary for children; routes: ${Object.keys(routes).join(', ')}.`);
  }
  let ruleId: string;
  const indication = request.indication?.trim().toLowerCase() ?? null;
  if (typeof byRoute === 'string') ruleId = byRoute;
  else {
    const chosen = indication ? byRoute[indication] : undefined;
    if (!chosen) {
      return refuse('INDICATION_REQUIRED', `${medication} ${route} depends on the indication: say one of ${Object.keys(byRoute).map((k) => `"${k}"`).join(', ')}.`);
    }
    ruleId = chosen;
  }
  const rule = PEDIATRIC_PER_KG_RULES.find((r) => r.id === ruleId) as PerKgRule;

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
        `${enteredAs} is unusual for ${ageYears < 2 ? `${Math.round(ageYears * 12)} months` : `${Math.floor(ageYears)} years`} (expected about ${Math.round(range[0])}-${Math.round(range[1])} kg). Check kilograms vs pounds or use the tape; confirm the weight to dose anyway.`,
      );
    }
  }
  if (weightKg < TAPE_MIN_KG) return refuse('BELOW_TAPE', `${enteredAs} is below the tape (${TAPE_MIN_KG} kg): contact Base for the dose.`);
  const band = colorBandFor(weightKg);
  if (!band || weightKg > TAPE_MAX_KG) {
    return refuse('ADULT_DOSING_NOT_AVAILABLE', `${enteredAs} is longer than the tape (over ${TAPE_MAX_KG} kg): adult doses apply, and this version does not calculate them. Use the Drug Reference.`);
  }

  const dose = perKgDose(rule, weightKg);
  const warnings: string[] = [];
  if (dose.capped) warnings.push(`Capped at the max single dose of ${rule.maxSingle} ${rule.unit}.`);
  if (request.weight_confirmed && ageYears !== undefined) warnings.push(`Weight confirmed by the crew although unusual for the age.`);
  if (DILUTE_UNDER_ONE_YEAR.has(rule.id) && ageYears !== undefined && ageYears < 1) warnings.push('Under 1 year: dilute 1:1 with normal saline.');
  if (DILUTE_UNDER_ONE_YEAR.has(rule.id) && ageYears === undefined) warnings.push('If under 1 year: dilute 1:1 with normal saline.');

  const joules = (perKg: number) => Math.round(perKg * weightKg);
  return {
    ok: true,
    value: {
      medication,
      rule: rule.id,
      route,
      indication,
      dose: { value: dose.dose, unit: dose.unit },
      volume_ml: dose.volumeMl,
      concentration: dose.concentration,
      color: band.color,
      weight_kg: weightKg,
      weight_entered: enteredAs,
      max_single: { value: rule.maxSingle, unit: rule.unit },
      capped: dose.capped,
      cardioversion_j: [joules(1), joules(2), joules(2)],
      defibrillation_j: [joules(2), joules(4), joules(4)],
      warnings,
      formulary_version: FORMULARY_VERSION,
    },
  };
}
