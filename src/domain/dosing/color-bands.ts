/**
 * The length-based tape's colour bands as LA County MCG 1309 lists them (weights in kg);
 * `rowsKg` are the weights the chart prints a page for, `minKg` where the band starts.
 * The chart lists whole-kilogram rows with gaps between bands (5 -> 6, 22 -> 24, 28 -> 30 kg);
 * a weight in a gap belongs to the band below it, i.e. each band runs up to (not including)
 * the next band's first row. That keeps 23 kg in Blue and 29 kg in Orange: the band whose
 * equipment the child fits, never one that assumes a bigger child.
 */
export const COLOR_BANDS = [
  { color: 'Grey', minKg: 3, maxRowKg: 5, rowsKg: [3, 4, 5], ageHint: 'under 3 months' },
  { color: 'Pink', minKg: 6, maxRowKg: 7, rowsKg: [6, 7], ageHint: '3 to 6 months' },
  { color: 'Red', minKg: 8, maxRowKg: 9, rowsKg: [8, 9], ageHint: '7 to 10 months' },
  { color: 'Purple', minKg: 10, maxRowKg: 11, rowsKg: [10, 11], ageHint: '11 to 18 months' },
  { color: 'Yellow', minKg: 12, maxRowKg: 14, rowsKg: [12, 13, 14], ageHint: '19 to 35 months' },
  { color: 'White', minKg: 15, maxRowKg: 18, rowsKg: [15, 16, 17, 18], ageHint: '3 to 4 years' },
  { color: 'Blue', minKg: 19, maxRowKg: 22, rowsKg: [19, 20, 22], ageHint: '5 to 6 years' },
  { color: 'Orange', minKg: 24, maxRowKg: 28, rowsKg: [24, 26, 28], ageHint: '7 to 9 years' },
  { color: 'Green', minKg: 30, maxRowKg: 36, rowsKg: [30, 32, 34, 36], ageHint: '10 to 12 years' },
] as const;

export type ColorBand = (typeof COLOR_BANDS)[number];
export type BandColor = ColorBand['color'];

/** The tape covers 3 kg up to the last Green row, 36 kg. */
export const TAPE_MIN_KG = COLOR_BANDS[0].minKg;
export const TAPE_MAX_KG = COLOR_BANDS[COLOR_BANDS.length - 1]!.maxRowKg;

/** The band for a weight, or null when the child is off the tape (under 3 kg or over 36 kg). */
export function colorBandFor(weightKg: number): ColorBand | null {
  if (!Number.isFinite(weightKg) || weightKg < TAPE_MIN_KG || weightKg > TAPE_MAX_KG) return null;
  let band: ColorBand = COLOR_BANDS[0];
  for (const candidate of COLOR_BANDS) if (weightKg >= candidate.minKg) band = candidate;
  return band;
}

/** The chart's own rows (one page per weight: every kg to 20, then every 2 kg), with their band. */
export function chartRows(): Array<{ weightKg: number; color: BandColor }> {
  return COLOR_BANDS.flatMap((band) => band.rowsKg.map((weightKg) => ({ weightKg, color: band.color })));
}
