import type { MedicationRecord } from '../formulary-schema';
import {
  fixed,
  HOME_MED_GROUPS,
  MCG_1309,
  mcg1317,
  OPIOID_ALLERGY_TERMS,
  perKg,
  SEDATING_FORMULARY_IDS,
} from './shared';

const formulation = { label: '50 mcg/mL', per_ml: 50 };
const childLimits = {
  group: 'fentanyl',
  repeat_interval_min: 5,
  repeat_text: 'Once more after 5 min as needed: 2 doses before Base, 4 in all with Base',
  max_doses_before_base: 2,
  max_doses: 4,
  over_max_total: 'refuse' as const,
};
const breathing = 'Watch breathing: depression can outlast the pain relief. Naloxone reverses it.';

/** Drug Reference 1317.19; pain per MCG 1345 in the protocols; MCG 1309. */
export const fentanyl: MedicationRecord = {
  id: 'fentanyl',
  name: 'Fentanyl',
  brand_names: ['Sublimaze'],
  aliases: [],
  classes: ['opioid', 'synthetic opioid'],
  status: 'calculated',
  indications: [{ id: 'pain', aliases: ['pain management', 'analgesia', 'severe pain'] }],
  rules: [
    {
      id: 'fentanyl-adult',
      population: 'adult',
      routes: ['IV', 'IO', 'IM', 'IN'],
      indications: ['pain'],
      dose: fixed(50),
      unit: 'mcg',
      formulation,
      max_single: 50,
      limits: {
        group: 'fentanyl',
        repeat_interval_min: 5,
        repeat_text: 'Every 5 min as needed: 150 mcg in all before Base, 250 mcg with Base',
        max_total_before_base: { value: 150 },
        max_total: { value: 250 },
        over_max_total: 'refuse',
      },
      notes: ['IV/IO: push slowly; a fast push can stiffen the chest wall.', breathing],
      sources: [mcg1317('19'), MCG_1309],
    },
    {
      id: 'fentanyl-pediatric',
      population: 'pediatric',
      routes: ['IV', 'IO', 'IM'],
      indications: ['pain'],
      dose: perKg(1, 50),
      unit: 'mcg',
      formulation,
      max_single: 50,
      limits: childLimits,
      notes: ['IV/IO: push slowly.', breathing],
      sources: [mcg1317('19'), MCG_1309],
    },
    {
      id: 'fentanyl-pediatric-in',
      population: 'pediatric',
      routes: ['IN'],
      indications: ['pain'],
      dose: perKg(1.5, 50),
      unit: 'mcg',
      formulation,
      max_single: 50,
      limits: childLimits,
      notes: [breathing],
      sources: [mcg1317('19'), MCG_1309],
    },
  ],
  adult_only: false,
  contraindications: ['Allergy to fentanyl', 'Pregnant patient in labor'],
  allergy_terms: ['fentanyl', 'sublimaze', 'duragesic', ...OPIOID_ALLERGY_TERMS],
  interactions: [
    {
      home_terms: [...HOME_MED_GROUPS.cnsDepressants],
      given: [],
      severity: 'caution',
      message: 'Alcohol, opioids or sedatives on the medication list strengthen fentanyl: watch breathing.',
    },
    {
      home_terms: [],
      given: SEDATING_FORMULARY_IDS.filter((id) => id !== 'fentanyl'),
      severity: 'caution',
      message:
        'A sedating drug was already given to this patient: together they slow breathing more. Watch the airway.',
    },
  ],
  age_cautions: [],
  referrals: [],
  sources: [mcg1317('19'), MCG_1309],
};
