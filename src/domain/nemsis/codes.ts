/**
 * NEMSIS 3.5.0 code lists the export uses, keyed by the words the encounter uses. These are
 * the standard's own enumerations (EMSDataSet_v3.xsd), not agency choices; the agency's
 * mappings (medications, impressions, protocols) are data in mappings/.
 */

/** Not Values (NV): why a required element is empty. */
export const NV = { notApplicable: '7701001', notRecorded: '7701003' } as const;
export type NotValue = (typeof NV)[keyof typeof NV];

export const YES = '9923003';
export const NO = '9923001';

/** ePatient.25 Sex. */
export const SEX = { female: '9919001', male: '9919003', unknown: '9919005' } as const;

/** ePatient.16 Age Units. */
export const AGE_UNITS = { years: '2516009', months: '2516007', days: '2516001' } as const;

/** eCrew.02 Crew Member Level and eMedications.10 Role/Type of Person Administering. */
export const CREW_LEVEL = {
  paramedic: { crew: '9925007', caregiver: '9905007' },
  emt: { crew: '9925005', caregiver: '9905005' },
  registered_nurse: { crew: '9925043', caregiver: '9905041' },
  physician: { crew: '9925027', caregiver: '9905025' },
  student: { crew: '9925031', caregiver: '9905029' },
} as const;

/** eCrew.03 Crew Member Response Role. */
export const CREW_ROLE = {
  primary_caregiver: '2403011',
  other_caregiver: '2403007',
  driver: '2403001',
} as const;

/** eResponse.05 Type of Service Requested. */
export const SERVICE_TYPE = {
  emergency: '2205001',
  intercept: '2205003',
  mutual_aid: '2205009',
  interfacility: '2205005',
  standby: '2205013',
} as const;

/** eResponse.07 Unit Transport and Equipment Capability. */
export const UNIT_CAPABILITY = {
  ground_als: '2207015',
  ground_bls: '2207017',
  non_transport_als: '2207021',
  non_transport_bls: '2207023',
} as const;

/** eResponse.23 Response Mode to Scene. */
export const RESPONSE_MODE = {
  emergent: '2223001',
  emergent_downgraded: '2223003',
  non_emergent: '2223005',
  non_emergent_upgraded: '2223007',
} as const;

/** eDispatch.01 Dispatch Reason (the subset a crew picks from). */
export const DISPATCH_REASON = {
  abdominal_pain: '2301001',
  allergic_reaction: '2301003',
  altered_mental_status: '2301085',
  breathing_problem: '2301013',
  burns: '2301015',
  cardiac_arrest: '2301019',
  chest_pain: '2301021',
  choking: '2301023',
  seizure: '2301025',
  diabetic_problem: '2301027',
  falls: '2301033',
  headache: '2301037',
  heart_problem: '2301041',
  heat_cold_exposure: '2301043',
  overdose_poisoning: '2301053',
  pregnancy: '2301057',
  psychiatric: '2301059',
  sick_person: '2301061',
  stroke: '2301067',
  traffic_accident: '2301069',
  traumatic_injury: '2301073',
  unconscious_fainting: '2301077',
  unknown_problem: '2301079',
} as const;

/** eDisposition.27 Unit Disposition. */
export const UNIT_DISPOSITION = {
  patient_contact: '4227001',
  cancelled_on_scene: '4227003',
  cancelled_prior_to_arrival: '4227005',
  no_patient_contact: '4227007',
  no_patient_found: '4227009',
} as const;

/** eDisposition.30 Transport Disposition. */
export const TRANSPORT_DISPOSITION = {
  this_unit: '4230001',
  another_unit: '4230005',
  refused: '4230009',
  no_transport: '4230013',
} as const;

/** eMedications.04 Medication Administered Route, from the formulary's routes. */
export const ROUTE = {
  IV: '9927023',
  IO: '9927021',
  IM: '9927015',
  IN: '9927017',
  NEB: '9927071',
  MDI: '9927009',
  PO: '9927035',
  ODT: '9927035',
  SL: '9927047',
} as const;

/** eMedications.06 Medication Dosage Units, from the formulary's dose units. */
export const DOSE_UNIT = {
  mg: '3706021',
  mcg: '3706015',
  g: '3706001',
  mEq: '3706019',
  mL: '3706025',
  autoinjector: '3706029',
} as const;

/** eMedications.11 Medication Authorization: a standing order or a Base (on-line) order. */
export const AUTHORIZATION = {
  standing_order: '9918005',
  base_order: '9918001',
  on_scene_order: '9918003',
} as const;

/** eMedications.07 Response to Medication. */
export const MEDICATION_RESPONSE = { improved: '9916001', unchanged: '9916003', worse: '9916005' } as const;

/** eExam.02 Length Based Tape Measure: MCG 1309's colour bands are the Broselow colours. */
export const TAPE_COLOR = {
  Grey: '3502005',
  Pink: '3502009',
  Red: '3502013',
  Purple: '3502011',
  Yellow: '3502017',
  White: '3502015',
  Blue: '3502001',
  Orange: '3502007',
  Green: '3502003',
} as const;

/** eProtocols.02 Protocol Age Category. */
export const PROTOCOL_AGE = { adult: '3602001', general: '3602003', pediatric: '3602005' } as const;

/** eArrest.01 Cardiac Arrest. */
export const CARDIAC_ARREST = { no: '3001001', prior_to_ems: '3001003', after_ems: '3001005' } as const;

export function keysOf<T extends Record<string, unknown>>(o: T): [keyof T & string, ...(keyof T & string)[]] {
  return Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
}
