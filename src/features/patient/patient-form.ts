import type { StoredDose } from '../../data/dosing-records';
import type { PatientFields, Vitals } from '../../domain/patient/context';

/** The Patient form as typed. */
export interface PatientFormValues {
  age: string;
  weight: string;
  sex: PatientFields['sex'];
  complaint: string;
  /** Comma separated. */
  allergies: string;
  incident: string;
  epcr: string;
}

export function formValuesFrom(fields: PatientFields): PatientFormValues {
  return {
    age: fields.age_years?.toString() ?? '',
    weight: fields.weight_kg?.toString() ?? '',
    sex: fields.sex,
    complaint: fields.chief_complaint ?? '',
    allergies: fields.allergies.join(', '),
    incident: fields.incident_number ?? '',
    epcr: fields.epcr_id ?? '',
  };
}

/** Empty text is "not recorded"; anything else goes over as a number, and a non-number is refused (with the field named) when the patient is saved. */
const typedNumber = (text: string) => (text.trim() === '' ? undefined : Number(text));
const typedText = (text: string) => text.trim() || undefined;

/**
 * The fields to save from the form, over what the patient already had (vitals stay). Not
 * validated here: savePatient parses them (zod) and refuses what does not fit, naming the field.
 */
export function patientFieldsFrom(values: PatientFormValues, before: PatientFields): unknown {
  return {
    ...before,
    age_years: typedNumber(values.age),
    weight_kg: typedNumber(values.weight),
    sex: values.sex,
    chief_complaint: typedText(values.complaint),
    allergies: values.allergies
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
    incident_number: typedText(values.incident),
    epcr_id: typedText(values.epcr),
  };
}

export const VITAL_FIELDS: ReadonlyArray<{ key: keyof Omit<Vitals, 'at'>; label: string }> = [
  { key: 'heart_rate', label: 'HR' },
  { key: 'resp_rate', label: 'RR' },
  { key: 'systolic', label: 'SBP' },
  { key: 'spo2', label: 'SpO₂' },
  { key: 'glucose', label: 'BGL' },
];

/** One timestamped reading from the numbers typed (whole numbers, as monitors show them); empty boxes are left out. */
export function vitalsReading(typed: Partial<Record<keyof Omit<Vitals, 'at'>, string>>, at: string): Vitals {
  const reading: Vitals = { at };
  for (const { key } of VITAL_FIELDS) {
    const text = typed[key]?.trim();
    if (text) reading[key] = Math.round(Number(text));
  }
  return reading;
}

/** Total given per medication and unit, in the order first given (mg and mL of one drug are never added). */
export function doseTotals(doses: readonly StoredDose[]): Array<{ medication: string; total: number; unit: string }> {
  const totals = new Map<string, { medication: string; total: number; unit: string }>();
  for (const d of doses) {
    const key = `${d.medication} ${d.dose.unit}`;
    const t = totals.get(key) ?? { medication: d.medication, total: 0, unit: d.dose.unit };
    t.total = Math.round((t.total + d.dose.value) * 10000) / 10000;
    totals.set(key, t);
  }
  return [...totals.values()];
}
