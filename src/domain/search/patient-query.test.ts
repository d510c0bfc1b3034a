import { describe, expect, it } from 'vitest';
import { parsePatientQuery } from './patient-query';

const age = (q: string) => parsePatientQuery(q).age;
const vitals = (q: string) => parsePatientQuery(q).vitals;

describe('ages and their units', () => {
  it.each([
    ['8 yo', 8],
    ['8yo', 8],
    ['8 y/o', 8],
    ['8 y.o.', 8],
    ['8y', 8],
    ['8 year old', 8],
    ['8-year-old', 8],
    ['8 years old', 8],
    ['8 yr old', 8],
    ['72 yrs old', 72],
    ['eight year old', 8],
    ['age 67', 67],
    ['aged 67', 67],
    ['45yom', 45],
    ['45 yo f', 45],
    ['6 month', 0.5],
    ['6 months old', 0.5],
    ['6 mo', 0.5],
    ['6mo', 0.5],
    ['3 week old', 0.058],
    ['3 wk old', 0.058],
    ['2 day old', 0.005],
  ])('"%s" is %d years', (q, years) => {
    expect(age(q)).toMatchObject({ years, approximate: false });
  });

  it.each([
    ['newborn', 0],
    ['neonate', 0],
    ['infant', 0.5],
    ['toddler', 2],
  ])('"%s" places the patient at about %d years, marked approximate', (q, years) => {
    expect(age(q)).toEqual({ years, approximate: true, text: q });
  });

  it('keeps "newborn" and "infant" in the text, where they also name a protocol', () => {
    expect(parsePatientQuery('newborn not breathing').rest).toBe('newborn not breathing');
  });

  it('takes an exact age over a word for one ("3 month old infant")', () => {
    expect(age('3 month old infant')).toMatchObject({ years: 0.25, approximate: false });
  });

  it.each([
    'seizures for 2 years',
    'diabetic x 10 yrs',
    '2 years ago',
    'fever x 3 days',
    'cough for 2 weeks',
    'since 3 years',
  ])('reads no age from a duration: "%s"', (q) => {
    expect(age(q)).toBeUndefined();
  });
});

describe('sex', () => {
  it.each([
    ['45 yo m', 'male'],
    ['45yof', 'female'],
    ['8-year-old female', 'female'],
    ['6 mo old boy', 'male'],
    ['pregnant woman', 'female'],
    ['elderly male', 'male'],
    ['girl', 'female'],
  ])('"%s" is %s', (q, sex) => {
    expect(parsePatientQuery(q).sex).toBe(sex);
  });

  it('leaves "man down" alone: it is how a call comes in, not the patient\'s sex', () => {
    expect(parsePatientQuery('man down').sex).toBeUndefined();
    expect(parsePatientQuery('man down').rest).toBe('man down');
  });
});

describe('vitals, with and without units', () => {
  it.each([
    ['BP 88/55', { systolic: 88, diastolic: 55 }],
    ['b/p 88 / 55', { systolic: 88, diastolic: 55 }],
    ['88/55', { systolic: 88, diastolic: 55 }],
    ['blood pressure of 210/120', { systolic: 210, diastolic: 120 }],
    ['SBP 80', { systolic: 80 }],
    ['bp 80', { systolic: 80 }],
    ['HR 145', { heart_rate: 145 }],
    ['hr145', { heart_rate: 145 }],
    ['pulse 40', { heart_rate: 40 }],
    ['heart rate of 190', { heart_rate: 190 }],
    ['145 bpm', { heart_rate: 145 }],
    ['temp 103F', { temp_c: 39.4 }],
    ['temp 103', { temp_c: 39.4 }],
    ['temp 98.6', { temp_c: 37 }],
    ['fever 104', { temp_c: 40 }],
    ['39.4 C', { temp_c: 39.4 }],
    ['39.4c', { temp_c: 39.4 }],
    ['103.2 F', { temp_c: 39.6 }],
    ['temperature 34', { temp_c: 34 }],
    ['SpO2 84%', { spo2: 84 }],
    ['spo2 84', { spo2: 84 }],
    ['sat 84', { spo2: 84 }],
    ['sats 84%', { spo2: 84 }],
    ['84% on RA', { spo2: 84 }],
    ['pulse ox 84', { spo2: 84 }],
    ['glucose 45', { glucose: 45 }],
    ['bgl 45', { glucose: 45 }],
    ['blood sugar 500', { glucose: 500 }],
    ['sugar 38', { glucose: 38 }],
    ['45 mg/dL', { glucose: 45 }],
    ['GCS 8', { gcs: 8 }],
    ['gcs of 8', { gcs: 8 }],
    ['RR 36', { resp_rate: 36 }],
    ['resp 6', { resp_rate: 6 }],
    ['respirations 36', { resp_rate: 36 }],
    ['etco2 20', { etco2: 20 }],
  ])('"%s"', (q, expected) => {
    expect(vitals(q)).toEqual(expected);
  });

  it('reads a whole run-on description and leaves the words', () => {
    const p = parsePatientQuery('8 yo f febrile lethargic bp 80/50 hr 150 temp 103 rr 34 sat 93');
    expect(p.age).toMatchObject({ years: 8 });
    expect(p.sex).toBe('female');
    expect(p.vitals).toEqual({ systolic: 80, diastolic: 50, heart_rate: 150, temp_c: 39.4, resp_rate: 34, spo2: 93 });
    expect(p.rest.split(/\s+/).filter(Boolean)).toEqual(['febrile', 'lethargic']);
    expect(p.spans.map((s) => s.text)).toEqual(
      expect.arrayContaining(['bp 80/50', 'hr 150', 'temp 103', 'rr 34', 'sat 93', '8 yo f']),
    );
  });

  it.each([
    ['HR 900', 'a heart rate no one has'],
    ['GCS 2', 'a GCS below 3'],
    ['sat 140', 'a saturation over 100'],
    ['bp 50/80', 'a diastolic above the systolic'],
    ['temp 60', 'a temperature in neither unit'],
  ])('does not read "%s" (%s)', (q) => {
    expect(vitals(q)).toEqual({});
  });
});

describe('weight', () => {
  it.each([
    ['20 kg', 20, undefined],
    ['20kg', 20, undefined],
    ['weighs 20 kg', 20, undefined],
    ['44 lb', 20, 44],
    ['44 lbs', 20, 44],
    ['180 pounds', 81.6, 180],
  ])('"%s" is %d kg', (q, kg, pounds) => {
    expect(parsePatientQuery(q).weight).toMatchObject({ kg, ...(pounds ? { pounds } : {}) });
  });

  it('needs a unit: "wt 20" could be either, so it is not read', () => {
    expect(parsePatientQuery('wt 20').weight).toBeUndefined();
  });
});

describe('what it must not misread', () => {
  it.each([
    '1211',
    'TP 1211',
    '1210-P',
    '1210 p',
    '12-lead',
    '12 lead',
    '2 mg',
    '1 mg epi',
    '10 min',
    '5150',
    'x2',
    'chest pain',
  ])('"%s" carries no patient facts and keeps its text', (q) => {
    const p = parsePatientQuery(q);
    expect(p.spans).toEqual([]);
    expect(p.age).toBeUndefined();
    expect(p.vitals).toEqual({});
    expect(p.weight).toBeUndefined();
    expect(p.rest).toBe(q);
  });
});
