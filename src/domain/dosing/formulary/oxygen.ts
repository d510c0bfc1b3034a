import type { MedicationRecord } from '../formulary-schema';
import { mcg1317 } from './shared';

/** Drug Reference 1317.35: set by delivery device and titrated, never calculated. */
export const oxygen: MedicationRecord = {
  id: 'oxygen',
  name: 'Oxygen',
  brand_names: [],
  aliases: ['o2'],
  classes: ['medical gas'],
  status: 'titrated',
  guidance:
    'Oxygen is titrated by device, not calculated: nasal cannula 1-6 L/min (about 22-44%), simple mask 8-10 L/min (40-60%), mask with reservoir, bag-mask, supraglottic airway or ET tube 15 L/min. Give it for SpO2 under 94% on room air and as the protocol directs; high flow can blunt breathing in COPD.',
  indications: [{ id: 'hypoxia', aliases: ['low spo2', 'shortness of breath'] }],
  rules: [],
  adult_only: false,
  contraindications: [],
  allergy_terms: [],
  interactions: [],
  age_cautions: [],
  referrals: [],
  sources: [mcg1317('35')],
};
