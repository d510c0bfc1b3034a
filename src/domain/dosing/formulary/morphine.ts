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

const formulation = { label: '4 mg/mL', per_ml: 4 };
const watch = 'Watch breathing and pressure; naloxone reverses respiratory depression.';

/** Drug Reference 1317.27; pain per MCG 1345 in the protocols; MCG 1309. */
export const morphine: MedicationRecord = {
  id: 'morphine',
  name: 'Morphine sulfate',
  brand_names: [],
  aliases: ['morphine sulfate'],
  classes: ['opioid', 'opiate analgesic'],
  status: 'calculated',
  indications: [{ id: 'pain', aliases: ['pain management', 'analgesia', 'severe pain'] }],
  rules: [
    {
      id: 'morphine-adult',
      population: 'adult',
      routes: ['IV', 'IO', 'IM'],
      indications: ['pain'],
      dose: fixed(4),
      unit: 'mg',
      formulation,
      max_single: 4,
      limits: {
        group: 'morphine',
        repeat_interval_min: 5,
        repeat_text: 'Every 5 min as needed: 12 mg in all before Base, 20 mg with Base',
        max_total_before_base: { value: 12 },
        max_total: { value: 20 },
        over_max_total: 'refuse',
      },
      notes: ['IV/IO: slow push.', watch],
      sources: [mcg1317('27'), MCG_1309],
    },
    {
      id: 'morphine-pediatric',
      population: 'pediatric',
      routes: ['IV', 'IO', 'IM'],
      indications: ['pain'],
      dose: perKg(0.1, 4),
      unit: 'mg',
      formulation,
      max_single: 4,
      limits: {
        group: 'morphine',
        repeat_interval_min: 5,
        repeat_text: 'Once more after 5 min: 2 doses before Base, 4 in all with Base',
        max_doses_before_base: 2,
        max_doses: 4,
        over_max_total: 'refuse',
      },
      notes: ['IV/IO: slow push.', watch],
      sources: [mcg1317('27'), MCG_1309],
    },
  ],
  adult_only: false,
  contraindications: [
    'Hypotension or signs of poor perfusion',
    'Allergy to morphine or other narcotics',
    'Pregnant patient in labor',
  ],
  allergy_terms: [
    'morphine',
    'ms contin',
    'codeine',
    'hydrocodone',
    'oxycodone',
    'hydromorphone',
    'dilaudid',
    'vicodin',
    'norco',
    'percocet',
    ...OPIOID_ALLERGY_TERMS,
  ],
  interactions: [
    {
      home_terms: [...HOME_MED_GROUPS.cnsDepressants, ...HOME_MED_GROUPS.tricyclics],
      given: [],
      severity: 'caution',
      message:
        'Alcohol, sedatives, benzodiazepines or tricyclics on board: morphine slows breathing and the brain more. Watch the airway.',
    },
    {
      home_terms: [],
      given: SEDATING_FORMULARY_IDS.filter((id) => id !== 'morphine'),
      severity: 'caution',
      message:
        'A sedating drug or opioid was already given to this patient: together they slow breathing more. Watch the airway.',
    },
  ],
  age_cautions: [],
  referrals: [],
  sources: [mcg1317('27'), MCG_1309],
};
