import type { MedicationRecord } from '../formulary-schema';
import { fixed, HOME_MED_GROUPS, MCG_1309, mcg1317, tp } from './shared';

const formulation = { label: '0.4 mg sublingual tablet or spray', per_unit: { amount: 0.4, form: 'tablet' as const } };
const adultsOnly = {
  min_years: 15,
  if_unknown: 'allow' as const,
  reason: 'Nitroglycerin is not given to children (1317.31).',
};

/** Drug Reference 1317.31; TP 1211, 1214; MCG 1309 (adult page). */
export const nitroglycerin: MedicationRecord = {
  id: 'nitroglycerin',
  name: 'Nitroglycerin',
  brand_names: ['Nitrostat', 'Nitrolingual'],
  aliases: ['ntg', 'nitro', 'glyceryl trinitrate'],
  classes: ['nitrate', 'vasodilator'],
  status: 'calculated',
  indications: [
    {
      id: 'chest pain',
      aliases: ['suspected cardiac chest pain', 'cardiac chest pain', 'stemi', 'acs', 'angina', 'mi'],
    },
    {
      id: 'pulmonary edema',
      aliases: ['chf', 'congestive heart failure', 'acute pulmonary edema', 'heart failure', 'pulmonary edema / chf'],
    },
  ],
  rules: [
    {
      id: 'nitroglycerin-chest-pain',
      population: 'adult',
      routes: ['SL'],
      indications: ['chest pain'],
      dose: fixed(0.4),
      unit: 'mg',
      formulation,
      max_single: 0.4,
      limits: {
        group: 'nitroglycerin',
        repeat_interval_min: 5,
        repeat_text: 'Every 5 min as needed: 3 doses in all',
        max_doses: 3,
        over_max_total: 'refuse',
      },
      age: adultsOnly,
      hold_below_sbp_mmhg: 100,
      notes: [
        'Hold for SBP under 100 mmHg or a PDE-5 inhibitor in the last 48 h.',
        'Caution with suspected stroke or intracranial bleeding.',
      ],
      sources: [mcg1317('31'), tp('1211'), MCG_1309],
    },
    {
      id: 'nitroglycerin-pulmonary-edema',
      population: 'adult',
      routes: ['SL'],
      indications: ['pulmonary edema'],
      dose: {
        kind: 'by_sbp',
        steps: [
          { from_mmhg: 100, dose: fixed(0.4) },
          { from_mmhg: 150, dose: fixed(0.8) },
          { from_mmhg: 200, dose: fixed(1.2) },
        ],
      },
      unit: 'mg',
      formulation,
      max_single: 1.2,
      limits: {
        group: 'nitroglycerin',
        repeat_interval_min: 3,
        repeat_text: 'Every 3-5 min as needed for dyspnea: 3 doses in all, each dosed by a fresh SBP',
        max_doses: 3,
        over_max_total: 'refuse',
      },
      age: adultsOnly,
      hold_below_sbp_mmhg: 100,
      notes: ['Take the blood pressure before every dose and dose by it.'],
      sources: [mcg1317('31'), tp('1214'), MCG_1309],
    },
  ],
  adult_only: true,
  contraindications: [
    'PDE-5 inhibitor (sildenafil, tadalafil, vardenafil) in the last 48 h',
    'SBP under 100 mmHg',
    'Suspected cardiac tamponade',
  ],
  allergy_terms: ['nitroglycerin', 'nitrostat', 'nitrolingual', 'ntg', 'nitrate'],
  interactions: [
    {
      home_terms: [],
      given: [],
      request_flag: 'pde5_inhibitor_within_48h',
      severity: 'danger',
      message: 'PDE-5 inhibitor in the last 48 h: nitroglycerin can cause severe, lasting hypotension. Do not give.',
    },
    {
      home_terms: [...HOME_MED_GROUPS.pde5Inhibitors],
      given: [],
      severity: 'danger',
      message:
        'PDE-5 inhibitor on the medication list: ask when it was last taken. Within 48 h nitroglycerin is contraindicated.',
    },
    {
      home_terms: ['alcohol', ...HOME_MED_GROUPS.antihypertensives],
      given: [],
      severity: 'caution',
      message: 'Alcohol or blood-pressure medication on board: nitroglycerin lowers the pressure further.',
    },
    {
      home_terms: [],
      given: ['morphine', 'fentanyl'],
      severity: 'caution',
      message: 'An opioid was already given to this patient: it adds to the drop in pressure.',
    },
  ],
  age_cautions: [],
  referrals: [],
  sources: [mcg1317('31'), MCG_1309],
};
