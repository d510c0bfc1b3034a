import type { MedicationRecord } from '../formulary-schema';
import { fixed, MCG_1309, mcg1317, perKg, tp } from './shared';

const vial = { label: '1 mg/mL', per_ml: 1 };
// 1317.29: 8 mg at most by all routes together, titrated to breathing.
const limits = {
  group: 'naloxone',
  repeat_text: 'Titrate to adequate rate and depth of breathing: 8 mg in all, every route counted',
  max_total: { value: 8 },
  over_max_total: 'cap' as const,
};
const gently =
  'Give only enough to restore breathing: big boluses can cause sudden withdrawal and pulmonary edema. The opioid may outlast naloxone: keep watching.';

/** Drug Reference 1317.29; TP 1241 / 1241-P, 1210-P; MCG 1309. */
export const naloxone: MedicationRecord = {
  id: 'naloxone',
  name: 'Naloxone',
  brand_names: ['Narcan', 'Kloxxado', 'Zimhi'],
  aliases: [],
  classes: ['opioid antagonist'],
  status: 'calculated',
  indications: [
    { id: 'opioid overdose', aliases: ['overdose', 'opiate overdose', 'narcotic overdose', 'opioid toxicity', 'od'] },
  ],
  rules: [
    {
      id: 'naloxone-adult-in',
      population: 'adult',
      routes: ['IN'],
      indications: ['opioid overdose'],
      dose: fixed(2),
      unit: 'mg',
      formulation: { label: '1 mg/mL by atomizer, 1 mL in each nostril', per_ml: 1 },
      max_single: 4,
      limits,
      notes: ['Carrying the 4 mg/0.1 mL nasal spray instead: one spray, 4 mg, in one nostril.', gently],
      sources: [mcg1317('29'), tp('1241'), MCG_1309],
    },
    {
      id: 'naloxone-adult-im',
      population: 'adult',
      routes: ['IM'],
      indications: ['opioid overdose'],
      dose: fixed(2),
      unit: 'mg',
      formulation: vial,
      max_single: 2,
      limits,
      notes: [gently],
      sources: [mcg1317('29'), tp('1241'), MCG_1309],
    },
    {
      id: 'naloxone-adult-iv',
      population: 'adult',
      routes: ['IV'],
      indications: ['opioid overdose'],
      // 1317.29 gives 0.8-2 mg IV to titrate: the starting dose is shown, each dose at most 2 mg.
      dose: fixed(0.8),
      unit: 'mg',
      formulation: vial,
      max_single: 2,
      limits,
      notes: ['Start at 0.8 mg and titrate up to 2 mg per push, to breathing.', gently],
      sources: [mcg1317('29'), tp('1241'), MCG_1309],
    },
    {
      id: 'naloxone-pediatric',
      population: 'pediatric',
      routes: ['IV', 'IO', 'IM', 'IN'],
      indications: ['opioid overdose'],
      // MCG 1309 prints 0.1 mg/kg up to 2 mg (2 mg from 20 kg on).
      dose: perKg(0.1, 2),
      unit: 'mg',
      formulation: vial,
      max_single: 2,
      limits,
      notes: ['The prepackaged 2-4 mg nasal spray may be used instead, except in newborns.', gently],
      sources: [mcg1317('29'), MCG_1309, tp('1241-P'), tp('1210-P')],
    },
  ],
  adult_only: false,
  contraindications: ['Known allergy to naloxone'],
  allergy_terms: ['naloxone', 'narcan', 'kloxxado', 'zimhi'],
  interactions: [],
  age_cautions: [],
  referrals: [],
  sources: [mcg1317('29'), MCG_1309],
};
