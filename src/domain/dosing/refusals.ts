/**
 * Stable refusal codes of the dosing engine. A code never changes meaning once shipped:
 * the CLI, the server's records and the screens all key on it.
 */
export const DOSING_ERROR_CODES = [
  'WEIGHT_MISSING',
  'WEIGHT_NOT_A_NUMBER',
  'WEIGHT_NOT_POSITIVE',
  'WEIGHT_AMBIGUOUS',
  'WEIGHT_IMPLAUSIBLE',
  'WEIGHT_IMPLAUSIBLE_FOR_AGE',
  'AGE_INVALID',
  'REQUEST_INVALID',
  'MEDICATION_UNKNOWN',
  'ROUTE_NOT_AVAILABLE',
  'INDICATION_REQUIRED',
  'BELOW_TAPE',
  'ADULT_DOSING_NOT_AVAILABLE',
] as const;
export type DosingErrorCode = (typeof DOSING_ERROR_CODES)[number];

export interface DosingError {
  code: DosingErrorCode;
  /** Says what to fix, in a crew's words. */
  message: string;
}
