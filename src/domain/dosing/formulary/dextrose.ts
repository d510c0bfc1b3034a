import type { MedicationRecord } from '../formulary-schema';
import { fixed, MCG_1309, mcg1317, tp } from './shared';

const formulation = { label: 'Dextrose 10% (0.1 g/mL)' };
const patentLine = 'Confirm the line runs freely: leaking dextrose damages tissue.';

/** Drug Reference 1317.13 (04-01-25); TP 1203 / 1203-P; MCG 1309. */
export const dextrose: MedicationRecord = {
  id: 'dextrose',
  name: 'Dextrose 10%',
  brand_names: [],
  aliases: ['d10', 'd10w', 'dextrose 10%', 'glucose iv'],
  classes: ['carbohydrate'],
  status: 'calculated',
  indications: [
    { id: 'hypoglycemia', aliases: ['low blood sugar', 'low glucose', 'hypoglycaemia', 'glucose below 60'] },
  ],
  rules: [
    {
      id: 'dextrose-adult',
      population: 'adult',
      routes: ['IV', 'IO'],
      indications: ['hypoglycemia'],
      dose: fixed(125),
      unit: 'mL',
      formulation,
      max_single: 250,
      limits: {
        group: 'dextrose',
        repeat_text: 'Reassess after 125 mL; once more if still symptomatic (250 mL in all); more only with Base',
        max_total_before_base: { value: 250 },
        over_max_total: 'cap',
      },
      notes: ['Record the glucose before and after.', patentLine],
      sources: [mcg1317('13'), tp('1203'), MCG_1309],
    },
    {
      id: 'dextrose-pediatric',
      population: 'pediatric',
      routes: ['IV', 'IO'],
      indications: ['hypoglycemia'],
      // 5 mL/kg up to 24 kg; heavier children get 125 mL first (never more than 5 mL/kg),
      // then more up to 5 mL/kg if still symptomatic: the max total below.
      dose: { kind: 'per_kg', per_kg: 5, max: 125, max_is_dose: true },
      unit: 'mL',
      formulation,
      max_single: 250,
      limits: {
        group: 'dextrose',
        repeat_text: 'Up to 5 mL/kg in all before Base; with Base, up to 10 mL/kg, never over 250 mL',
        max_total_before_base: { per_kg: 5, max: 250 },
        max_total: { per_kg: 10, max: 250 },
        over_max_total: 'cap',
      },
      notes: [
        '24 kg or less: push slowly in 1 mL/kg steps, reassessing after each; recheck the glucose after 3 mL/kg.',
        'Over 24 kg: 125 mL, reassess, then continue up to 5 mL/kg if still symptomatic.',
        patentLine,
      ],
      sources: [mcg1317('13'), MCG_1309, tp('1203-P')],
    },
  ],
  adult_only: false,
  contraindications: [],
  allergy_terms: ['dextrose'],
  interactions: [],
  age_cautions: [],
  referrals: [],
  sources: [mcg1317('13'), MCG_1309],
};
