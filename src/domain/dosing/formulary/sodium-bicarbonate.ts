import type { DoseRule, MedicationRecord } from '../formulary-schema';
import { fixed, MCG_1309, mcg1317, perKg, tp } from './shared';

const formulation = { label: '1 mEq/mL (8.4%)', per_ml: 1 };
const crush = {
  group: 'sodium-bicarbonate',
  repeat_text: 'Once more for persistent ECG changes',
  max_doses: 2,
  over_max_total: 'refuse' as const,
};
const noRepeat = {
  group: 'sodium-bicarbonate',
  repeat_text: 'No repeat stated; tricyclic overdose may need several doses',
  over_max_total: 'refuse' as const,
};
const flush = 'Flush the line before and after: it inactivates epinephrine and forms chalk with calcium.';

function rule(
  id: string,
  population: DoseRule['population'],
  indications: string[],
  limits: DoseRule['limits'],
  notes: string[],
  sources: string[],
): DoseRule {
  const child = population === 'pediatric';
  return {
    id,
    population,
    routes: ['IV', 'IO'],
    indications,
    dose: child ? perKg(1, 50) : fixed(50),
    unit: 'mEq',
    formulation,
    max_single: 50,
    limits,
    ...(child ? { dilute_under_one_year: true } : {}),
    notes: ['Slow push.', flush, ...notes],
    sources,
  };
}

/** Drug Reference 1317.39; TP 1209, 1210, 1212, 1241, 1242 and their -P protocols; MCG 1309. */
export const sodiumBicarbonate: MedicationRecord = {
  id: 'sodium-bicarbonate',
  name: 'Sodium bicarbonate',
  brand_names: [],
  aliases: ['bicarb', 'sodium bicarb', 'nahco3', 'bicarbonate'],
  classes: ['electrolyte', 'alkalinizing agent'],
  status: 'calculated',
  indications: [
    {
      id: 'hyperkalemia',
      aliases: ['suspected hyperkalemia', 'hyperkalemia / crush syndrome', 'crush syndrome', 'crush injury'],
    },
    { id: 'cardiac arrest', aliases: ['arrest with hyperkalemia', 'arrest with renal failure', 'dialysis arrest'] },
    {
      id: 'tricyclic overdose',
      aliases: ['tca overdose', 'qrs > 0.12 s or hr < 50', 'qrs over 0.12 s or hr under 50', 'wide qrs overdose'],
    },
  ],
  rules: [
    rule(
      'sodium-bicarbonate-adult-hyperkalemia',
      'adult',
      ['hyperkalemia'],
      crush,
      [],
      [mcg1317('39'), tp('1242'), tp('1212'), MCG_1309],
    ),
    rule(
      'sodium-bicarbonate-adult',
      'adult',
      ['cardiac arrest', 'tricyclic overdose'],
      noRepeat,
      ['Tricyclic overdose: with Base (TP 1241).'],
      [mcg1317('39'), tp('1210'), tp('1241'), MCG_1309],
    ),
    rule(
      'sodium-bicarbonate-pediatric-hyperkalemia',
      'pediatric',
      ['hyperkalemia'],
      crush,
      [],
      [mcg1317('39'), MCG_1309, tp('1242-P')],
    ),
    rule(
      'sodium-bicarbonate-pediatric',
      'pediatric',
      ['cardiac arrest', 'tricyclic overdose'],
      noRepeat,
      ['Tricyclic overdose: with Base (TP 1241-P).'],
      [mcg1317('39'), MCG_1309, tp('1241-P')],
    ),
  ],
  adult_only: false,
  contraindications: ['Signs of pulmonary edema', 'Hypernatremia or hypocalcemia'],
  allergy_terms: ['sodium bicarbonate'],
  interactions: [
    {
      home_terms: [],
      given: ['calcium-chloride'],
      severity: 'caution',
      message:
        'Calcium chloride was given: bicarbonate and calcium form a chalky precipitate. Use another line or flush with at least 10 mL NS between them.',
    },
    {
      home_terms: [],
      given: ['epinephrine'],
      severity: 'caution',
      message: 'Epinephrine was given: bicarbonate inactivates it. Flush the line after bicarbonate.',
    },
  ],
  age_cautions: [],
  referrals: [],
  sources: [mcg1317('39'), MCG_1309],
};
