/**
 * A generous weight range per age for children, to catch the classic pound-for-kilogram slip
 * (a 3-year-old entered as 33 kg) without refusing ordinary children. Points are roughly the
 * 1st and 99th+ percentiles of WHO/CDC weight-for-age, widened; between points the range is
 * interpolated. Needs the medical director's review before it leaves the pilot.
 */
const RANGE_BY_AGE: ReadonlyArray<readonly [ageYears: number, minKg: number, maxKg: number]> = [
  [0, 1.5, 6],
  [0.5, 4.5, 11],
  [1, 6.5, 14],
  [2, 8.5, 18],
  [3, 10, 21],
  [4, 11.5, 25],
  [5, 12.5, 29],
  [6, 14, 34],
  [8, 17, 46],
  [10, 20, 60],
  [12, 24, 78],
  [14, 29, 100],
];

/** [min, max] kg a child of this age plausibly weighs, or null past the pediatric table. */
export function plausibleWeightRange(ageYears: number): readonly [number, number] | null {
  if (!Number.isFinite(ageYears) || ageYears < 0) return null;
  const last = RANGE_BY_AGE[RANGE_BY_AGE.length - 1]!;
  if (ageYears > last[0] + 1) return null;
  for (let i = 1; i < RANGE_BY_AGE.length; i++) {
    const [a0, min0, max0] = RANGE_BY_AGE[i - 1]!;
    const [a1, min1, max1] = RANGE_BY_AGE[i]!;
    if (ageYears <= a1) {
      const t = (ageYears - a0) / (a1 - a0);
      return [min0 + t * (min1 - min0), max0 + t * (max1 - max0)];
    }
  }
  return [last[1], last[2]];
}
