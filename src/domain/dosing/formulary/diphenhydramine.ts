import type { DoseRule, MedicationRecord } from '../formulary-schema';
import { fixed, HOME_MED_GROUPS, MCG_1309, mcg1317, perKg, SEDATING_FORMULARY_IDS, tp } from './shared';

const formulation = { label: '50 mg/mL', per_ml: 50 };
const once = { group: 'diphenhydramine', repeat_text: 'Once only', max_doses: 1, over_max_total: 'refuse' as const };
const how = 'Slow IV push; without IV access, deep IM into a large muscle.';

function rule(
  id: string,
  population: DoseRule['population'],
  indication: string,
  notes: string[],
  sources: string[],
): DoseRule {
  return {
    id,
    population,
    routes: ['IV', 'IM'],
    indications: [indication],
    dose: population === 'adult' ? fixed(50) : perKg(1, 50),
    unit: 'mg',
    formulation,
    max_single: 50,
    limits: once,
    notes: [how, ...notes],
    sources,
  };
}

/** Drug Reference 1317.15; TP 1219 / 1219-P, 1239 / 1239-P; MCG 1309. */
export const diphenhydramine: MedicationRecord = {
  id: 'diphenhydramine',
  name: 'Diphenhydramine',
  brand_names: ['Benadryl'],
  aliases: [],
  classes: ['antihistamine'],
  status: 'calculated',
  indications: [
    { id: 'allergic reaction', aliases: ['hives', 'itching', 'urticaria', 'allergy', 'rash'] },
    { id: 'dystonic reaction', aliases: ['dystonia', 'extrapyramidal reaction'] },
  ],
  rules: [
    rule(
      'diphenhydramine-adult-allergy',
      'adult',
      'allergic reaction',
      ['Does not treat anaphylaxis: epinephrine comes first.'],
      [mcg1317('15'), tp('1219'), MCG_1309],
    ),
    rule(
      'diphenhydramine-adult-dystonia',
      'adult',
      'dystonic reaction',
      ['After Base confirms (TP 1239).'],
      [mcg1317('15'), tp('1239')],
    ),
    rule(
      'diphenhydramine-pediatric-allergy',
      'pediatric',
      'allergic reaction',
      ['Does not treat anaphylaxis: epinephrine comes first.', 'Children may become agitated instead of drowsy.'],
      [mcg1317('15'), MCG_1309, tp('1219-P')],
    ),
    rule(
      'diphenhydramine-pediatric-dystonia',
      'pediatric',
      'dystonic reaction',
      ['After Base confirms (TP 1239-P).'],
      [mcg1317('15'), MCG_1309, tp('1239-P')],
    ),
  ],
  adult_only: false,
  contraindications: [],
  allergy_terms: ['diphenhydramine', 'benadryl', 'antihistamine'],
  interactions: [
    {
      home_terms: [...HOME_MED_GROUPS.cnsDepressants, ...HOME_MED_GROUPS.maoInhibitors],
      given: [],
      severity: 'caution',
      message: 'Sedatives, alcohol or an MAO inhibitor on the medication list: diphenhydramine deepens their sedation.',
    },
    {
      home_terms: [],
      given: SEDATING_FORMULARY_IDS.filter((id) => id !== 'diphenhydramine'),
      severity: 'caution',
      message:
        'A sedating drug was already given to this patient: together they slow breathing more. Watch the airway.',
    },
  ],
  age_cautions: [],
  referrals: [],
  sources: [mcg1317('15'), MCG_1309],
};
