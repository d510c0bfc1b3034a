import type { MedicationRecord } from '../formulary-schema';
import { fixed, MCG_1309, mcg1317, perKg, tp } from './shared';

const limits = {
  group: 'hydroxocobalamin',
  repeat_interval_min: 15,
  repeat_text: 'Once more after 15 min',
  max_doses: 2,
  over_max_total: 'refuse' as const,
};
const ownLine = 'Own line: flush before and after other drugs, and never with blood products.';
const falseReadings = 'Afterwards pulse oximetry reads falsely high and skin and urine turn red.';

/** Drug Reference 1317.21 (04-01-25); TP 1240 / 1240-P, 1236, 1238; MCG 1309. */
export const hydroxocobalamin: MedicationRecord = {
  id: 'hydroxocobalamin',
  name: 'Hydroxocobalamin',
  brand_names: ['Cyanokit'],
  aliases: [],
  classes: ['antidote', 'vitamin b12'],
  status: 'calculated',
  indications: [{ id: 'cyanide', aliases: ['cyanide poisoning', 'cyanide toxicity', 'cyanide exposure'] }],
  rules: [
    {
      id: 'hydroxocobalamin-adult',
      population: 'adult',
      routes: ['IV', 'IO'],
      indications: ['cyanide'],
      dose: fixed(5),
      unit: 'g',
      formulation: { label: '5 g vial in 200 mL NS (25 mg/mL)', per_ml: 0.025 },
      max_single: 5,
      limits,
      notes: ['Infuse over 15 min.', ownLine, falseReadings],
      sources: [mcg1317('21'), tp('1240'), MCG_1309],
    },
    {
      id: 'hydroxocobalamin-pediatric',
      population: 'pediatric',
      routes: ['IV', 'IO'],
      indications: ['cyanide'],
      dose: perKg(70, 5000),
      unit: 'mg',
      formulation: { label: '25 mg/mL (5 g in 200 mL NS)', per_ml: 25 },
      max_single: 5000,
      limits,
      notes: [
        'Reconstitute the 5 g vial in 200 mL NS; infuse the weight-based volume over 15 min.',
        ownLine,
        falseReadings,
      ],
      sources: [mcg1317('21'), MCG_1309, tp('1240-P')],
    },
  ],
  adult_only: false,
  contraindications: ['Known allergy to hydroxocobalamin'],
  allergy_terms: ['hydroxocobalamin', 'cyanokit', 'cobalamin', 'vitamin b12'],
  interactions: [
    {
      home_terms: ['sodium thiosulfate', 'sodium nitrite', 'nithiodote'],
      given: [],
      severity: 'caution',
      message: 'Sodium thiosulfate or sodium nitrite: never through the same line as hydroxocobalamin.',
    },
  ],
  age_cautions: [],
  referrals: [],
  sources: [mcg1317('21'), MCG_1309],
};
