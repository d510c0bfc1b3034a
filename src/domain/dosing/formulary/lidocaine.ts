import type { MedicationRecord } from '../formulary-schema';
import { fixed, MCG_1309, mcg1317, perKg, tp } from './shared';

const formulation = { label: '2% (20 mg/mL), preservative- and epinephrine-free', per_ml: 20 };
const slow = 'Push slowly over 2 min so it stays in the marrow, before any flush or infusion.';

/** Drug Reference 1317.23; TP 1207 / 1207-P, 1220 / 1220-P; MCG 1309. */
export const lidocaine: MedicationRecord = {
  id: 'lidocaine',
  name: 'Lidocaine 2%',
  brand_names: ['Xylocaine'],
  aliases: ['lignocaine'],
  classes: ['local anesthetic'],
  status: 'calculated',
  indications: [{ id: 'io pain', aliases: ['io infusion pain', 'io', 'intraosseous', 'io access', 'io anesthesia'] }],
  rules: [
    {
      id: 'lidocaine-adult',
      population: 'adult',
      routes: ['IO'],
      indications: ['io pain'],
      dose: { kind: 'sequence', doses: [fixed(40), fixed(20)] },
      unit: 'mg',
      formulation,
      max_single: 40,
      limits: {
        group: 'lidocaine',
        repeat_text: 'Once more at 20 mg as needed',
        max_doses: 2,
        max_total: { value: 60 },
        over_max_total: 'refuse',
      },
      notes: ['For patients who respond to pain.', slow, 'No Base order needed.'],
      sources: [mcg1317('23'), tp('1207'), MCG_1309],
    },
    {
      id: 'lidocaine-pediatric',
      population: 'pediatric',
      routes: ['IO'],
      indications: ['io pain'],
      // The second dose is half the first: 0.25 mg/kg, at most half the adult's 40 mg.
      dose: { kind: 'sequence', doses: [perKg(0.5, 40), perKg(0.25, 20)] },
      unit: 'mg',
      formulation,
      max_single: 40,
      limits: {
        group: 'lidocaine',
        repeat_text: 'Once more at half the first dose as needed',
        max_doses: 2,
        over_max_total: 'refuse',
      },
      notes: ['For children who respond to pain.', slow, 'No Base order needed.'],
      sources: [mcg1317('23'), MCG_1309, tp('1207-P')],
    },
  ],
  adult_only: false,
  // 1317.23: none when used to numb IO placement.
  contraindications: [],
  allergy_terms: ['lidocaine', 'xylocaine', 'lignocaine', 'amide anesthetic', 'local anesthetic'],
  interactions: [],
  age_cautions: [],
  referrals: [],
  sources: [mcg1317('23'), MCG_1309],
};
