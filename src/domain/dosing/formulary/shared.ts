import type { PerKgDose, SimpleDose } from '../formulary-schema';

/** Small builders so each medication file reads like its Drug Reference page. */
export const fixed = (value: number): SimpleDose => ({ kind: 'fixed', value });
export const perKg = (per_kg: number, max: number): PerKgDose => ({ kind: 'per_kg', per_kg, max });

/** Reference documents, as crews cite them. */
export const MCG_1309 = 'MCG 1309 (Color Code Drug Doses, 07-01-25)';
export const mcg1317 = (section: string): string => `MCG 1317.${section} (Drug Reference)`;
export const tp = (code: string): string => `TP ${code}`;

/**
 * Names that show up on a patient's own medication list, grouped the way the Drug
 * Reference words its interactions. Generic and common brand names, lower case.
 */
export const HOME_MED_GROUPS = {
  cnsDepressants: [
    'alcohol',
    'benzodiazepine',
    'alprazolam',
    'xanax',
    'lorazepam',
    'ativan',
    'clonazepam',
    'klonopin',
    'diazepam',
    'valium',
    'opioid',
    'opiate',
    'oxycodone',
    'hydrocodone',
    'methadone',
    'buprenorphine',
    'suboxone',
    'tramadol',
    'codeine',
    'morphine',
    'fentanyl',
    'zolpidem',
    'ambien',
    'barbiturate',
    'phenobarbital',
    'gabapentin',
    'sedative',
  ],
  maoInhibitors: [
    'maoi',
    'phenelzine',
    'nardil',
    'tranylcypromine',
    'parnate',
    'isocarboxazid',
    'marplan',
    'selegiline',
    'emsam',
  ],
  tricyclics: ['tricyclic', 'amitriptyline', 'nortriptyline', 'imipramine', 'doxepin', 'clomipramine', 'desipramine'],
  betaBlockers: [
    'beta blocker',
    'metoprolol',
    'atenolol',
    'propranolol',
    'carvedilol',
    'labetalol',
    'bisoprolol',
    'nadolol',
  ],
  anticoagulants: [
    'anticoagulant',
    'blood thinner',
    'warfarin',
    'coumadin',
    'apixaban',
    'eliquis',
    'rivaroxaban',
    'xarelto',
    'dabigatran',
    'pradaxa',
    'edoxaban',
    'savaysa',
    'heparin',
    'enoxaparin',
    'lovenox',
  ],
  nsaids: [
    'nsaid',
    'ibuprofen',
    'motrin',
    'advil',
    'naproxen',
    'aleve',
    'naprosyn',
    'diclofenac',
    'meloxicam',
    'celecoxib',
    'celebrex',
    'indomethacin',
  ],
  steroids: [
    'steroid',
    'prednisone',
    'prednisolone',
    'methylprednisolone',
    'medrol',
    'dexamethasone',
    'decadron',
    'hydrocortisone',
  ],
  qtProlonging: [
    'methadone',
    'haloperidol',
    'haldol',
    'citalopram',
    'celexa',
    'escitalopram',
    'quetiapine',
    'seroquel',
    'sotalol',
    'azithromycin',
    'qt prolonging',
  ],
  antihypertensives: [
    'antihypertensive',
    'blood pressure medication',
    'amlodipine',
    'lisinopril',
    'losartan',
    'hydrochlorothiazide',
    'metoprolol',
    'carvedilol',
    'diltiazem',
    'verapamil',
    'hydralazine',
    'clonidine',
    'furosemide',
    'lasix',
  ],
  pde5Inhibitors: [
    'pde-5',
    'pde5',
    'sildenafil',
    'viagra',
    'revatio',
    'tadalafil',
    'cialis',
    'adcirca',
    'vardenafil',
    'levitra',
    'staxyn',
    'avanafil',
    'stendra',
  ],
} as const;

/** Medications of this formulary that deepen sedation and slow breathing when combined. */
export const SEDATING_FORMULARY_IDS = [
  'midazolam',
  'diazepam',
  'fentanyl',
  'morphine',
  'diphenhydramine',
  'olanzapine',
] as const;

export const OPIOID_ALLERGY_TERMS = ['opioid', 'opiate', 'narcotic'] as const;
export const BENZODIAZEPINE_ALLERGY_TERMS = ['benzodiazepine', 'benzo'] as const;
