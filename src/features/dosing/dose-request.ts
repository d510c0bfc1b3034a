import type { DoseRequest, GivenDose } from '../../domain/dosing/engine';
import type { FormularyRecord, Route } from '../../domain/dosing/formulary-schema';
import type { DosableMedication } from '../../domain/dosing/loaded-formulary';

/** What the Dosing screen's fields hold, as typed: text where the crew types, choices where they tap. */
export interface DoseForm {
  route: string;
  indication: string;
  weight: string;
  weightUnit: 'kg' | 'lb';
  age: string;
  weightConfirmed: boolean;
  sbp: string;
  pde5: boolean;
  baseOrder: boolean;
  /** The patient's own medications, comma separated. */
  homeMedications: string;
}

/** What the open patient adds: allergies from the sealed context, and the doses already recorded. */
export interface DosePatientContext {
  allergies: readonly string[];
  given: readonly GivenDose[];
}

/** What the screen asks about this medication: which fields it shows. */
export interface DoseQuestions {
  /** The route the request uses: the only one, or the one tapped. */
  route: Route | null;
  /** Indications to choose from for that route (none shown when there is only one). */
  indications: FormularyRecord['indications'];
  asksSbp: boolean;
  asksPde5: boolean;
}

export function doseQuestions(
  record: FormularyRecord | undefined,
  dosable: DosableMedication | undefined,
  tappedRoute: string,
): DoseQuestions {
  const only = dosable && dosable.routes.length === 1 ? dosable.routes[0]! : undefined;
  const route = only ?? dosable?.routes.find((r) => r === tappedRoute) ?? null;
  return {
    route,
    indications:
      record && route
        ? record.indications.filter((i) =>
            record.rules.some((r) => r.routes.includes(route) && r.indications.includes(i.id)),
          )
        : [],
    asksSbp: record?.rules.some((r) => r.hold_below_sbp_mmhg !== undefined || r.dose.kind === 'by_sbp') ?? false,
    asksPde5: record?.interactions.some((i) => i.request_flag === 'pde5_inhibitor_within_48h') ?? false,
  };
}

/** A number the crew typed, or undefined when the field is empty or not a number (the engine then says what is missing). */
function typedNumber(text: string): number | undefined {
  return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : undefined;
}

/**
 * The engine's request from the screen's fields, or null until a medication and a route are
 * chosen and a weight is typed. The weight goes over as typed (the engine refuses what is not
 * a weight, with the reason); questions the screen did not ask (SBP, PDE-5) are left out; `now`
 * is the screen's clock, against which repeat intervals are measured.
 */
export function assembleDoseRequest(
  dosable: DosableMedication | undefined,
  questions: DoseQuestions,
  form: DoseForm,
  patient: DosePatientContext | null,
  now: string,
): DoseRequest | null {
  if (!dosable || !questions.route || form.weight.trim() === '') return null;
  const request: DoseRequest = { medication: dosable.id, route: questions.route, now };
  if (form.indication) request.indication = form.indication;
  if (form.weightUnit === 'kg') request.weight_kg = form.weight;
  else request.weight_lb = form.weight;
  const years = typedNumber(form.age);
  if (years !== undefined) request.age_years = years;
  if (form.weightConfirmed) request.weight_confirmed = true;
  const systolic = typedNumber(form.sbp);
  if (questions.asksSbp && systolic !== undefined) request.sbp_mmhg = Math.round(systolic);
  if (questions.asksPde5 && form.pde5) request.pde5_inhibitor_within_48h = true;
  if (form.baseOrder) request.base_order = true;
  if (patient?.allergies.length) request.allergies = [...patient.allergies];
  const own = form.homeMedications
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  if (own.length > 0) request.home_medications = own;
  if (patient?.given.length) request.given_doses = [...patient.given];
  return request;
}
