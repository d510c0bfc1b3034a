import type { WarningSeverity } from './formulary-schema';

/**
 * What the dosing engine can say besides a dose: its refusals (DosingError) and the
 * warnings that go with a dose (DoseWarning), each under a stable code.
 */

/**
 * Stable refusal codes of the dosing engine. A code never changes meaning once shipped:
 * the CLI, the server's records and the screens all key on it. (ADULT_DOSING_NOT_AVAILABLE,
 * used before adult doses were modelled, is retired.)
 */
export const DOSING_ERROR_CODES = [
  /** The device has no formulary that passed validation: the engine never falls back to another. */
  'FORMULARY_NOT_LOADED',
  'WEIGHT_MISSING',
  'WEIGHT_NOT_A_NUMBER',
  'WEIGHT_NOT_POSITIVE',
  'WEIGHT_AMBIGUOUS',
  'WEIGHT_IMPLAUSIBLE',
  'WEIGHT_IMPLAUSIBLE_FOR_AGE',
  'AGE_INVALID',
  'REQUEST_INVALID',
  'MEDICATION_UNKNOWN',
  /** Listed so a search finds it, but the agency formulary has no dose (acetaminophen). */
  'NOT_IN_FORMULARY',
  /** Set at the bedside by device and response, never calculated (oxygen). */
  'TITRATED_NOT_CALCULATED',
  'ROUTE_NOT_AVAILABLE',
  'INDICATION_REQUIRED',
  /** The reference gives no dose for this indication (for this patient), or sends it to another drug. */
  'INDICATION_NOT_AVAILABLE',
  /** Only for patients longer than the tape or 15 and older (aspirin, nitroglycerin, TXA, IV ondansetron). */
  'ADULT_ONLY',
  /** The patient's age is outside the reference's limit (ondansetron ODT under 4 years). */
  'AGE_LIMIT',
  /** The dose or the limit depends on an age the request does not give. */
  'AGE_REQUIRED',
  /** The dose depends on the systolic pressure (nitroglycerin for pulmonary edema). */
  'SBP_REQUIRED',
  /** The reference holds the drug at this systolic pressure. */
  'HELD_LOW_SBP',
  'BELOW_TAPE',
  /** The doses already given reach the number the reference allows (before Base, or at all). */
  'MAX_DOSES_REACHED',
  /** The doses already given, plus this one, would pass the max total. */
  'MAX_TOTAL_REACHED',
  /** A dose already given is in a unit that cannot be added to this one (mL against mg). */
  'GIVEN_DOSE_UNIT_MISMATCH',
] as const;
export type DosingErrorCode = (typeof DOSING_ERROR_CODES)[number];

export interface DosingError {
  code: DosingErrorCode;
  /** Says what to fix, in a crew's words. */
  message: string;
}

/** Warnings are data: the screens sort and colour them by severity, the server counts them by code. */
export const DOSE_WARNING_CODES = [
  'DOSE_CAPPED',
  'CAPPED_AT_MAX_TOTAL',
  'MAX_TOTAL_REACHED_WITH_THIS_DOSE',
  'LAST_DOSE_ALLOWED',
  'REPEAT_TOO_SOON',
  'BEYOND_BASE_LIMIT_ON_ORDER',
  'WEIGHT_CONFIRMED',
  'DILUTE_UNDER_ONE_YEAR',
  'AGE_NOT_GIVEN',
  'AGE_CAUTION',
  'SBP_NOT_GIVEN',
  'CONTRAINDICATIONS',
  'ALLERGY',
  'INTERACTION',
  'INDICATION_ASSUMED',
] as const;
export type DoseWarningCode = (typeof DOSE_WARNING_CODES)[number];

export interface DoseWarning {
  code: DoseWarningCode;
  message: string;
  severity: WarningSeverity;
}
