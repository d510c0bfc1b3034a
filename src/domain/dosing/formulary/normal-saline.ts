import type { MedicationRecord } from '../formulary-schema';
import { fixed, MCG_1309, perKg } from './shared';

const formulation = { label: '0.9% sodium chloride' };

/** MCG 1309 (20 mL/kg, at most 1 L) and the Treatment Protocols' 1 L adult bolus; no 1317 page. */
export const normalSaline: MedicationRecord = {
  id: 'normal-saline',
  name: 'Normal saline 0.9%',
  brand_names: [],
  aliases: ['ns', 'saline', 'sodium chloride 0.9%', '0.9% sodium chloride', 'fluid bolus'],
  classes: ['crystalloid', 'iv fluid'],
  status: 'calculated',
  indications: [
    {
      id: 'fluid bolus',
      aliases: ['poor perfusion', 'hypotension', 'shock', 'dehydration', 'sepsis', 'hypovolemia', 'burns', 'crush'],
    },
  ],
  rules: [
    {
      id: 'normal-saline-adult',
      population: 'adult',
      routes: ['IV', 'IO'],
      indications: ['fluid bolus'],
      dose: fixed(1000),
      unit: 'mL',
      formulation,
      max_single: 1000,
      limits: {
        group: 'normal-saline',
        repeat_text: 'Repeat as the protocol allows or Base orders',
        over_max_total: 'refuse',
      },
      notes: ['Rapid infusion; reassess every 250 mL and stop if pulmonary edema develops.'],
      sources: [MCG_1309, 'Treatment Protocols (TP 1207 and others)'],
    },
    {
      id: 'normal-saline-pediatric',
      population: 'pediatric',
      routes: ['IV', 'IO'],
      indications: ['fluid bolus'],
      dose: perKg(20, 1000),
      unit: 'mL',
      formulation,
      max_single: 1000,
      limits: {
        group: 'normal-saline',
        repeat_text: 'Repeat as the protocol allows or Base orders',
        over_max_total: 'refuse',
      },
      notes: ['Rapid infusion; reassess after the bolus.'],
      sources: [MCG_1309, 'Treatment Protocols (TP 1207-P and others)'],
    },
  ],
  adult_only: false,
  contraindications: [],
  allergy_terms: [],
  interactions: [],
  age_cautions: [],
  referrals: [],
  sources: [MCG_1309],
};
