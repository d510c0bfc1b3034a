import type { MedicationRecord } from '../formulary-schema';
import { BENZODIAZEPINE_ALLERGY_TERMS, fixed, HOME_MED_GROUPS, SEDATING_FORMULARY_IDS, tp } from './shared';

/**
 * TP 1240 / 1240-P: diazepam comes only in the EMS CHEMPACK, for seizures after a nerve
 * agent or organophosphate exposure. No Drug Reference page.
 */
export const diazepam: MedicationRecord = {
  id: 'diazepam',
  name: 'Diazepam (CHEMPACK)',
  brand_names: ['Valium'],
  aliases: [],
  classes: ['benzodiazepine'],
  status: 'calculated',
  indications: [{ id: 'seizure', aliases: ['nerve agent seizure', 'chempack seizure', 'organophosphate seizure'] }],
  rules: [
    {
      id: 'diazepam-adult-autoinjector',
      population: 'adult',
      routes: ['IM'],
      indications: ['seizure'],
      dose: fixed(10),
      unit: 'mg',
      formulation: { label: '10 mg autoinjector (CHEMPACK)', per_unit: { amount: 10, form: 'autoinjector' } },
      max_single: 10,
      limits: { group: 'diazepam', repeat_text: 'Single dose', max_doses: 1, over_max_total: 'refuse' },
      notes: ['CHEMPACK only. Outside a nerve-agent incident treat seizures with midazolam (TP 1231).'],
      sources: [tp('1240')],
    },
    {
      id: 'diazepam-pediatric',
      population: 'pediatric',
      routes: ['IV', 'IM'],
      indications: ['seizure'],
      // TP 1240-P CHEMPACK table (0.1-0.2 mg/kg, rounded per colour).
      dose: {
        kind: 'by_band',
        bands: {
          Grey: fixed(0.5),
          Pink: fixed(1),
          Red: fixed(1.5),
          Purple: fixed(2),
          Yellow: fixed(2.5),
          White: fixed(3),
          Blue: fixed(4),
          Orange: fixed(5),
          Green: fixed(6),
        },
      },
      unit: 'mg',
      formulation: { label: '5 mg/mL multi-dose vial (CHEMPACK)', per_ml: 5 },
      max_single: 6,
      limits: {
        group: 'diazepam',
        repeat_interval_min: 5,
        repeat_text: 'Once more after 5 min',
        max_doses: 2,
        over_max_total: 'refuse',
      },
      notes: [
        'Only when midazolam is short: midazolam per TP 1231-P comes first.',
        'IV preferred; IM without IV access.',
        'Never the adult autoinjector in a child.',
      ],
      sources: [tp('1240-P')],
    },
  ],
  adult_only: false,
  contraindications: ['Respiratory depression'],
  allergy_terms: ['diazepam', 'valium', ...BENZODIAZEPINE_ALLERGY_TERMS],
  interactions: [
    {
      home_terms: [...HOME_MED_GROUPS.cnsDepressants],
      given: SEDATING_FORMULARY_IDS.filter((id) => id !== 'diazepam'),
      severity: 'caution',
      message: 'Sedatives or opioids on board: diazepam slows breathing more. Watch the airway.',
    },
  ],
  age_cautions: [],
  referrals: [],
  sources: [tp('1240'), tp('1240-P')],
};
