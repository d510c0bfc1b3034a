import type { DosingError } from './refusals-and-warnings';

export type WeightResult =
  { ok: true; value: { weightKg: number; enteredAs: string } } | { ok: false; error: DosingError };

const KG_PER_LB = 0.45359237;

/** Pounds to kilograms, rounded to 0.1 kg as a crew would read it off a scale. */
export function poundsToKg(pounds: number): number {
  return Math.round(pounds * KG_PER_LB * 10) / 10;
}

/**
 * A weight the engine may dose on. Kilograms only: a pound entry must come through
 * `poundsToKg` explicitly, and both numbers are shown. Anything else is refused with a
 * message that says what to fix; there is no default weight.
 */
export function readWeight(input: { weightKg?: unknown; weightLb?: unknown }): WeightResult {
  if (input.weightKg !== undefined && input.weightLb !== undefined) {
    return refuse('WEIGHT_AMBIGUOUS', 'Enter the weight once, in kilograms or in pounds, not both.');
  }
  if (input.weightLb !== undefined) {
    const lb = toNumber(input.weightLb);
    if (lb === null)
      return refuse(
        'WEIGHT_NOT_A_NUMBER',
        `${quoted(input.weightLb)} is not a weight: enter pounds as a number, e.g. 31.`,
      );
    if (lb <= 0) return refuse('WEIGHT_NOT_POSITIVE', 'The weight must be more than 0 lb.');
    const kg = poundsToKg(lb);
    return { ok: true, value: { weightKg: kg, enteredAs: `${lb} lb = ${kg} kg` } };
  }
  if (input.weightKg === undefined || input.weightKg === null || input.weightKg === '') {
    return refuse('WEIGHT_MISSING', 'Enter the patient’s weight in kilograms (or pick the tape colour).');
  }
  const kg = toNumber(input.weightKg);
  if (kg === null)
    return refuse(
      'WEIGHT_NOT_A_NUMBER',
      `${quoted(input.weightKg)} is not a weight: enter kilograms as a number, e.g. 14.`,
    );
  if (kg <= 0) return refuse('WEIGHT_NOT_POSITIVE', 'The weight must be more than 0 kg.');
  if (kg > 400)
    return refuse('WEIGHT_IMPLAUSIBLE', `${kg} kg is beyond any patient: check the number and the unit (kilograms).`);
  return { ok: true, value: { weightKg: kg, enteredAs: `${kg} kg` } };
}

/** What the crew (or a caller) sent, quoted for the refusal: "heavy", [object Object] never. */
function quoted(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));
}

function toNumber(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}

function refuse(code: DosingError['code'], message: string): WeightResult {
  return { ok: false, error: { code, message } };
}
