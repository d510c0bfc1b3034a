import type { MedicationRecord } from '../formulary-schema';
import { fixed, MCG_1309, mcg1317, perKg, tp } from './shared';

const formulation = { label: '50 mg/mL', per_ml: 50 };

/** Drug Reference 1317.5; TP 1210 / 1210-P; MCG 1309. */
export const amiodarone: MedicationRecord = {
  id: 'amiodarone',
  name: 'Amiodarone',
  brand_names: ['Cordarone', 'Nexterone', 'Pacerone'],
  aliases: [],
  classes: ['antidysrhythmic'],
  status: 'calculated',
  indications: [
    {
      id: 'cardiac arrest',
      aliases: [
        'vf',
        'ventricular fibrillation',
        'pulseless vt',
        'pulseless ventricular tachycardia',
        'vf/vt',
        'refractory vf',
        'shockable arrest',
      ],
    },
  ],
  rules: [
    {
      id: 'amiodarone-adult-arrest',
      population: 'adult',
      routes: ['IV', 'IO'],
      indications: ['cardiac arrest'],
      dose: { kind: 'sequence', doses: [fixed(300), fixed(150)] },
      unit: 'mg',
      formulation,
      max_single: 300,
      limits: {
        group: 'amiodarone',
        repeat_text: 'Once more, 150 mg, after two more shocks if VF/VT persists',
        max_doses: 2,
        max_total: { value: 450 },
        over_max_total: 'refuse',
      },
      notes: ['Only for VF or pulseless VT that persists or returns after defibrillation.'],
      sources: [mcg1317('5'), tp('1210'), MCG_1309],
    },
    {
      id: 'amiodarone-pediatric-arrest',
      population: 'pediatric',
      routes: ['IV', 'IO'],
      indications: ['cardiac arrest'],
      dose: perKg(5, 300),
      unit: 'mg',
      formulation,
      max_single: 300,
      limits: {
        group: 'amiodarone',
        repeat_text: 'No repeat interval stated; 300 mg at most in all',
        max_total: { value: 300 },
        over_max_total: 'refuse',
      },
      notes: ['For VF or pulseless VT that persists or returns after defibrillation.'],
      sources: [mcg1317('5'), MCG_1309, tp('1210-P')],
    },
  ],
  adult_only: false,
  // 1317.5 lists none in cardiac arrest, its only prehospital use.
  contraindications: [],
  allergy_terms: ['amiodarone', 'cordarone', 'nexterone', 'pacerone'],
  interactions: [],
  age_cautions: [],
  referrals: [],
  sources: [mcg1317('5'), MCG_1309],
};
