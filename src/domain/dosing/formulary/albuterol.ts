import type { DoseRule, MedicationRecord } from '../formulary-schema';
import { fixed, HOME_MED_GROUPS, MCG_1309, mcg1317, tp } from './shared';

const neb = { label: '2.5 mg/3 mL nebulizer solution', per_ml: 2.5 / 3 };
const mdi = { label: '90 mcg/puff metered-dose inhaler', per_unit: { amount: 90, form: 'puff' as const } };
const homeDoses = 'Puffs from the patient’s own inhaler do not count toward these limits.';
const bronchospasm = {
  group: 'albuterol-bronchospasm',
  repeat_text: 'Twice more as needed for wheezing: 3 doses before Base contact',
  max_doses_before_base: 3,
  over_max_total: 'refuse' as const,
};
const hyperkalemia = {
  group: 'albuterol-hyperkalemia',
  repeat_text: 'Continuously, one neb after another, until hospital arrival',
  over_max_total: 'refuse' as const,
};

function nebRule(
  id: string,
  population: DoseRule['population'],
  indications: string[],
  dose: DoseRule['dose'],
  limits: DoseRule['limits'],
  notes: string[],
  sources: string[],
): DoseRule {
  return {
    id,
    population,
    routes: ['NEB'],
    indications,
    dose,
    unit: 'mg',
    formulation: neb,
    max_single: 5,
    limits,
    notes,
    sources,
  };
}

/** Drug Reference 1317.3; MCG 1309; TP 1219, 1236, 1237, 1242 and their -P protocols. */
export const albuterol: MedicationRecord = {
  id: 'albuterol',
  name: 'Albuterol',
  brand_names: ['Ventolin', 'ProAir', 'Proventil'],
  aliases: ['salbutamol'],
  classes: ['bronchodilator', 'beta-2 agonist', 'sympathomimetic'],
  status: 'calculated',
  indications: [
    {
      id: 'bronchospasm',
      aliases: [
        'wheezing',
        'asthma',
        'copd',
        'respiratory distress',
        'allergic reaction with wheezing',
        'inhalation injury',
      ],
    },
    { id: 'hyperkalemia', aliases: ['suspected hyperkalemia', 'hyperkalemia or crush syndrome', 'crush syndrome'] },
    { id: 'crush prevention', aliases: ['before extrication', 'pre-extrication', 'at risk for crush syndrome'] },
  ],
  rules: [
    nebRule(
      'albuterol-adult-bronchospasm-neb',
      'adult',
      ['bronchospasm'],
      fixed(5),
      bronchospasm,
      [homeDoses],
      [mcg1317('3'), tp('1237'), tp('1219')],
    ),
    {
      id: 'albuterol-adult-bronchospasm-mdi',
      population: 'adult',
      routes: ['MDI'],
      indications: ['bronchospasm'],
      dose: fixed(360),
      unit: 'mcg',
      formulation: mdi,
      max_single: 360,
      limits: bronchospasm,
      notes: ['Use a spacer; the inhaler is single-patient and goes with the patient.', homeDoses],
      sources: [mcg1317('3'), tp('1237')],
    },
    nebRule(
      'albuterol-adult-hyperkalemia',
      'adult',
      ['hyperkalemia'],
      fixed(5),
      hyperkalemia,
      [],
      [mcg1317('3'), tp('1212'), tp('1242')],
    ),
    nebRule(
      'albuterol-adult-crush-prevention',
      'adult',
      ['crush prevention'],
      fixed(5),
      {
        group: 'albuterol-crush',
        repeat_text: 'Two nebs (10 mg in all), starting 5 min before the crushed tissue is released',
        max_doses: 2,
        over_max_total: 'refuse',
      },
      ['By mask nebulizer.'],
      [mcg1317('3'), tp('1242')],
    ),
    nebRule(
      'albuterol-pediatric-bronchospasm-neb',
      'pediatric',
      ['bronchospasm'],
      {
        kind: 'by_age',
        steps: [
          { from_years: 0, dose: fixed(2.5) },
          { from_years: 4, dose: fixed(5) },
        ],
        // MCG 1309 prints 2.5 mg up to the Yellow rows, both doses on the White rows (3-4
        // years), and 5 mg from Blue on.
        if_age_unknown: {
          Grey: fixed(2.5),
          Pink: fixed(2.5),
          Red: fixed(2.5),
          Purple: fixed(2.5),
          Yellow: fixed(2.5),
          White: 'ask',
          Blue: fixed(5),
          Orange: fixed(5),
          Green: fixed(5),
        },
      },
      bronchospasm,
      [homeDoses],
      [mcg1317('3'), MCG_1309, tp('1237-P'), tp('1219-P')],
    ),
    {
      id: 'albuterol-pediatric-bronchospasm-mdi',
      population: 'pediatric',
      routes: ['MDI'],
      indications: ['bronchospasm'],
      // The chart prints no MDI rows, so only the age settles the puffs.
      dose: {
        kind: 'by_age',
        steps: [
          { from_years: 0, dose: fixed(180) },
          { from_years: 4, dose: fixed(360) },
        ],
        if_age_unknown: {},
      },
      unit: 'mcg',
      formulation: mdi,
      max_single: 360,
      limits: bronchospasm,
      notes: ['Use a spacer; the inhaler is single-patient and goes with the patient.', homeDoses],
      sources: [mcg1317('3'), MCG_1309, tp('1237-P')],
    },
    nebRule(
      'albuterol-pediatric-hyperkalemia',
      'pediatric',
      ['hyperkalemia'],
      fixed(5),
      hyperkalemia,
      ['5 mg whatever the child’s size.'],
      [mcg1317('3'), tp('1242-P')],
    ),
    nebRule(
      'albuterol-pediatric-crush-prevention',
      'pediatric',
      ['crush prevention'],
      fixed(5),
      {
        group: 'albuterol-crush',
        repeat_text: 'Once more straight after the first, starting 5 min before the crushed tissue is released',
        max_doses: 2,
        over_max_total: 'refuse',
      },
      ['5 mg whatever the child’s size.'],
      [mcg1317('3'), tp('1242-P')],
    ),
  ],
  adult_only: false,
  contraindications: ['Known allergy to albuterol'],
  allergy_terms: ['albuterol', 'salbutamol', 'ventolin', 'proair', 'proventil'],
  interactions: [
    {
      home_terms: [...HOME_MED_GROUPS.maoInhibitors, ...HOME_MED_GROUPS.tricyclics],
      given: [],
      severity: 'caution',
      message:
        'MAO inhibitor or tricyclic antidepressant on the medication list: give albuterol with great care and watch heart rate and pressure.',
    },
    {
      home_terms: [...HOME_MED_GROUPS.betaBlockers],
      given: [],
      severity: 'caution',
      message:
        'Beta blocker on the medication list: it and albuterol can cancel each other out; watch the response closely.',
    },
  ],
  age_cautions: [],
  referrals: [],
  sources: [mcg1317('3'), MCG_1309],
};
