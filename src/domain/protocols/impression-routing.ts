import type { ProviderImpression, TpCode } from './schema';

/**
 * LA County Ref. 1350 treats a patient as pediatric through 14 years of age (or when they fit
 * on the length-based tape). Ages are in years, fractions allowed (9 months = 0.75).
 */
export const PEDIATRIC_MAX_AGE_YEARS = 14;

export function isPediatricAge(ageYears: number): boolean {
  return ageYears < PEDIATRIC_MAX_AGE_YEARS + 1;
}

/**
 * The protocol an impression leads to for this patient. With no age, the adult protocol
 * (or the pediatric one when the impression has only that, e.g. BRUE). A child gets the
 * pediatric protocol, or the adult one where the manual has no pediatric version.
 */
export function routeImpression(
  impression: Pick<ProviderImpression, 'adult_tp' | 'pediatric_tp'>,
  ageYears: number | undefined,
): TpCode | null {
  const child = ageYears !== undefined && isPediatricAge(ageYears);
  if (child) return impression.pediatric_tp ?? impression.adult_tp;
  return impression.adult_tp ?? impression.pediatric_tp;
}
