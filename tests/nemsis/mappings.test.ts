import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledFormularyRecords } from '../../src/domain/dosing/bundled-formulary';
import {
  COUNTY_APPROVED_RXNORM,
  IMPRESSION_MAPPINGS,
  MEDICATION_MAPPINGS,
  PROTOCOL_MAPPINGS,
  rxnormFor,
} from '../../src/domain/nemsis/mappings';

const REPO = resolve(import.meta.dirname, '../..');
const SHARED = resolve(REPO, '../shared/reference');
const DICTIONARY = join(SHARED, 'lacounty/lac-nemsis-3.5.0-data-dictionary.md');
const NATIONAL_MEDICATIONS = join(SHARED, 'nemsis/defined-lists/Medication.csv');
const PROTOCOLS_XSD = join(SHARED, 'nemsis/v3.5.0/XSDs/NEMSIS_XSDs/commonTypes_v3.xsd');

describe('medications to RxNorm', () => {
  it('has a row for every medication in the formulary, and none for a medication it lacks', () => {
    const formulary = bundledFormularyRecords()
      .map((m) => m.id)
      .sort();
    expect([...MEDICATION_MAPPINGS.keys()].sort()).toEqual(formulary);
  });

  it('picks the product code by concentration where products differ (epinephrine 1 mg/mL vs 0.1 mg/mL)', () => {
    expect(rxnormFor('epinephrine', '1 mg/mL')).toBe('328316');
    expect(rxnormFor('epinephrine', '0.1 mg/mL')).toBe('317361');
    expect(rxnormFor('aspirin', undefined)).toBe('1191');
    expect(rxnormFor('pralidoxime', undefined)).toBeNull();
  });

  it.skipIf(!existsSync(NATIONAL_MEDICATIONS) || !existsSync(DICTIONARY))(
    'uses only codes from the County’s approved list or the national suggested list (../shared)',
    () => {
      const national = new Set(
        [...readFileSync(NATIONAL_MEDICATIONS, 'utf8').matchAll(/^"(\d+)","RxNorm"/gm)].map((m) => m[1]),
      );
      const dictionary = readFileSync(DICTIONARY, 'utf8');
      for (const code of COUNTY_APPROVED_RXNORM)
        expect(dictionary, `County list code ${code}`).toMatch(new RegExp(`^${code} `, 'm'));
      const used = [...MEDICATION_MAPPINGS.values()]
        .flatMap((r) => [r.rxnorm, ...Object.values(r.byConcentration ?? {})])
        .filter((c) => c !== null);
      for (const code of used)
        expect(national.has(code) || COUNTY_APPROVED_RXNORM.has(code), `RxNorm ${code}`).toBe(true);
    },
  );
});

describe('provider impressions to ICD-10-CM', () => {
  it('has a row for every provider impression in the dataset', () => {
    const ours = JSON.parse(readFileSync(join(REPO, 'src/reference/provider-impressions.json'), 'utf8')) as Array<{
      code: string;
    }>;
    expect([...IMPRESSION_MAPPINGS.keys()].sort()).toEqual([...new Set(ours.map((i) => i.code))].sort());
  });

  it.skipIf(!existsSync(DICTIONARY))(
    'matches the County’s Provider Impression Reference Guide line by line (../shared)',
    () => {
      const dictionary = readFileSync(DICTIONARY, 'utf8').replace(/\s+/g, ' ');
      // Each row of the guide reads "ICD-10-CM description IMPRESSION name": the impression code follows its own ICD code.
      const row = (icd10cm: string, impression: string) =>
        new RegExp(
          `${icd10cm.replace(/XXA$/, 'XX ?A').replace(/\./g, '\\.')} [^A-Z]*(?:[A-Za-z(),'/ -]+? )?${impression} `,
        );
      for (const [impression, { icd10cm }] of IMPRESSION_MAPPINGS)
        expect(dictionary, `${impression} -> ${icd10cm}`).toMatch(row(icd10cm, impression));
      // The check can fail: STEMI is not angina.
      expect(dictionary).not.toMatch(row('I20.9', 'CPMI'));
    },
  );
});

describe('protocols to eProtocols.01', () => {
  it('has a row for every protocol the app ships', () => {
    const shipped = readdirSync(join(REPO, 'src/reference/protocols'))
      .map((f) => f.replace(/\.json$/, ''))
      .sort();
    expect([...PROTOCOL_MAPPINGS.keys()].sort()).toEqual(shipped);
  });

  it('uses the County’s custom code, with its NEMSIS fallback, where the County has no national equivalent (1205, 1226, 1228, 1230, 1239, 1240)', () => {
    const custom = [...PROTOCOL_MAPPINGS.values()]
      .filter((r) => r.countyCustom)
      .map((r) => r.protocol.replace('-P', ''));
    expect([...new Set(custom)].sort()).toEqual(['1205', '1226', '1228', '1230', '1239', '1240']);
    expect(PROTOCOL_MAPPINGS.get('1230')).toEqual({ protocol: '1230', nemsis: '9914149', countyCustom: '1230' });
    expect(PROTOCOL_MAPPINGS.get('1211')).toEqual({ protocol: '1211', nemsis: '9914117' });
    expect(PROTOCOL_MAPPINGS.get('1219-P')?.nemsis).toBe(PROTOCOL_MAPPINGS.get('1219')?.nemsis);
  });

  it.skipIf(!existsSync(PROTOCOLS_XSD))(
    'uses only codes the NEMSIS schema lists for Protocols Used (../shared)',
    () => {
      const xsd = readFileSync(PROTOCOLS_XSD, 'utf8');
      const block = /<xs:simpleType name="ProtocolsUsed">([\s\S]*?)<\/xs:simpleType>/.exec(xsd)?.[1] ?? '';
      const allowed = new Set([...block.matchAll(/enumeration value="(\d+)"/g)].map((m) => m[1]));
      expect(allowed.size).toBeGreaterThan(50);
      for (const row of PROTOCOL_MAPPINGS.values())
        expect(allowed.has(row.nemsis), `${row.protocol} -> ${row.nemsis}`).toBe(true);
    },
  );
});
