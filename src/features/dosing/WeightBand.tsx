import { colorBandFor, TAPE_MAX_KG, TAPE_MIN_KG } from '../../domain/dosing/color-bands';
import { readWeight } from '../../domain/dosing/weight';

/** The tape colour for a weight as it is typed, before any medication is chosen. */
export function WeightBand({ weight, unit }: { weight: string; unit: 'kg' | 'lb' }) {
  if (weight.trim() === '') return null;
  const read = readWeight(unit === 'kg' ? { weightKg: weight } : { weightLb: weight });
  if (!read.ok) return null;
  const { weightKg, enteredAs } = read.value;
  const band = colorBandFor(weightKg);
  const below = weightKg < TAPE_MIN_KG;
  const label = band
    ? band.color
    : below
      ? `Below the tape (under ${TAPE_MIN_KG} kg)`
      : `Longer than the tape (over ${TAPE_MAX_KG} kg): adult doses`;
  return (
    <p
      className={`band-chip band-${band ? band.color.toLowerCase() : below ? 'none' : 'adult'}`}
      data-testid="weight-band"
      aria-live="polite"
    >
      {label} · {enteredAs}
    </p>
  );
}
