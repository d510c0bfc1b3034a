import type { MedicationRecord } from '../formulary-schema';
import { fixed, HOME_MED_GROUPS, MCG_1309, mcg1317, tp } from './shared';

const odt = { label: '4 mg orally disintegrating tablet', per_unit: { amount: 4, form: 'tablet' as const } };
const adultLimits = {
  group: 'ondansetron',
  repeat_interval_min: 15,
  repeat_text: 'Once more after 15 min as needed',
  max_doses: 2,
  over_max_total: 'refuse' as const,
};
const lookAlike = 'Sounds like olanzapine: read the label twice.';

/** Drug Reference 1317.33; TP 1202 and others; MCG 1309 (ODT from 4 years; IV/IM from 15 years). */
export const ondansetron: MedicationRecord = {
  id: 'ondansetron',
  name: 'Ondansetron',
  brand_names: ['Zofran'],
  aliases: [],
  classes: ['antiemetic', '5-ht3 antagonist'],
  status: 'calculated',
  indications: [{ id: 'nausea', aliases: ['vomiting', 'nausea and vomiting', 'n/v', 'before opioid'] }],
  rules: [
    {
      id: 'ondansetron-adult-odt',
      population: 'adult',
      routes: ['ODT'],
      indications: ['nausea'],
      dose: fixed(4),
      unit: 'mg',
      formulation: odt,
      max_single: 4,
      limits: adultLimits,
      notes: [lookAlike],
      sources: [mcg1317('33'), MCG_1309, tp('1202')],
    },
    {
      id: 'ondansetron-adult-iv-im',
      population: 'adult',
      routes: ['IV', 'IM'],
      indications: ['nausea'],
      dose: fixed(4),
      unit: 'mg',
      formulation: { label: '2 mg/mL', per_ml: 2 },
      max_single: 4,
      limits: adultLimits,
      age: {
        min_years: 15,
        if_unknown: 'ask',
        reason:
          'IV/IM ondansetron is only for patients 15 years or older (MCG 1309); from 4 years the 4 mg ODT may be given.',
      },
      notes: [lookAlike],
      sources: [mcg1317('33'), MCG_1309, tp('1202')],
    },
    {
      id: 'ondansetron-pediatric-odt',
      population: 'pediatric',
      routes: ['ODT'],
      indications: ['nausea'],
      dose: fixed(4),
      unit: 'mg',
      formulation: odt,
      max_single: 4,
      limits: { group: 'ondansetron', repeat_text: 'Single dose', max_doses: 1, over_max_total: 'refuse' },
      // MCG 1309 prints no ondansetron below 15 kg and marks the White rows "4 years or older".
      age: {
        min_years: 4,
        if_unknown: { refuse_below_kg: 15, ask_below_kg: 19 },
        reason: 'Ondansetron ODT is only for children 4 years and older (MCG 1309, 1317.33).',
      },
      notes: [lookAlike],
      sources: [mcg1317('33'), MCG_1309, tp('1202-P')],
    },
  ],
  adult_only: false,
  contraindications: ['Known allergy to ondansetron', 'Pregnancy, at any stage'],
  allergy_terms: ['ondansetron', 'zofran', 'granisetron', '5-ht3'],
  interactions: [
    {
      home_terms: [],
      given: ['olanzapine'],
      severity: 'danger',
      message:
        'Olanzapine was given to this patient: ondansetron with olanzapine is contraindicated (QT prolongation).',
    },
    {
      home_terms: [...HOME_MED_GROUPS.qtProlonging],
      given: ['amiodarone'],
      severity: 'caution',
      message: 'Amiodarone or another QT-prolonging drug on board: together they can trigger torsades de pointes.',
    },
  ],
  age_cautions: [],
  referrals: [],
  sources: [mcg1317('33'), MCG_1309],
};
