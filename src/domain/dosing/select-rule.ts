import { TAPE_MAX_KG } from './color-bands';
import type { DoseRule, MedicationRecord, Population, Route } from './formulary-schema';
import { resolveIndication } from './medication-lookup';
import type { DosingError, DoseWarning } from './refusals-and-warnings';

/**
 * Which rules apply: MCG 1309 covers children on the tape (3-36 kg); adult doses apply to
 * patients 15 and older (LA County's pediatric protocols stop at 14) and to children longer
 * than the tape (MCG 1309, guideline 5), which a weight over 36 kg stands for.
 */
export const ADULT_FROM_YEARS = 15;

export function populationFor(weightKg: number, ageYears: number | undefined): Population {
  return (ageYears !== undefined && ageYears >= ADULT_FROM_YEARS) || weightKg > TAPE_MAX_KG ? 'adult' : 'pediatric';
}

export type RuleChoice =
  | { ok: true; value: { rule: DoseRule; indication: string | null; warnings: DoseWarning[] } }
  | { ok: false; error: DosingError };

const routesOf = (rules: readonly DoseRule[]) => [...new Set(rules.flatMap((r) => r.routes))];
const who = (p: Population) => (p === 'adult' ? 'adults and children longer than the tape' : 'children on the tape');

/** Rules that give the same amount the same way; indication then need not be named. */
const DOSE_KEYS = new WeakMap<DoseRule, string>();
function doseKey(rule: DoseRule): string {
  // A loaded formulary's rules do not change (loaded-formulary.ts), so each key is worked out once.
  let key = DOSE_KEYS.get(rule);
  if (key === undefined) {
    key = JSON.stringify([rule.dose, rule.unit, rule.formulation, rule.max_single]);
    DOSE_KEYS.set(rule, key);
  }
  return key;
}

/**
 * The one rule for this medication, patient population, route and indication, or the
 * refusal that says what is missing. An indication may be left out only when every
 * candidate rule gives the same dose.
 */
export function selectRule(
  med: MedicationRecord,
  population: Population,
  route: Route,
  indicationSaid: string | undefined,
): RuleChoice {
  const forPopulation = med.rules.filter((r) => r.population === population);
  const candidates = forPopulation.filter((r) => r.routes.includes(route));
  const name = med.name;

  if (indicationSaid !== undefined && indicationSaid.trim() !== '') {
    const indication = resolveIndication(med, indicationSaid);
    if (!indication) {
      const known = [...new Set(forPopulation.flatMap((r) => r.indications))];
      return refuse(
        'INDICATION_NOT_AVAILABLE',
        `"${indicationSaid}" is not an indication for ${name} in the formulary; for ${who(population)} use one of: ${known.map((k) => `"${k}"`).join(', ')}.`,
      );
    }
    const matches = candidates.filter((r) => r.indications.includes(indication));
    if (matches.length > 0) return { ok: true, value: { rule: matches[0]!, indication, warnings: [] } };
    const referral = med.referrals.find((r) => r.population === population && r.indications.includes(indication));
    if (referral) return refuse('INDICATION_NOT_AVAILABLE', referral.message);
    if (candidates.length === 0) return routeRefusal(med, population, route);
    const sameIndication = forPopulation.filter((r) => r.indications.includes(indication));
    if (sameIndication.length > 0) {
      return refuse(
        'ROUTE_NOT_AVAILABLE',
        `${name} for ${indication} is given ${routesOf(sameIndication).join(', ')} to ${who(population)}, not ${route}.`,
      );
    }
    if (
      population === 'pediatric' &&
      med.rules.some((r) => r.population === 'adult' && r.indications.includes(indication))
    ) {
      return refuse('ADULT_ONLY', `${name} for ${indication} is only for adults and children longer than the tape.`);
    }
    const here = [...new Set(candidates.flatMap((r) => r.indications))];
    return refuse(
      'INDICATION_NOT_AVAILABLE',
      `The formulary has no ${name} ${route} dose for ${indication} in ${who(population)}; it has one for: ${here.map((k) => `"${k}"`).join(', ')}.`,
    );
  }

  if (candidates.length === 0) return routeRefusal(med, population, route);
  const first = candidates[0]!;
  if (candidates.some((r) => doseKey(r) !== doseKey(first))) {
    const indications = [...new Set(candidates.flatMap((r) => r.indications))];
    return refuse(
      'INDICATION_REQUIRED',
      `${name} ${route} depends on the indication: say one of ${indications.map((k) => `"${k}"`).join(', ')}.`,
    );
  }
  const warnings: DoseWarning[] = [];
  if (candidates.some((r) => JSON.stringify(r.limits) !== JSON.stringify(first.limits))) {
    warnings.push({
      code: 'INDICATION_ASSUMED',
      severity: 'info',
      message: `No indication given: the repeat limits shown are those for ${first.indications[0]}. Name the indication to check the limits for it.`,
    });
  }
  return { ok: true, value: { rule: first, indication: null, warnings } };
}

function routeRefusal(med: MedicationRecord, population: Population, route: Route): RuleChoice {
  const forPopulation = med.rules.filter((r) => r.population === population);
  const elsewhere = med.rules.filter((r) => r.population !== population && r.routes.includes(route));
  if (population === 'pediatric' && elsewhere.length > 0) {
    const childRoutes = routesOf(forPopulation);
    const instead = childRoutes.length > 0 ? ` For this child: ${childRoutes.join(', ')}.` : '';
    return refuse('ADULT_ONLY', `${med.name} ${route} is only for adults and children longer than the tape.${instead}`);
  }
  if (forPopulation.length === 0) {
    return refuse('INDICATION_NOT_AVAILABLE', `The formulary has no ${med.name} dose for ${who(population)}.`);
  }
  const onlyChildren = elsewhere.length > 0 ? ` ${route} is given only to children on the tape.` : '';
  return refuse(
    'ROUTE_NOT_AVAILABLE',
    `${med.name} is not given ${route} to ${who(population)};${onlyChildren} routes: ${routesOf(forPopulation).join(', ')}.`,
  );
}

function refuse(code: DosingError['code'], message: string): RuleChoice {
  return { ok: false, error: { code, message } };
}
