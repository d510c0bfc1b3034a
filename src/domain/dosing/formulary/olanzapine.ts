import type { MedicationRecord } from '../formulary-schema';
import { fixed, HOME_MED_GROUPS, MCG_1309, mcg1317, SEDATING_FORMULARY_IDS, tp } from './shared';

/**
 * Drug Reference 1317.32; TP 1209 / 1209-P; MCG 1309. Given to adults and to children
 * longer than the tape; never to a child on the tape.
 */
export const olanzapine: MedicationRecord = {
  id: 'olanzapine',
  name: 'Olanzapine ODT',
  brand_names: ['Zyprexa', 'Zyprexa Zydis'],
  aliases: [],
  classes: ['antipsychotic', 'atypical antipsychotic'],
  status: 'calculated',
  indications: [{ id: 'agitation', aliases: ['cooperative agitation', 'agitation, cooperative', 'behavioral crisis'] }],
  rules: [
    {
      id: 'olanzapine',
      population: 'adult',
      routes: ['ODT'],
      indications: ['agitation'],
      dose: fixed(10),
      unit: 'mg',
      formulation: { label: '10 mg orally disintegrating tablet', per_unit: { amount: 10, form: 'tablet' } },
      max_single: 10,
      limits: { group: 'olanzapine', repeat_text: 'Once only', max_doses: 1, over_max_total: 'refuse' },
      notes: [
        'Only for a cooperative patient who can take the tablet themselves.',
        'Sounds like ondansetron: read the label twice.',
      ],
      sources: [mcg1317('32'), tp('1209'), tp('1209-P'), MCG_1309],
    },
  ],
  adult_only: true,
  contraindications: [
    'Pregnancy',
    'Dementia-related psychosis',
    'Child 14 or younger on the length-based tape',
    'Ondansetron given (both prolong the QT interval)',
  ],
  allergy_terms: ['olanzapine', 'zyprexa', 'antipsychotic'],
  interactions: [
    {
      home_terms: [],
      given: ['ondansetron'],
      severity: 'danger',
      message:
        'Ondansetron was given to this patient: olanzapine with ondansetron is contraindicated (QT prolongation).',
    },
    {
      home_terms: ['ondansetron', 'zofran'],
      given: [],
      severity: 'caution',
      message:
        'Ondansetron on the medication list: ask when it was last taken; olanzapine with ondansetron is contraindicated (QT prolongation).',
    },
    {
      home_terms: [...HOME_MED_GROUPS.qtProlonging],
      given: ['amiodarone'],
      severity: 'caution',
      message: 'Another QT-prolonging drug on board: together they can trigger torsades de pointes.',
    },
    {
      home_terms: [...HOME_MED_GROUPS.cnsDepressants],
      given: SEDATING_FORMULARY_IDS.filter((id) => id !== 'olanzapine'),
      severity: 'caution',
      message: 'Sedatives on board: olanzapine adds to the sedation. Watch the airway.',
    },
    {
      home_terms: [...HOME_MED_GROUPS.antihypertensives],
      given: [],
      severity: 'caution',
      message: 'Blood-pressure medication on board: olanzapine can drop the pressure further.',
    },
  ],
  age_cautions: [{ from_years: 70, message: 'Over 70 years: use olanzapine with caution (1317.32).' }],
  referrals: [],
  sources: [mcg1317('32'), MCG_1309],
};
