import type { DoseRule, MedicationRecord } from '../formulary-schema';
import { fixed, MCG_1309, mcg1317, perKg, tp } from './shared';

const im = { label: '1 mg/mL', per_ml: 1 };
const iv = { label: '0.1 mg/mL', per_ml: 0.1 };
const push = { label: '0.01 mg/mL (10 mcg/mL) push-dose', per_ml: 10 };
const neb = { label: '1 mg/mL, nebulized', per_ml: 1 };
const mixPush = 'Mix push-dose: 9 mL NS + 1 mL epinephrine 0.1 mg/mL in a 10 mL syringe.';
const neverIv = 'Lateral thigh. Never give the 1 mg/mL IM strength IV: that is a tenfold overdose.';
const imRepeat = { group: 'epinephrine-im', repeat_interval_min: 10, over_max_total: 'refuse' as const };

function imRule(id: string, population: DoseRule['population'], indication: string, limits: Partial<DoseRule['limits']> & { repeat_text: string }, notes: string[], sources: string[]): DoseRule {
  return {
    id,
    population,
    routes: ['IM'],
    indications: [indication],
    dose: population === 'adult' ? fixed(0.5) : perKg(0.01, 0.5),
    unit: 'mg',
    formulation: im,
    max_single: 0.5,
    limits: { ...imRepeat, ...limits },
    notes: [neverIv, ...notes],
    sources,
  };
}

/** Drug Reference 1317.17; TP 1207, 1210, 1212, 1219, 1234, 1236, 1237 and their -P protocols; MCG 1309. */
export const epinephrine: MedicationRecord = {
  id: 'epinephrine',
  name: 'Epinephrine',
  brand_names: ['EpiPen', 'Adrenalin', 'Auvi-Q'],
  aliases: ['adrenaline', 'epi'],
  classes: ['sympathomimetic', 'catecholamine'],
  status: 'calculated',
  indications: [
    { id: 'anaphylaxis', aliases: ['anaphylactic shock', 'severe allergic reaction', 'allergic reaction with poor perfusion'] },
    { id: 'airway swelling', aliases: ['angioedema', 'tongue swelling', 'visible airway swelling'] },
    { id: 'bronchospasm', aliases: ['asthma', 'respiratory distress', 'wheezing'] },
    { id: 'stridor', aliases: ['croup', 'tracheitis', 'airway obstruction with stridor'] },
    { id: 'cardiac arrest', aliases: ['arrest', 'vf', 'pulseless vt', 'asystole', 'pea', 'cpr'] },
    { id: 'bradycardia', aliases: ['symptomatic bradycardia', 'bradycardia with poor perfusion', 'hr under 60'] },
    { id: 'push dose', aliases: ['push-dose', 'push-dose for shock', 'hypotension', 'shock', 'post-rosc hypotension'] },
  ],
  rules: [
    imRule('epinephrine-adult-anaphylaxis', 'adult', 'anaphylaxis', { repeat_text: 'Every 10 min as needed, 3 doses in all', max_doses: 3 }, ['Repeat doses with Base contact (TP 1219).'], [mcg1317('17'), tp('1219'), MCG_1309]),
    imRule('epinephrine-adult-airway-swelling', 'adult', 'airway swelling', { repeat_text: 'Every 10 min as needed, 3 doses in all', max_doses: 3 }, [], [mcg1317('17'), tp('1234')]),
    imRule('epinephrine-adult-bronchospasm', 'adult', 'bronchospasm', { repeat_text: 'No repeat stated' }, ['When breathing worsens despite albuterol (TP 1237).'], [mcg1317('17'), tp('1237')]),
    {
      id: 'epinephrine-adult-arrest',
      population: 'adult',
      routes: ['IV', 'IO'],
      indications: ['cardiac arrest'],
      dose: fixed(1),
      unit: 'mg',
      formulation: iv,
      max_single: 1,
      limits: { group: 'epinephrine-arrest', repeat_interval_min: 5, repeat_text: 'Every 5 min, 3 mg in all; more only with Base', max_total_before_base: { value: 3 }, over_max_total: 'refuse' },
      notes: ['Shockable rhythms: start after the second shock. Asystole/PEA: as early as possible.'],
      sources: [mcg1317('17'), tp('1210'), MCG_1309],
    },
    {
      id: 'epinephrine-adult-push-dose',
      population: 'adult',
      routes: ['IV', 'IO'],
      indications: ['push dose', 'bradycardia'],
      dose: fixed(10),
      unit: 'mcg',
      formulation: push,
      max_single: 10,
      limits: { group: 'epinephrine-push', repeat_interval_min: 1, repeat_text: 'Every 1-5 min as needed to keep SBP above 90 mmHg', over_max_total: 'refuse' },
      notes: [mixPush, 'Bradycardia: only after atropine and pacing fail (TP 1212).'],
      sources: [mcg1317('17'), tp('1207'), tp('1210'), tp('1212'), MCG_1309],
    },
    {
      id: 'epinephrine-adult-neb',
      population: 'adult',
      routes: ['NEB'],
      indications: ['stridor'],
      dose: fixed(5),
      unit: 'mg',
      formulation: neb,
      max_single: 5,
      limits: { group: 'epinephrine-neb', repeat_interval_min: 10, repeat_text: 'Once more after 10 min as needed', max_doses: 2, over_max_total: 'refuse' },
      notes: [],
      sources: [mcg1317('17'), tp('1234'), tp('1236'), MCG_1309],
    },
    imRule('epinephrine-pediatric-anaphylaxis', 'pediatric', 'anaphylaxis', { repeat_text: 'Every 10 min as needed for persistent symptoms, 3 doses in all', max_doses: 3 }, ['Repeat doses with Base contact (TP 1219-P).'], [mcg1317('17'), MCG_1309, tp('1219-P')]),
    imRule('epinephrine-pediatric-airway-swelling', 'pediatric', 'airway swelling', { repeat_text: 'Every 10 min as needed: 3 doses before Base contact', max_doses_before_base: 3 }, [], [mcg1317('17'), MCG_1309, tp('1234-P')]),
    imRule('epinephrine-pediatric-bronchospasm', 'pediatric', 'bronchospasm', { repeat_text: 'No repeat stated' }, ['With Base (TP 1237-P).'], [mcg1317('17'), MCG_1309, tp('1237-P')]),
    {
      id: 'epinephrine-pediatric-arrest',
      population: 'pediatric',
      routes: ['IV', 'IO'],
      indications: ['cardiac arrest'],
      dose: perKg(0.01, 1),
      unit: 'mg',
      formulation: iv,
      max_single: 1,
      limits: { group: 'epinephrine-arrest', repeat_interval_min: 5, repeat_text: 'Every 5 min: 3 doses, more only with Base', max_doses_before_base: 3, over_max_total: 'refuse' },
      notes: ['Shockable rhythms: start after the second shock.'],
      sources: [mcg1317('17'), MCG_1309, tp('1210-P')],
    },
    {
      id: 'epinephrine-pediatric-bradycardia',
      population: 'pediatric',
      routes: ['IV', 'IO'],
      indications: ['bradycardia'],
      dose: perKg(0.01, 1),
      unit: 'mg',
      formulation: iv,
      max_single: 1,
      limits: { group: 'epinephrine-bradycardia', repeat_interval_min: 3, repeat_text: 'Every 3-5 min as needed', over_max_total: 'refuse' },
      notes: ['Slow push.', 'Contact Base at the same time (TP 1212-P).'],
      sources: [mcg1317('17'), MCG_1309, tp('1212-P'), tp('1216-P')],
    },
    {
      id: 'epinephrine-pediatric-push-dose',
      population: 'pediatric',
      routes: ['IV', 'IO'],
      indications: ['push dose'],
      dose: perKg(1, 10),
      unit: 'mcg',
      formulation: push,
      max_single: 10,
      limits: { group: 'epinephrine-push', repeat_interval_min: 1, repeat_text: 'Every 1-5 min as needed to keep SBP normal for age', over_max_total: 'refuse' },
      notes: [mixPush, 'Under 10 kg: move the mixture to a 1 or 3 mL syringe.', 'Contact Base with the first dose.'],
      sources: [mcg1317('17'), MCG_1309, tp('1207-P'), tp('1210-P')],
    },
    {
      id: 'epinephrine-pediatric-neb',
      population: 'pediatric',
      routes: ['NEB'],
      indications: ['stridor'],
      dose: {
        kind: 'by_age',
        steps: [
          { from_years: 0, dose: fixed(2.5) },
          { from_years: 1, dose: fixed(5) },
        ],
        // MCG 1309 prints 2.5 mg on the Grey, Pink and Red pages and 5 mg from Purple on.
        if_age_unknown: { Grey: fixed(2.5), Pink: fixed(2.5), Red: fixed(2.5), Purple: fixed(5), Yellow: fixed(5), White: fixed(5), Blue: fixed(5), Orange: fixed(5), Green: fixed(5) },
      },
      unit: 'mg',
      formulation: neb,
      max_single: 5,
      limits: { group: 'epinephrine-neb', repeat_interval_min: 10, repeat_text: 'Once more after 10 min as needed: 2 doses before Base contact', max_doses_before_base: 2, over_max_total: 'refuse' },
      notes: ['For stridor from croup or tracheitis.'],
      sources: [mcg1317('17'), MCG_1309, tp('1234-P'), tp('1236-P')],
    },
  ],
  adult_only: false,
  contraindications: [],
  allergy_terms: ['epinephrine', 'adrenaline', 'epipen', 'adrenalin'],
  interactions: [
    { home_terms: [], given: ['sodium-bicarbonate'], severity: 'caution', message: 'Sodium bicarbonate was given: alkaline solutions inactivate epinephrine. Flush the line between them.' },
  ],
  age_cautions: [],
  referrals: [],
  sources: [mcg1317('17'), MCG_1309],
};
