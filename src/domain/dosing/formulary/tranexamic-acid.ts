import type { MedicationRecord } from '../formulary-schema';
import { fixed, MCG_1309, mcg1317, tp } from './shared';

/** Drug Reference 1317.41; TP 1217, 1242, 1244; MCG 1309 (adult page). */
export const tranexamicAcid: MedicationRecord = {
  id: 'tranexamic-acid',
  name: 'Tranexamic acid (TXA)',
  brand_names: ['Cyklokapron'],
  aliases: ['txa', 'tranexamic'],
  classes: ['antifibrinolytic'],
  status: 'calculated',
  indications: [
    {
      id: 'hemorrhage',
      aliases: [
        'traumatic hemorrhage',
        'trauma bleeding',
        'hemorrhagic shock',
        'uncontrolled bleeding',
        'truncal hemorrhage',
      ],
    },
    { id: 'postpartum hemorrhage', aliases: ['pph', 'post-partum hemorrhage'] },
  ],
  rules: [
    {
      id: 'tranexamic-acid',
      population: 'adult',
      routes: ['IV', 'IO'],
      indications: ['hemorrhage', 'postpartum hemorrhage'],
      dose: fixed(1),
      unit: 'g',
      formulation: { label: '1 g/10 mL (100 mg/mL), added to 50 or 100 mL NS', per_ml: 0.1 },
      max_single: 1,
      limits: { group: 'tranexamic-acid', repeat_text: 'Single dose', max_doses: 1, over_max_total: 'refuse' },
      // 1317.41: contraindicated at 14 years or younger, or on the tape when the age is unknown.
      age: { min_years: 15, if_unknown: 'allow', reason: 'TXA is contraindicated at 14 years or younger (1317.41).' },
      notes: [
        'Within 3 h of the injury or delivery.',
        'Add the 1 g to 50 or 100 mL NS and run it over 10 min: faster drops the pressure.',
        'Label the bag "TXA 1 gram".',
      ],
      sources: [mcg1317('41'), tp('1244'), tp('1217'), MCG_1309],
    },
  ],
  adult_only: true,
  contraindications: [
    '14 years or younger (on the tape when the age is unknown)',
    'More than 3 h since the injury or delivery',
    'Isolated traumatic brain injury',
    'Traumatic arrest with more than 5 min of CPR',
    'Active thrombosis (DVT, PE)',
    'Known allergy to TXA',
  ],
  allergy_terms: ['tranexamic', 'txa', 'cyklokapron', 'lysteda'],
  interactions: [],
  age_cautions: [],
  referrals: [],
  sources: [mcg1317('41'), MCG_1309],
};
