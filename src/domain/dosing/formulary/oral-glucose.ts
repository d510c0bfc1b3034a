import type { MedicationRecord } from '../formulary-schema';
import { fixed, MCG_1309, tp } from './shared';

const formulation = { label: '15 g tube of oral glucose gel', per_unit: { amount: 15, form: 'tube' as const } };
const limits = { group: 'oral-glucose', repeat_text: 'No repeat stated', over_max_total: 'refuse' as const };
const swallow = 'Only if awake, alert and able to swallow.';

/** MCG 1309 (Glucopaste 15 g, 4 years or older); TP 1203 / 1203-P. */
export const oralGlucose: MedicationRecord = {
  id: 'oral-glucose',
  name: 'Oral glucose (Glucopaste)',
  brand_names: ['Glucopaste', 'Insta-Glucose', 'Glutose'],
  aliases: ['glucose gel', 'oral glucose gel'],
  classes: ['carbohydrate'],
  status: 'calculated',
  indications: [{ id: 'hypoglycemia', aliases: ['low blood sugar', 'low glucose', 'hypoglycaemia'] }],
  rules: [
    {
      id: 'oral-glucose-adult',
      population: 'adult',
      routes: ['PO'],
      indications: ['hypoglycemia'],
      dose: fixed(15),
      unit: 'g',
      formulation,
      max_single: 15,
      limits,
      notes: [swallow],
      sources: [MCG_1309, tp('1203')],
    },
    {
      id: 'oral-glucose-pediatric',
      population: 'pediatric',
      routes: ['PO'],
      indications: ['hypoglycemia'],
      dose: fixed(15),
      unit: 'g',
      formulation,
      max_single: 15,
      limits,
      // MCG 1309 prints Glucopaste from 15 kg, with "4 years or older" on the White rows.
      age: {
        min_years: 4,
        if_unknown: { refuse_below_kg: 15, ask_below_kg: 19 },
        reason: 'Oral glucose is for children 4 years and older (MCG 1309).',
      },
      notes: [swallow],
      sources: [MCG_1309, tp('1203-P')],
    },
  ],
  adult_only: false,
  contraindications: ['Unable to swallow or protect the airway'],
  allergy_terms: [],
  interactions: [],
  age_cautions: [],
  referrals: [],
  sources: [MCG_1309],
};
