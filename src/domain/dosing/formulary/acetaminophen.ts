import type { MedicationRecord } from '../formulary-schema';
/** Not in LA County's prehospital formulary: listed so a search for it says so. */
export const acetaminophen: MedicationRecord = {
  id: 'acetaminophen',
  name: 'Acetaminophen',
  brand_names: ['Tylenol', 'Ofirmev'],
  aliases: ['paracetamol', 'apap'],
  classes: ['analgesic', 'antipyretic'],
  status: 'not_in_formulary',
  guidance:
    'Acetaminophen is not in the LA County prehospital formulary (Drug Reference 1317), so no dose is calculated. For pain see fentanyl, morphine or ketorolac; otherwise contact Base.',
  indications: [],
  rules: [],
  adult_only: false,
  contraindications: [],
  allergy_terms: [],
  interactions: [],
  age_cautions: [],
  referrals: [],
  sources: ['MCG 1317 (Drug Reference, table of contents)'],
};
