import type { MedicationRecord } from '../formulary-schema';
import { fixed, MCG_1309, mcg1317, tp } from './shared';

const formulation = {
  label: 'DuoDote autoinjector: atropine 2.1 mg + pralidoxime chloride 600 mg',
  per_unit: { amount: 1, form: 'autoinjector' as const },
};
const backToBack = 'IM into the outer thigh; several autoinjectors are given one straight after another.';
const chempack = 'With a CHEMPACK: repeat atropine 5 min and pralidoxime 60 min after the first DuoDote (TP 1240).';

/** Drug Reference 1317.37; TP 1240 / 1240-P; MCG 1309. */
export const pralidoxime: MedicationRecord = {
  id: 'pralidoxime',
  name: 'Pralidoxime chloride (DuoDote)',
  brand_names: ['DuoDote', 'Protopam'],
  aliases: ['2-pam', '2pam', 'pralidoxime chloride', 'mark i'],
  classes: ['cholinesterase reactivator', 'antidote'],
  status: 'calculated',
  indications: [
    { id: 'mild exposure', aliases: ['mild', 'mild nerve agent exposure', 'mild organophosphate exposure'] },
    {
      id: 'moderate exposure',
      aliases: ['moderate', 'moderate nerve agent exposure', 'moderate organophosphate exposure'],
    },
    { id: 'severe exposure', aliases: ['severe', 'severe nerve agent exposure', 'severe organophosphate exposure'] },
  ],
  rules: [
    ...(
      [
        ['mild exposure', 1],
        ['moderate exposure', 2],
        ['severe exposure', 3],
      ] as const
    ).map(([indication, count]) => ({
      id: `duodote-adult-${indication.split(' ')[0]}`,
      population: 'adult' as const,
      routes: ['IM' as const],
      indications: [indication],
      dose: fixed(count),
      unit: 'autoinjector' as const,
      formulation,
      max_single: 3,
      limits: {
        group: 'duodote',
        repeat_text: 'No more than 3 DuoDotes in all',
        max_total: { value: 3 },
        over_max_total: 'refuse' as const,
      },
      notes: [backToBack, chempack],
      sources: [mcg1317('37'), tp('1240'), MCG_1309],
    })),
    {
      id: 'duodote-pediatric-moderate',
      population: 'pediatric',
      routes: ['IM'],
      indications: ['moderate exposure'],
      dose: fixed(1),
      unit: 'autoinjector',
      formulation,
      max_single: 2,
      limits: {
        group: 'duodote',
        repeat_text: 'Repeat doses from the CHEMPACK per TP 1240-P',
        over_max_total: 'refuse',
      },
      notes: [backToBack],
      sources: [mcg1317('37'), tp('1240-P'), MCG_1309],
    },
    {
      id: 'duodote-pediatric-severe',
      population: 'pediatric',
      routes: ['IM'],
      indications: ['severe exposure'],
      // 1317.37 table: one DuoDote through Blue, two for Orange and Green.
      dose: {
        kind: 'by_band',
        bands: {
          Grey: fixed(1),
          Pink: fixed(1),
          Red: fixed(1),
          Purple: fixed(1),
          Yellow: fixed(1),
          White: fixed(1),
          Blue: fixed(1),
          Orange: fixed(2),
          Green: fixed(2),
        },
      },
      unit: 'autoinjector',
      formulation,
      max_single: 2,
      limits: {
        group: 'duodote',
        repeat_text: 'Repeat doses from the CHEMPACK per TP 1240-P',
        over_max_total: 'refuse',
      },
      notes: [backToBack],
      sources: [mcg1317('37'), tp('1240-P'), MCG_1309],
    },
  ],
  adult_only: false,
  contraindications: [
    'Carbamate insecticide (e.g. Sevin) poisoning',
    'Inorganic phosphate poisoning',
    'Organophosphates without anticholinesterase activity',
  ],
  allergy_terms: ['pralidoxime', 'duodote', '2-pam', 'protopam', 'atropine'],
  interactions: [],
  age_cautions: [],
  referrals: [
    {
      population: 'pediatric',
      indications: ['mild exposure'],
      message:
        'A child on the tape with a mild exposure gets atropine 0.02 mg/kg IV/IM, not DuoDote (TP 1240-P): choose atropine, indication "nerve agent mild exposure".',
    },
  ],
  sources: [mcg1317('37'), MCG_1309],
};
