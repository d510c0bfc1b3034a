import type { MedicationRecord } from '../formulary-schema';
import { fixed, MCG_1309, mcg1317, perKg, tp } from './shared';

const adultForm = { label: '100 mg/mL (1 g in 10 mL)', per_ml: 0.1 };
const childForm = { label: '100 mg/mL', per_ml: 100 };
const patentLine = 'Confirm the line runs freely first: leaking calcium destroys tissue.';

/** Drug Reference 1317.11; TP 1210, 1212, 1241, 1242 and their -P protocols; MCG 1309. */
export const calciumChloride: MedicationRecord = {
  id: 'calcium-chloride',
  name: 'Calcium chloride',
  brand_names: [],
  aliases: ['calcium', 'cacl', 'cacl2'],
  classes: ['electrolyte'],
  status: 'calculated',
  indications: [
    { id: 'cardiac arrest', aliases: ['arrest with hyperkalemia', 'arrest with renal failure', 'dialysis arrest'] },
    {
      id: 'hyperkalemia',
      aliases: ['suspected hyperkalemia', 'hyperkalemia / crush syndrome', 'crush syndrome', 'crush injury'],
    },
    {
      id: 'calcium channel blocker overdose',
      aliases: [
        'ccb overdose',
        'beta blocker overdose',
        'calcium channel / beta blocker overdose',
        'calcium channel or beta blocker overdose',
      ],
    },
  ],
  rules: [
    {
      id: 'calcium-chloride-adult-arrest',
      population: 'adult',
      routes: ['IV', 'IO'],
      indications: ['cardiac arrest'],
      dose: fixed(1),
      unit: 'g',
      formulation: adultForm,
      max_single: 1,
      limits: { group: 'calcium-chloride', repeat_text: 'No repeat stated', over_max_total: 'refuse' },
      notes: ['For arrest with suspected hyperkalemia or renal failure.'],
      sources: [mcg1317('11'), tp('1210')],
    },
    {
      id: 'calcium-chloride-adult-hyperkalemia',
      population: 'adult',
      routes: ['IV', 'IO'],
      indications: ['hyperkalemia'],
      dose: fixed(1),
      unit: 'g',
      formulation: adultForm,
      max_single: 1,
      limits: {
        group: 'calcium-chloride',
        repeat_text: 'Once more if symptoms or ECG changes persist',
        max_doses: 2,
        over_max_total: 'refuse',
      },
      notes: ['Slow push.', 'Give before sodium bicarbonate and flush between them.', patentLine],
      sources: [mcg1317('11'), tp('1212'), tp('1242')],
    },
    {
      id: 'calcium-chloride-adult-ccb-overdose',
      population: 'adult',
      routes: ['IV'],
      indications: ['calcium channel blocker overdose'],
      dose: fixed(1),
      unit: 'g',
      formulation: adultForm,
      max_single: 1,
      limits: { group: 'calcium-chloride', repeat_text: 'No repeat stated', over_max_total: 'refuse' },
      notes: ['Slow push over 60 s.', 'With Base (TP 1241).', patentLine],
      sources: [mcg1317('11'), tp('1241')],
    },
    {
      id: 'calcium-chloride-pediatric-hyperkalemia',
      population: 'pediatric',
      routes: ['IV', 'IO'],
      indications: ['hyperkalemia'],
      dose: perKg(20, 1000),
      unit: 'mg',
      formulation: childForm,
      max_single: 1000,
      limits: {
        group: 'calcium-chloride',
        repeat_text: 'Once more for persistent ECG changes',
        max_doses: 2,
        over_max_total: 'refuse',
      },
      dilute_under_one_year: true,
      notes: ['Slow push.', 'Give before sodium bicarbonate and flush between them.', patentLine],
      sources: [mcg1317('11'), MCG_1309, tp('1242-P')],
    },
    {
      id: 'calcium-chloride-pediatric-ccb-overdose',
      population: 'pediatric',
      routes: ['IV'],
      indications: ['calcium channel blocker overdose'],
      dose: perKg(20, 1000),
      unit: 'mg',
      formulation: childForm,
      max_single: 1000,
      limits: { group: 'calcium-chloride', repeat_text: 'No repeat stated', over_max_total: 'refuse' },
      dilute_under_one_year: true,
      notes: ['Slow push over 60 s.', 'With Base (TP 1241-P).', patentLine],
      sources: [mcg1317('11'), MCG_1309, tp('1241-P')],
    },
  ],
  adult_only: false,
  contraindications: ['Hypercalcemia'],
  allergy_terms: ['calcium chloride'],
  interactions: [
    {
      home_terms: ['digoxin', 'lanoxin', 'digitalis'],
      given: [],
      severity: 'danger',
      message: 'Digoxin on the medication list: calcium can stop the heart in patients taking it. Contact Base.',
    },
    {
      home_terms: [],
      given: ['sodium-bicarbonate'],
      severity: 'caution',
      message:
        'Sodium bicarbonate was given: calcium and bicarbonate form a chalky precipitate. Use another line or flush with at least 10 mL NS between them.',
    },
  ],
  age_cautions: [],
  referrals: [],
  sources: [mcg1317('11'), MCG_1309],
};
