import { describe, expect, it } from 'vitest';
import adultStemi from '../../../tests/nemsis/encounters/adult-stemi.json' with { type: 'json' };
import cancelled from '../../../tests/nemsis/encounters/cancelled-prior-to-arrival.json' with { type: 'json' };
import missingCountyFields from '../../../tests/nemsis/encounters/contact-missing-county-fields.json' with { type: 'json' };
import dizziness from '../../../tests/nemsis/encounters/dizziness-county-custom-protocol.json' with { type: 'json' };
import pediatric from '../../../tests/nemsis/encounters/pediatric-anaphylaxis-14kg.json' with { type: 'json' };
import type { Encounter } from './encounter';
import { exportEncounter, type ExportResult } from './export';

const software = { creator: 'Rigside', name: 'Rigside', version: '0.0.0-test' };
const EXAMPLES: Record<string, unknown> = {
  'adult-stemi.json': adultStemi,
  'cancelled-prior-to-arrival.json': cancelled,
  'contact-missing-county-fields.json': missingCountyFields,
  'dizziness-county-custom-protocol.json': dizziness,
  'pediatric-anaphylaxis-14kg.json': pediatric,
};
const example = (name: string) => structuredClone(EXAMPLES[name]) as Encounter;
const child = () => example('pediatric-anaphylaxis-14kg.json');

function xmlOf(result: ExportResult): string {
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.xml;
}
const only = (xml: string, element: string) =>
  new RegExp(`<${element.replace('.', '\\.')}\\b[^>]*?(?:/>|>([^<]*)</${element.replace('.', '\\.')}>)`).exec(xml);

describe('exportEncounter', () => {
  it('writes the PatientCareReport sections in the schema’s order', () => {
    const xml = xmlOf(exportEncounter(child(), { software }));
    const order = [...xml.matchAll(/^ {6}<(e[A-Z][A-Za-z]+)>/gm)].map((m) => m[1]);
    expect(order).toEqual([
      'eRecord',
      'eResponse',
      'eDispatch',
      'eCrew',
      'eTimes',
      'ePatient',
      'ePayment',
      'eScene',
      'eSituation',
      'eInjury',
      'eArrest',
      'eHistory',
      'eNarrative',
      'eVitals',
      'eExam',
      'eProtocols',
      'eMedications',
      'eProcedures',
      'eDisposition',
      'eOutcome',
    ]);
  });

  it('states the age with its unit, the weight in kg and the tape colour (a 14 kg, 3-year-old child on Yellow)', () => {
    const xml = xmlOf(exportEncounter(child(), { software }));
    expect(xml).toContain('<ePatient.15>3</ePatient.15>');
    expect(xml).toContain('<ePatient.16>2516009</ePatient.16>');
    expect(xml).toContain('<eExam.01>14</eExam.01>');
    expect(xml).toContain('<eExam.02>3502017</eExam.02>');
    const infant = { ...child(), patient: { ageMonths: 8, weightKg: 8.25 } };
    const infantXml = xmlOf(exportEncounter(infant, { software }));
    expect(infantXml).toContain('<ePatient.15>8</ePatient.15>');
    expect(infantXml).toContain('<ePatient.16>2516007</ePatient.16>');
    expect(infantXml).toContain('<eExam.01>8.3</eExam.01>');
  });

  it('writes each dose with its RxNorm code, route, dose and unit codes, time, who gave it and the standing order', () => {
    const xml = xmlOf(exportEncounter(child(), { software }));
    const group =
      /<eMedications.MedicationGroup CorrelationID="medication-1">([\s\S]*?)<\/eMedications.MedicationGroup>/.exec(
        xml,
      )?.[1] ?? '';
    expect(group).toContain('<eMedications.01>2026-03-01T14:13:00-08:00</eMedications.01>');
    expect(group).toContain('<eMedications.03>328316</eMedications.03>'); // epinephrine 1 mg/mL
    expect(group).toContain('<eMedications.04>9927015</eMedications.04>'); // IM
    expect(group).toContain('<eMedications.05>0.14</eMedications.05>');
    expect(group).toContain('<eMedications.06>3706021</eMedications.06>'); // mg
    expect(group).toContain('<eMedications.10>9905007</eMedications.10>'); // paramedic
    expect(group).toContain('<eMedications.11>9918005</eMedications.11>'); // protocol (standing order)
  });

  it('marks a Base order as an on-line order', () => {
    const xml = xmlOf(exportEncounter(example('adult-stemi.json'), { software }));
    expect(xml).toMatch(/<eMedications.03>4337<\/eMedications.03>[\s\S]*?<eMedications.11>9918001<\/eMedications.11>/);
  });

  it('codes the protocol and the primary impression, with the County’s custom code where it has one', () => {
    const stemi = xmlOf(exportEncounter(example('adult-stemi.json'), { software }));
    expect(only(stemi, 'eProtocols.01')?.[1]).toBe('9914117');
    expect(only(stemi, 'eProtocols.02')?.[1]).toBe('3602001');
    expect(only(stemi, 'eSituation.11')?.[1]).toBe('I21.3');
    expect(only(stemi, 'eSituation.12')?.[1]).toBe('I10');
    expect(stemi).not.toContain('eCustomResults');

    const dizzy = xmlOf(exportEncounter(example('dizziness-county-custom-protocol.json'), { software }));
    expect(only(dizzy, 'eProtocols.01')?.[1]).toBe('9914149');
    expect(dizzy).toMatch(
      /<eCustomConfiguration.CustomGroup CustomElementID="eProtocols.01">[\s\S]*<eCustomConfiguration.06 nemsisCode="9914149">1230</,
    );
    expect(dizzy).toMatch(
      /<eCustomResults.01>1230<\/eCustomResults.01>\s*<eCustomResults.02>eProtocols.01<\/eCustomResults.02>\s*<eCustomResults.03>protocol-1</,
    );
    expect(xmlOf(exportEncounter({ ...child(), protocols: [{ code: '1219-P' }] }, { software }))).toContain(
      '<eProtocols.02>3602005</eProtocols.02>',
    );
  });

  it('nil-codes what the County requires after patient contact and lists each gap as a warning naming the element', () => {
    const result = exportEncounter(example('contact-missing-county-fields.json'), { software });
    const xml = xmlOf(result);
    expect(xml).toContain('<ePatient.15 xsi:nil="true" NV="7701003"/>');
    expect(xml).toContain('<eSituation.11 xsi:nil="true" NV="7701003"/>');
    expect(xml).toContain('<eProtocols.01 xsi:nil="true" NV="7701003"/>');
    expect(result.ok && result.warnings.map((w) => w.element)).toEqual(
      expect.arrayContaining([
        'eResponse.03',
        'eCrew.01',
        'ePatient.02',
        'ePatient.03',
        'ePatient.15',
        'eSituation.11',
        'eProtocols.01',
        'eDisposition.30',
      ]),
    );
  });

  it('says Not Applicable, and warns of nothing about the patient, when the call was cancelled before arrival', () => {
    const result = exportEncounter(example('cancelled-prior-to-arrival.json'), { software });
    const xml = xmlOf(result);
    expect(xml).toContain('<ePatient.15 xsi:nil="true" NV="7701001"/>');
    expect(xml).not.toContain('ePatient.02');
    expect(result.ok && result.warnings).toEqual([]);
  });

  it('warns when a medication has no RxNorm code or one the County has not approved', () => {
    const withDuoDote = {
      ...child(),
      medications: [
        {
          at: '2026-03-01T14:13:00-08:00',
          medication: 'pralidoxime',
          route: 'IM',
          dose: { value: 1, unit: 'autoinjector' },
          authorization: 'base_order',
        },
      ],
    };
    const result = exportEncounter(withDuoDote, { software });
    expect(xmlOf(result)).toContain('<eMedications.03 xsi:nil="true" NV="7701003"/>');
    expect(result.ok && result.warnings.find((w) => w.code === 'NOT_CODED')?.message).toMatch(/pralidoxime/);
    expect(exportEncounter(child(), { software }).ok && xmlOf(exportEncounter(child(), { software }))).toBeTruthy();
  });

  it('escapes the narrative and keeps its line breaks', () => {
    const xml = xmlOf(
      exportEncounter({ ...child(), narrative: 'BP <90 & "poor" perfusion\r\nimproved' }, { software }),
    );
    expect(xml).toContain('<eNarrative.01>BP &lt;90 &amp; "poor" perfusion&#13;\nimproved</eNarrative.01>');
  });

  it('refuses a bad encounter with a coded error naming each field to fix', () => {
    const bad = {
      ...child(),
      patient: { ...child().patient, weightKg: -2 },
      medications: [{ ...child().medications[0]!, route: 'PR', givenBy: 'X-1' }],
      narrative: 'bad\u0001',
    };
    const result = exportEncounter(bad, { software });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.every((e) => e.code === 'ENCOUNTER_INVALID')).toBe(true);
    expect(result.errors.map((e) => e.field).sort()).toEqual(['medications.0.route', 'narrative', 'patient.weightKg']);
    expect(result.errors.find((e) => e.field === 'narrative')?.message).toMatch(/control character/);
    // Checks across fields run once every field reads: a dose given by someone not in the crew.
    const stranger = exportEncounter(
      { ...child(), medications: [{ ...child().medications[0]!, givenBy: 'X-1' }] },
      { software },
    );
    expect(!stranger.ok && stranger.errors).toEqual([
      {
        code: 'ENCOUNTER_INVALID',
        field: 'medications.0.givenBy',
        message: 'medications.0.givenBy: names X-1, who is not in crew',
      },
    ]);
  });

  it('refuses a dose XML cannot carry and an age NEMSIS would not take, saying what to give instead', () => {
    const tiny = { ...child(), medications: [{ ...child().medications[0]!, dose: { value: 0.0125, unit: 'mg' } }] };
    const newborn = { ...child(), patient: { ageYears: 0 } };
    const errors = (e: unknown) => {
      const r = exportEncounter(e, { software });
      return r.ok ? [] : r.errors.map((x) => x.message);
    };
    expect(errors(tiny).join()).toMatch(/medications\.0\.dose\.value: .*smaller unit/);
    expect(errors(newborn).join()).toMatch(/patient\.ageYears: .*ageMonths/);
  });
});
