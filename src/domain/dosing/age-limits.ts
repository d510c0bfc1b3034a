import type { DoseRule } from './formulary-schema';
import type { DosingError, DoseWarning } from './refusals-and-warnings';

export type AgeCheck = { ok: true; value: DoseWarning[] } | { ok: false; error: DosingError };

/**
 * A rule's age limit (ondansetron ODT from 4 years, TXA from 15, ketorolac to 65). With the
 * age unknown the rule says what stands in: nothing (ask), the tape weight where the chart
 * marks its rows, or nothing needed but a reminder.
 */
export function checkAgeLimit(
  rule: DoseRule,
  medName: string,
  ageYears: number | undefined,
  weightKg: number,
): AgeCheck {
  const limit = rule.age;
  if (!limit) return { ok: true, value: [] };
  if (ageYears !== undefined) {
    if (limit.min_years !== undefined && ageYears < limit.min_years) return refuse('AGE_LIMIT', limit.reason);
    if (limit.max_years !== undefined && ageYears > limit.max_years) return refuse('AGE_LIMIT', limit.reason);
    return { ok: true, value: [] };
  }
  const range = [
    limit.min_years !== undefined ? `${limit.min_years} or older` : null,
    limit.max_years !== undefined ? `${limit.max_years} or younger` : null,
  ]
    .filter(Boolean)
    .join(' and ');
  if (limit.if_unknown === 'ask') return refuse('AGE_REQUIRED', `Enter the age: ${limit.reason}`);
  if (limit.if_unknown === 'allow') {
    return {
      ok: true,
      value: [
        {
          code: 'AGE_NOT_GIVEN',
          severity: 'caution',
          message: `Age not entered: confirm the patient is ${range}. ${limit.reason}`,
        },
      ],
    };
  }
  if (weightKg < limit.if_unknown.refuse_below_kg) {
    return refuse(
      'AGE_LIMIT',
      `${limit.reason} The chart gives no ${medName} dose below ${limit.if_unknown.refuse_below_kg} kg.`,
    );
  }
  if (weightKg < limit.if_unknown.ask_below_kg)
    return refuse(
      'AGE_REQUIRED',
      `Enter the age: at this weight the chart gives ${medName} only from ${limit.min_years ?? 0} years. ${limit.reason}`,
    );
  return { ok: true, value: [] };
}

function refuse(code: DosingError['code'], message: string): AgeCheck {
  return { ok: false, error: { code, message } };
}
