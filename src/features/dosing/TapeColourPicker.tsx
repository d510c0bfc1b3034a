import { COLOR_BANDS } from '../../domain/dosing/color-bands';

/** The tape's colours as buttons: a tap stands for the middle weight row of that band (MCG 1309). */
export function TapeColourPicker({ onPick }: { onPick: (weightKg: number) => void }) {
  return (
    <fieldset className="band-picker">
      <legend>Or pick the tape colour</legend>
      {COLOR_BANDS.map((b) => (
        <button
          key={b.color}
          type="button"
          className={`band band-${b.color.toLowerCase()}`}
          aria-label={`${b.color}, ${b.minKg} to ${b.maxRowKg} kg`}
          onClick={() => onPick(b.rowsKg[Math.floor((b.rowsKg.length - 1) / 2)]!)}
        >
          {b.color}
        </button>
      ))}
    </fieldset>
  );
}
