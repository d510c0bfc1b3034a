import { describe, expect, it } from 'vitest';
import { patientFieldsSchema } from '../../domain/patient/context';
import { doseTotals, formValuesFrom, patientFieldsFrom, vitalsReading } from './patient-form';

const before = patientFieldsSchema.parse({
  age_years: 3,
  weight_kg: 14,
  allergies: ['latex'],
  vitals: [{ at: '2026-12-01T09:00:00Z', heart_rate: 120 }],
});

describe('the Patient form', () => {
  it('reads back what the patient has, and saves it unchanged', () => {
    const values = formValuesFrom(before);
    expect(values).toEqual({
      age: '3',
      weight: '14',
      sex: undefined,
      complaint: '',
      allergies: 'latex',
      incident: '',
      epcr: '',
    });
    expect(patientFieldsSchema.parse(patientFieldsFrom(values, before))).toEqual(before);
  });

  it('splits allergies on commas, drops empty entries, and keeps the vitals already taken', () => {
    const fields = patientFieldsFrom(
      { ...formValuesFrom(before), allergies: ' penicillin, , tree nuts ', complaint: '  wheeze  ' },
      before,
    );
    expect(fields).toMatchObject({
      allergies: ['penicillin', 'tree nuts'],
      chief_complaint: 'wheeze',
      vitals: before.vitals,
    });
  });

  it('treats an empty box as not recorded and passes a non-number on, so saving refuses it by name', () => {
    expect(patientFieldsFrom({ ...formValuesFrom(before), age: ' ', weight: '' }, before)).toMatchObject({
      age_years: undefined,
      weight_kg: undefined,
    });
    const typo = patientFieldsSchema.safeParse(
      patientFieldsFrom({ ...formValuesFrom(before), weight: '14kg' }, before),
    );
    expect(typo.success).toBe(false);
    expect(typo.error?.issues[0]?.path).toEqual(['weight_kg']);
  });

  it('timestamps one vitals reading from the boxes filled, as whole numbers', () => {
    expect(vitalsReading({ heart_rate: '118.6', spo2: ' 94 ', glucose: '' }, '2026-12-01T10:00:00Z')).toEqual({
      at: '2026-12-01T10:00:00Z',
      heart_rate: 119,
      spo2: 94,
    });
  });

  it('totals the doses given per medication and unit, never adding mg to mL', () => {
    const dose = (medication: string, value: number, unit: 'mg' | 'mL') => ({
      id: `${medication}${value}`,
      medication,
      route: 'IV',
      rule: undefined,
      dose: { value, unit },
      volumeMl: null,
      at: '2026-12-01T10:00:00Z',
    });
    expect(
      doseTotals([
        dose('morphine', 0.1, 'mg'),
        dose('morphine', 0.2, 'mg'),
        dose('dextrose', 50, 'mL'),
        dose('morphine', 1, 'mL'),
      ]),
    ).toEqual([
      { medication: 'morphine', total: 0.3, unit: 'mg' },
      { medication: 'dextrose', total: 50, unit: 'mL' },
      { medication: 'morphine', total: 1, unit: 'mL' },
    ]);
  });
});
