import type { MedicationRecord } from '../formulary-schema';
import { fixed, MCG_1309, mcg1317, tp } from './shared';

const formulation = { label: '1 mg/mL (reconstituted)', per_ml: 1 };
const limits = {
  group: 'glucagon',
  repeat_interval_min: 20,
  repeat_text: 'Once more after 20 min as needed',
  max_doses: 2,
  over_max_total: 'refuse' as const,
};
const notes = [
  'Only when IV access cannot be established.',
  'Mix the powder and use it at once.',
  'Give sugar by mouth as soon as the patient can swallow.',
];

/** Drug Reference 1317.20 (04-01-25); TP 1203 / 1203-P; MCG 1309. */
export const glucagon: MedicationRecord = {
  id: 'glucagon',
  name: 'Glucagon',
  brand_names: ['GlucaGen', 'Gvoke'],
  aliases: [],
  classes: ['hormone'],
  status: 'calculated',
  indications: [
    { id: 'hypoglycemia', aliases: ['low blood sugar', 'low glucose', 'hypoglycaemia', 'hypoglycemia without iv'] },
  ],
  rules: [
    {
      id: 'glucagon-adult',
      population: 'adult',
      routes: ['IM'],
      indications: ['hypoglycemia'],
      dose: fixed(1),
      unit: 'mg',
      formulation,
      max_single: 1,
      limits,
      notes,
      sources: [mcg1317('20'), tp('1203'), MCG_1309],
    },
    {
      id: 'glucagon-pediatric',
      population: 'pediatric',
      routes: ['IM'],
      indications: ['hypoglycemia'],
      dose: {
        kind: 'by_age',
        steps: [
          { from_years: 0, dose: fixed(0.5) },
          { from_years: 1, dose: fixed(1) },
        ],
        // MCG 1309 prints 0.5 mg on the Grey, Pink and Red pages and 1 mg from Purple on.
        if_age_unknown: {
          Grey: fixed(0.5),
          Pink: fixed(0.5),
          Red: fixed(0.5),
          Purple: fixed(1),
          Yellow: fixed(1),
          White: fixed(1),
          Blue: fixed(1),
          Orange: fixed(1),
          Green: fixed(1),
        },
      },
      unit: 'mg',
      formulation,
      max_single: 1,
      limits,
      notes: [...notes, 'Young infants have little stored glycogen: glucagon may not work.'],
      sources: [mcg1317('20'), MCG_1309, tp('1203-P')],
    },
  ],
  adult_only: false,
  contraindications: ['Known insulinoma (insulin-secreting tumour)'],
  allergy_terms: ['glucagon', 'glucagen', 'gvoke', 'baqsimi'],
  interactions: [],
  age_cautions: [],
  referrals: [],
  sources: [mcg1317('20'), MCG_1309],
};
