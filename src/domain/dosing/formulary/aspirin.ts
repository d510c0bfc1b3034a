import type { MedicationRecord } from '../formulary-schema';
import { fixed, HOME_MED_GROUPS, MCG_1309, mcg1317, tp } from './shared';

/** Drug Reference 1317.7; TP 1211; MCG 1309 (adult page). */
export const aspirin: MedicationRecord = {
  id: 'aspirin',
  name: 'Aspirin',
  brand_names: ['Bayer'],
  aliases: ['asa', 'acetylsalicylic acid'],
  classes: ['nsaid', 'platelet inhibitor'],
  status: 'calculated',
  indications: [
    {
      id: 'chest pain',
      aliases: [
        'suspected cardiac chest pain',
        'cardiac chest pain',
        'stemi',
        'acs',
        'mi',
        'heart attack',
        'suspected ischemia',
      ],
    },
  ],
  rules: [
    {
      id: 'aspirin-adult',
      population: 'adult',
      routes: ['PO'],
      indications: ['chest pain'],
      dose: fixed(325),
      unit: 'mg',
      formulation: { label: '325 mg chewable, non-enteric-coated tablet', per_unit: { amount: 325, form: 'tablet' } },
      max_single: 325,
      limits: { group: 'aspirin', repeat_text: 'Once only', max_doses: 1, over_max_total: 'refuse' },
      age: { min_years: 15, if_unknown: 'allow', reason: 'Aspirin is not given to children in the field (1317.7).' },
      notes: [
        'Alert patients only; chewing speeds absorption.',
        'About 7% of people with asthma react to aspirin: watch breathing.',
      ],
      sources: [mcg1317('7'), tp('1211'), MCG_1309],
    },
  ],
  adult_only: true,
  contraindications: ['Aspirin allergy', 'Bleeding GI ulcer', 'Children'],
  allergy_terms: ['aspirin', 'asa', 'acetylsalicylic', 'salicylate', 'bayer', 'nsaid'],
  interactions: [
    {
      home_terms: [...HOME_MED_GROUPS.anticoagulants],
      given: [],
      severity: 'caution',
      message: 'Anticoagulant on the medication list: aspirin adds to the bleeding risk.',
    },
  ],
  age_cautions: [],
  referrals: [],
  sources: [mcg1317('7'), MCG_1309],
};
