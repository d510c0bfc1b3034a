import type { MedicationRecord } from '../formulary-schema';
import { HOME_MED_GROUPS, MCG_1309, mcg1317, perKg } from './shared';

const formulation = { label: '15 mg/mL', per_ml: 15 };
const once = {
  group: 'ketorolac',
  repeat_text: 'Once only in the field',
  max_doses: 1,
  over_max_total: 'refuse' as const,
};
const overSixtyFive = {
  max_years: 65,
  if_unknown: 'allow' as const,
  reason: 'Ketorolac is contraindicated over 65 years (1317.22).',
};
const checkList = 'Go through the contraindications before giving it.';

/**
 * Drug Reference 1317.22; MCG 1309. The chart's IV/IO line and its adult IM line are per kg,
 * which gives the Drug Reference's fixed 15 mg and 30 mg to every adult of 30 kg or more
 * and less only to a rare adult under 30 kg; for adults the ceiling is the dose itself.
 */
export const ketorolac: MedicationRecord = {
  id: 'ketorolac',
  name: 'Ketorolac',
  brand_names: ['Toradol'],
  aliases: [],
  classes: ['nsaid'],
  status: 'calculated',
  indications: [{ id: 'pain', aliases: ['pain management', 'analgesia'] }],
  rules: [
    {
      id: 'ketorolac-adult-iv',
      population: 'adult',
      routes: ['IV', 'IO'],
      indications: ['pain'],
      dose: { ...perKg(0.5, 15), max_is_dose: true },
      unit: 'mg',
      formulation,
      max_single: 15,
      limits: once,
      age: overSixtyFive,
      notes: ['Slow push.', checkList],
      sources: [mcg1317('22'), MCG_1309],
    },
    {
      id: 'ketorolac-adult-im',
      population: 'adult',
      routes: ['IM'],
      indications: ['pain'],
      dose: { ...perKg(1, 30), max_is_dose: true },
      unit: 'mg',
      formulation,
      max_single: 30,
      limits: once,
      age: overSixtyFive,
      notes: [checkList],
      sources: [mcg1317('22'), MCG_1309],
    },
    {
      id: 'ketorolac-pediatric',
      population: 'pediatric',
      routes: ['IV', 'IO', 'IM'],
      indications: ['pain'],
      dose: perKg(0.5, 15),
      unit: 'mg',
      formulation,
      max_single: 15,
      limits: once,
      // MCG 1309 prints no ketorolac below 15 kg and marks the White rows "4 years or older".
      age: {
        min_years: 4,
        if_unknown: { refuse_below_kg: 15, ask_below_kg: 19 },
        reason: 'Ketorolac is only for children 4 years and older (MCG 1309, 1317.22).',
      },
      notes: ['IV/IO: slow push.', checkList],
      sources: [mcg1317('22'), MCG_1309],
    },
  ],
  adult_only: false,
  contraindications: [
    'Active bleeding',
    'Active wheezing',
    'Under 4 or over 65 years',
    'Allergy to NSAIDs',
    'Taking anticoagulants',
    'Taking steroids',
    'Head or multisystem trauma',
    'History of upper GI bleeding or peptic ulcer',
    'History of kidney disease or kidney transplant',
    'Known or possible pregnancy',
    'Suspected sepsis or septic shock',
    'Cardiac chest pain',
  ],
  allergy_terms: ['ketorolac', 'toradol', 'nsaid', 'ibuprofen', 'motrin', 'advil', 'naproxen', 'aleve', 'aspirin'],
  interactions: [
    {
      home_terms: [...HOME_MED_GROUPS.anticoagulants],
      given: [],
      severity: 'danger',
      message: 'Anticoagulant on the medication list: current anticoagulation is a contraindication to ketorolac.',
    },
    {
      home_terms: [...HOME_MED_GROUPS.steroids],
      given: [],
      severity: 'danger',
      message: 'Steroid on the medication list: current steroid use is a contraindication to ketorolac.',
    },
    {
      home_terms: [...HOME_MED_GROUPS.nsaids],
      given: [],
      severity: 'caution',
      message: 'Another NSAID on the medication list: ketorolac adds to its side effects and bleeding risk.',
    },
    {
      home_terms: [],
      given: ['aspirin'],
      severity: 'info',
      message: 'Aspirin was given: ketorolac may still be used.',
    },
  ],
  age_cautions: [],
  referrals: [],
  sources: [mcg1317('22'), MCG_1309],
};
