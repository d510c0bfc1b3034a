import type { MedicationRecord } from '../formulary-schema';
import { fixed, MCG_1309, mcg1317, perKg, tp } from './shared';

const formulation = { label: '3 mg/mL', per_ml: 3 };
const givePush = 'Rapid IV push over 1-3 s at the port nearest the patient, then at once a rapid 10 mL NS flush.';

/** Drug Reference 1317.1; TP 1213 / 1213-P; MCG 1309. */
export const adenosine: MedicationRecord = {
  id: 'adenosine',
  name: 'Adenosine',
  brand_names: ['Adenocard'],
  aliases: [],
  classes: ['antidysrhythmic'],
  status: 'calculated',
  indications: [
    {
      id: 'svt',
      aliases: [
        'supraventricular tachycardia',
        'narrow complex tachycardia',
        'regular wide complex tachycardia',
        'monomorphic wide complex tachycardia',
        'wct',
      ],
    },
    { id: 'svt with poor perfusion', aliases: ['poor perfusion', 'svt poor perfusion', 'alert with poor perfusion'] },
  ],
  rules: [
    {
      id: 'adenosine-adult-svt',
      population: 'adult',
      routes: ['IV'],
      indications: ['svt'],
      dose: { kind: 'sequence', doses: [fixed(6), fixed(12)] },
      unit: 'mg',
      formulation,
      max_single: 12,
      limits: {
        group: 'adenosine',
        repeat_interval_min: 1,
        repeat_text: 'Once more, 12 mg, if the rhythm has not converted after 1-2 min',
        max_doses: 2,
        over_max_total: 'refuse',
      },
      notes: [givePush, 'TP 1213 allows 6 or 12 mg as the first dose; the lower first dose is shown.'],
      sources: [mcg1317('1'), tp('1213'), MCG_1309],
    },
    {
      id: 'adenosine-adult-poor-perfusion',
      population: 'adult',
      routes: ['IV'],
      indications: ['svt with poor perfusion'],
      dose: fixed(12),
      unit: 'mg',
      formulation,
      max_single: 12,
      limits: {
        group: 'adenosine',
        repeat_interval_min: 1,
        repeat_text: 'Once more, 12 mg, if SVT persists',
        max_doses: 2,
        over_max_total: 'refuse',
      },
      notes: [givePush, 'No vascular access or no conversion: synchronized cardioversion (TP 1213).'],
      sources: [mcg1317('1'), tp('1213')],
    },
    {
      id: 'adenosine-pediatric',
      population: 'pediatric',
      routes: ['IV'],
      indications: ['svt', 'svt with poor perfusion'],
      dose: { kind: 'sequence', doses: [perKg(0.1, 6), perKg(0.2, 12)] },
      unit: 'mg',
      formulation,
      max_single: 12,
      limits: {
        group: 'adenosine',
        repeat_interval_min: 1,
        repeat_text: 'Once more, at 0.2 mg/kg (max 12 mg), if not converted after 1-2 min',
        max_doses: 2,
        over_max_total: 'refuse',
      },
      notes: [givePush, 'Contact Base at the same time (TP 1213-P).'],
      sources: [mcg1317('1'), MCG_1309, tp('1213-P')],
    },
  ],
  adult_only: false,
  contraindications: [
    'Sinus tachycardia',
    'Second- or third-degree heart block without a pacemaker',
    'Atrial fibrillation with WPW (irregular wide-complex rhythm)',
    'Sick sinus syndrome',
    'Heart transplant',
    'Carbamazepine (Tegretol) taken for seizures',
  ],
  allergy_terms: ['adenosine', 'adenocard'],
  interactions: [
    {
      home_terms: ['carbamazepine', 'tegretol', 'carbatrol', 'epitol'],
      given: [],
      severity: 'danger',
      message:
        'Carbamazepine on the medication list: it strengthens adenosine and is a listed contraindication. Contact Base.',
    },
    {
      home_terms: ['theophylline', 'aminophylline', 'caffeine'],
      given: [],
      severity: 'caution',
      message: 'Theophylline or caffeine blunts adenosine: the dose may fail to convert the rhythm.',
    },
  ],
  age_cautions: [],
  referrals: [],
  sources: [mcg1317('1'), MCG_1309, tp('1213'), tp('1213-P')],
};
