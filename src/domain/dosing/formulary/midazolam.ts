import type { DoseRule, MedicationRecord } from '../formulary-schema';
import {
  BENZODIAZEPINE_ALLERGY_TERMS,
  fixed,
  HOME_MED_GROUPS,
  MCG_1309,
  mcg1317,
  perKg,
  SEDATING_FORMULARY_IDS,
  tp,
} from './shared';

const formulation = { label: '5 mg/mL', per_ml: 5 };
const watch = 'Watch breathing and circulation; use waveform ETCO2 if available.';
// 1317.25: before Base 10 mg; with Base, every indication may go on to 20 mg in all.
const adultFive = {
  group: 'midazolam',
  repeat_interval_min: 5,
  repeat_text: 'Once more after 5 min as needed: 10 mg before Base, 20 mg in all with Base',
  max_total_before_base: { value: 10 },
  max_total: { value: 20 },
  over_max_total: 'refuse' as const,
};

function adult(id: string, routes: DoseRule['routes'], indications: string[], notes: string[]): DoseRule {
  return {
    id,
    population: 'adult',
    routes,
    indications,
    dose: fixed(5),
    unit: 'mg',
    formulation,
    max_single: 5,
    limits: adultFive,
    notes: [...notes, watch],
    sources: [mcg1317('25'), MCG_1309],
  };
}

function child(
  id: string,
  routes: DoseRule['routes'],
  perKgMg: number,
  indications: string[],
  limits: DoseRule['limits'],
  notes: string[],
): DoseRule {
  return {
    id,
    population: 'pediatric',
    routes,
    indications,
    dose: perKg(perKgMg, 5),
    unit: 'mg',
    formulation,
    max_single: 5,
    limits,
    notes: [...notes, watch],
    sources: [mcg1317('25'), MCG_1309],
  };
}

const childAgitation = {
  group: 'midazolam',
  repeat_interval_min: 5,
  repeat_text: 'Once more after 5 min: 10 mg in all before Base',
  max_doses_before_base: 2,
  max_total_before_base: { value: 10 },
  over_max_total: 'refuse' as const,
};
const childSedation = {
  group: 'midazolam',
  repeat_interval_min: 5,
  repeat_text: 'Further doses every 5 min only on Base order',
  max_doses_before_base: 1,
  over_max_total: 'refuse' as const,
};
const baseFirst =
  'Behavioral crisis: Base order before midazolam. Severe agitation with ALOC and immediate danger: may give first, then contact Base.';

/** Drug Reference 1317.25 (07-03-25); TP 1209, 1212, 1213, 1231 and their -P protocols; MCG 1309. */
export const midazolam: MedicationRecord = {
  id: 'midazolam',
  name: 'Midazolam',
  brand_names: ['Versed'],
  aliases: [],
  classes: ['benzodiazepine', 'sedative'],
  status: 'calculated',
  indications: [
    { id: 'agitation', aliases: ['behavioral crisis', 'psychiatric crisis', 'combative', 'agitated'] },
    { id: 'severe agitation with aloc', aliases: ['severe agitation', 'excited delirium', 'agitated delirium'] },
    {
      id: 'sedation',
      aliases: ['sedation for cardioversion', 'sedation for pacing', 'cardioversion', 'pacing', 'procedural sedation'],
    },
    { id: 'seizure', aliases: ['active seizure', 'status epilepticus', 'seizing', 'convulsion'] },
  ],
  rules: [
    adult(
      'midazolam-adult-agitation',
      ['IM', 'IN', 'IV'],
      ['agitation'],
      ['IM or IN is safer for the crew than IV for the first dose in a violent patient.'],
    ),
    adult(
      'midazolam-adult-severe-agitation',
      ['IM', 'IN', 'IV'],
      ['severe agitation with aloc'],
      [
        '1317.25 also allows one 10 mg IM/IN dose for a large or high-risk patient: a judgement this screen does not make.',
      ],
    ),
    adult(
      'midazolam-adult-sedation',
      ['IV', 'IO', 'IM', 'IN'],
      ['sedation'],
      ['IV/IO: slow push. Before synchronized cardioversion or pacing.'],
    ),
    {
      id: 'midazolam-adult-seizure-im-in',
      population: 'adult',
      routes: ['IM', 'IN'],
      indications: ['seizure'],
      dose: fixed(10),
      unit: 'mg',
      formulation,
      max_single: 10,
      limits: {
        group: 'midazolam',
        repeat_text: 'One dose before Base; with Base, more up to 20 mg in all',
        max_doses_before_base: 1,
        max_total: { value: 20 },
        over_max_total: 'refuse',
      },
      notes: ['Contact Base for a persistent seizure and further doses.', watch],
      sources: [mcg1317('25'), tp('1231'), MCG_1309],
    },
    {
      id: 'midazolam-adult-seizure-iv',
      population: 'adult',
      routes: ['IV', 'IO'],
      indications: ['seizure'],
      dose: fixed(5),
      unit: 'mg',
      formulation,
      max_single: 5,
      limits: {
        ...adultFive,
        repeat_interval_min: 2,
        repeat_text: 'Once more after 2 min as needed: 10 mg before Base, 20 mg in all with Base',
      },
      // The chart's adult page gives the IV/IO seizure dose from 15 years ("> 14 y").
      age: {
        min_years: 15,
        if_unknown: 'allow',
        reason:
          'The IV/IO seizure dose starts at 15 years (MCG 1309); for 12-14 years give 10 mg IM/IN or contact Base.',
      },
      notes: ['Only through vascular access already in place.', watch],
      sources: [mcg1317('25'), tp('1231'), MCG_1309],
    },
    child(
      'midazolam-pediatric-agitation-iv',
      ['IV', 'IO'],
      0.1,
      ['agitation', 'severe agitation with aloc'],
      childAgitation,
      [baseFirst],
    ),
    child(
      'midazolam-pediatric-agitation-im-in',
      ['IM', 'IN'],
      0.2,
      ['agitation', 'severe agitation with aloc'],
      childAgitation,
      [baseFirst],
    ),
    child('midazolam-pediatric-sedation-iv', ['IV', 'IO'], 0.1, ['sedation'], childSedation, [
      'Slow push. Before synchronized cardioversion or pacing.',
    ]),
    child('midazolam-pediatric-sedation-im-in', ['IM', 'IN'], 0.2, ['sedation'], childSedation, [
      'Before synchronized cardioversion or pacing.',
    ]),
    {
      id: 'midazolam-pediatric-seizure',
      population: 'pediatric',
      routes: ['IM', 'IN'],
      indications: ['seizure'],
      // PediDOSE: by age; the tape colour stands in for an unknown age as 1317.25 lists.
      dose: {
        kind: 'by_age',
        steps: [
          { from_years: 0, dose: perKg(0.2, 2.5) },
          { from_years: 1, dose: fixed(1.25) },
          { from_years: 17 / 12, dose: fixed(2.5) },
          { from_years: 6, dose: fixed(5) },
          { from_years: 12, dose: fixed(10), max_doses_before_base: 1 },
        ],
        if_age_unknown: {
          Grey: perKg(0.2, 2.5),
          Pink: perKg(0.2, 2.5),
          Red: fixed(1.25),
          Purple: fixed(2.5),
          Yellow: fixed(2.5),
          White: fixed(2.5),
          Blue: fixed(5),
          Orange: fixed(5),
          Green: fixed(5),
        },
      },
      unit: 'mg',
      formulation,
      max_single: 10,
      limits: {
        group: 'midazolam',
        repeat_interval_min: 2,
        repeat_text:
          'Once more after 2 min as needed: 2 doses before Base (1 from 12 years); with Base, 3 doses or 20 mg, whichever is less',
        max_doses_before_base: 2,
        max_doses: 3,
        max_total: { value: 20 },
        over_max_total: 'refuse',
      },
      notes: [
        'Severe growth restriction (genetic disorder, severe malnutrition): Base may direct the weight-based colour-code dose instead.',
        'Children may stop breathing: keep the bag-mask ready.',
      ],
      sources: [mcg1317('25'), tp('1231-P'), MCG_1309],
    },
  ],
  adult_only: false,
  contraindications: ['Respiratory depression', 'Shock or poor perfusion (judge with Base when sedation is essential)'],
  allergy_terms: ['midazolam', 'versed', ...BENZODIAZEPINE_ALLERGY_TERMS],
  interactions: [
    {
      home_terms: [...HOME_MED_GROUPS.cnsDepressants],
      given: [],
      severity: 'caution',
      message: 'Alcohol, opioids or sedatives on board: midazolam slows breathing more. Watch the airway.',
    },
    {
      home_terms: [],
      given: SEDATING_FORMULARY_IDS.filter((id) => id !== 'midazolam'),
      severity: 'caution',
      message:
        'A sedating drug or opioid was already given to this patient: together they slow breathing more. Watch the airway.',
    },
  ],
  age_cautions: [],
  referrals: [
    {
      population: 'pediatric',
      indications: ['seizure'],
      message: 'A child’s seizure dose is IM or IN by age (TP 1231-P): choose IM or IN.',
    },
  ],
  sources: [mcg1317('25'), MCG_1309],
};
