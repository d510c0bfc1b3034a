import type { PatientFields } from './context';

/**
 * Age in years from the context (months for infants), or undefined when not recorded. Apart from
 * the context's schemas (./context), so the search screen can route by age without building them.
 */
export function ageInYears(fields: PatientFields): number | undefined {
  if (fields.age_years !== undefined) return fields.age_years;
  if (fields.age_months !== undefined) return fields.age_months / 12;
  return undefined;
}
