import type { Amount, DoseRule, DoseUnit, MedicationRecord } from './formulary-schema';
import type { Formulary } from './loaded-formulary';
import type { DosingError, DoseWarning } from './refusals-and-warnings';
import { roundHalfUp } from './rounding';

/** A dose already given to this patient (from the context's recorded calculations). */
export interface GivenDose {
  medication: string;
  dose: { value: number; unit: DoseUnit };
  /** ISO time it was given (recorded). */
  at: string;
  route?: string;
  /** The rule id of the calculation that produced it, when this app recorded it. */
  rule?: string;
}

export interface GroupHistory {
  doses: GivenDose[];
  lastAtMs: number | undefined;
}

/**
 * The doses that count with this rule: same medication and same limit group. A dose
 * recorded by an older formulary (unknown rule id) or typed in without a rule counts when
 * its route fits the group or is unknown: counting one too many errs on the safe side.
 */
export function groupHistory(
  formulary: Formulary,
  med: MedicationRecord,
  rule: DoseRule,
  given: readonly GivenDose[],
): GroupHistory {
  const group = rule.limits.group;
  const groupRoutes = new Set<string>(med.rules.filter((r) => r.limits.group === group).flatMap((r) => r.routes));
  const doses = given.filter((g) => {
    if (formulary.byName(g.medication)?.id !== med.id) return false;
    const recorded = g.rule ? med.rules.find((r) => r.id === g.rule) : undefined;
    if (recorded) return recorded.limits.group === group;
    return g.route === undefined || groupRoutes.has(g.route.trim().toUpperCase());
  });
  const times = doses.map((d) => Date.parse(d.at)).filter(Number.isFinite);
  return { doses, lastAtMs: times.length > 0 ? Math.max(...times) : undefined };
}

const MG_PER: Partial<Record<DoseUnit, number>> = { mcg: 0.001, mg: 1, g: 1000 };

/** `value` in `from` expressed in `to`, or null when the units do not add up (mL against mg). */
export function convertDose(value: number, from: DoseUnit, to: DoseUnit): number | null {
  if (from === to) return value;
  const a = MG_PER[from];
  const b = MG_PER[to];
  return a !== undefined && b !== undefined ? roundHalfUp((value * a) / b, 6) : null;
}

function resolveAmount(amount: Amount, weightKg: number): number {
  if (amount.value !== undefined) return amount.value;
  const perKg = roundHalfUp((amount.per_kg ?? 0) * weightKg, 4);
  return amount.max !== undefined ? Math.min(perKg, amount.max) : perKg;
}

export type Scope = 'before_base' | 'total';
export interface LimitsApplied {
  doseValue: number;
  cappedAtTotal: boolean;
  maxDoses: { value: number; scope: Scope } | null;
  maxTotal: { value: number; unit: DoseUnit; scope: Scope } | null;
  givenTotal: { value: number; unit: DoseUnit } | null;
  warnings: DoseWarning[];
}
export type LimitsOutcome = { ok: true; value: LimitsApplied } | { ok: false; error: DosingError };

export interface LimitsInput {
  rule: DoseRule;
  medName: string;
  history: GroupHistory;
  doseValue: number;
  weightKg: number;
  baseOrder: boolean;
  /** The time of this calculation; the request carries it whenever doses were given. */
  nowMs: number | undefined;
  /** An age step's own doses-before-Base, which replaces the rule's. */
  maxDosesBeforeBase: number | undefined;
}

/**
 * The number of doses, the max total and the repeat interval, counted over the doses
 * already given. Before Base contact the before-Base limits hold; a Base order lifts them
 * to the reference's overall limits (or to what Base orders, where the reference sets none).
 */
export function applyLimits(input: LimitsInput): LimitsOutcome {
  const { rule, medName, history, weightKg, baseOrder } = input;
  const limits = rule.limits;
  const unit = rule.unit;
  const warnings: DoseWarning[] = [];
  const count = history.doses.length;
  const dosesBeforeBase = input.maxDosesBeforeBase ?? limits.max_doses_before_base;

  const maxDoses = pick(baseOrder, dosesBeforeBase, limits.max_doses);
  if (maxDoses && count >= maxDoses.value) {
    const more =
      maxDoses.scope === 'before_base'
        ? ` Contact Base; on a Base order${limits.max_doses ? `, up to ${limits.max_doses} in all` : ', further doses as ordered'}.`
        : '';
    return refuse(
      'MAX_DOSES_REACHED',
      `${count} ${plural(count, 'dose')} of ${medName} already given: ${maxDoses.value} is the most ${scopeWords(maxDoses.scope)}.${more}`,
    );
  }
  if (maxDoses && maxDoses.value > 1 && count + 1 === maxDoses.value) {
    warnings.push({
      code: 'LAST_DOSE_ALLOWED',
      severity: 'caution',
      message:
        maxDoses.scope === 'before_base'
          ? `Dose ${maxDoses.value} of ${maxDoses.value} before Base contact: more only on a Base order.`
          : `The last dose the reference allows (${maxDoses.value} in all).`,
    });
  }
  if (baseOrder && dosesBeforeBase !== undefined && count + 1 > dosesBeforeBase) {
    warnings.push({
      code: 'BEYOND_BASE_LIMIT_ON_ORDER',
      severity: 'info',
      message: `Past the ${dosesBeforeBase}-dose limit before Base: given on a Base order.`,
    });
  }

  const amounts = history.doses.map((d) => convertDose(d.dose.value, d.dose.unit, unit));
  const convertible = amounts.every((a): a is number => a !== null);
  const givenTotal = convertible
    ? {
        value: roundHalfUp(
          amounts.reduce((s, a) => s + a, 0),
          4,
        ),
        unit,
      }
    : null;

  let doseValue = input.doseValue;
  let cappedAtTotal = false;
  const totalLimit = pick(baseOrder, limits.max_total_before_base, limits.max_total);
  const maxTotal = totalLimit
    ? { value: resolveAmount(totalLimit.value, weightKg), unit, scope: totalLimit.scope }
    : null;
  if (maxTotal) {
    if (!givenTotal) {
      const odd = history.doses.find((d) => convertDose(d.dose.value, d.dose.unit, unit) === null)!;
      return refuse(
        'GIVEN_DOSE_UNIT_MISMATCH',
        `A ${medName} dose already given is recorded as ${odd.dose.value} ${odd.dose.unit}, which cannot be added to ${unit}: correct that entry to count it toward the max total.`,
      );
    }
    const remaining = roundHalfUp(maxTotal.value - givenTotal.value, 4);
    const basePart =
      maxTotal.scope === 'before_base'
        ? ` Contact Base; on a Base order${limits.max_total ? ` up to ${resolveAmount(limits.max_total, weightKg)} ${unit} in all` : ' further doses as ordered'}.`
        : '';
    if (remaining <= 0) {
      return refuse(
        'MAX_TOTAL_REACHED',
        `${givenTotal.value} ${unit} of ${medName} already given: the max ${scopeWords(maxTotal.scope)} is ${maxTotal.value} ${unit}.${basePart}`,
      );
    }
    if (doseValue > remaining) {
      if (limits.over_max_total === 'refuse') {
        return refuse(
          'MAX_TOTAL_REACHED',
          `This dose (${doseValue} ${unit}) would bring ${medName} to ${roundHalfUp(givenTotal.value + doseValue, 4)} ${unit}, over the max ${scopeWords(maxTotal.scope)} of ${maxTotal.value} ${unit}; ${remaining} ${unit} remain.${basePart}`,
        );
      }
      doseValue = remaining;
      cappedAtTotal = true;
      warnings.push({
        code: 'CAPPED_AT_MAX_TOTAL',
        severity: 'caution',
        message: `Reduced to ${remaining} ${unit}: ${givenTotal.value} ${unit} already given, and the max ${scopeWords(maxTotal.scope)} is ${maxTotal.value} ${unit}.`,
      });
    }
    if (roundHalfUp(givenTotal.value + doseValue, 4) >= maxTotal.value) {
      const after = maxTotal.scope === 'before_base' ? ' More only on a Base order.' : ' No more may be given.';
      warnings.push({
        code: 'MAX_TOTAL_REACHED_WITH_THIS_DOSE',
        severity: 'caution',
        message: `This dose brings ${medName} to the max ${scopeWords(maxTotal.scope)}: ${maxTotal.value} ${unit}.${after}`,
      });
    }
    if (
      baseOrder &&
      limits.max_total_before_base &&
      roundHalfUp(givenTotal.value + doseValue, 4) > resolveAmount(limits.max_total_before_base, weightKg)
    ) {
      warnings.push({
        code: 'BEYOND_BASE_LIMIT_ON_ORDER',
        severity: 'info',
        message: `Past the before-Base total of ${resolveAmount(limits.max_total_before_base, weightKg)} ${unit}: given on a Base order.`,
      });
    }
  }

  if (limits.repeat_interval_min !== undefined && history.lastAtMs !== undefined && input.nowMs !== undefined) {
    const minutes = (input.nowMs - history.lastAtMs) / 60_000;
    if (minutes < limits.repeat_interval_min) {
      const ago =
        minutes < 1 ? 'less than a minute' : `${Math.floor(minutes)} ${plural(Math.floor(minutes), 'minute')}`;
      warnings.push({
        code: 'REPEAT_TOO_SOON',
        severity: 'danger',
        message: `The last ${medName} dose was ${ago} ago: the reference repeats it no sooner than every ${limits.repeat_interval_min} min.`,
      });
    }
  }

  return { ok: true, value: { doseValue, cappedAtTotal, maxDoses, maxTotal, givenTotal, warnings } };
}

function pick<T>(
  baseOrder: boolean,
  beforeBase: T | undefined,
  total: T | undefined,
): { value: T; scope: Scope } | null {
  if (!baseOrder && beforeBase !== undefined) return { value: beforeBase, scope: 'before_base' };
  return total !== undefined ? { value: total, scope: 'total' } : null;
}

function scopeWords(scope: Scope): string {
  return scope === 'before_base' ? 'before Base contact' : 'in all';
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

function refuse(code: DosingError['code'], message: string): LimitsOutcome {
  return { ok: false, error: { code, message } };
}
