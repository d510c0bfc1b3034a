import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as codes from '../../src/domain/nemsis/codes';

// Every code the export writes is one the NEMSIS 3.5.0 schema lists for its element (../shared).
const XSD_DIR = resolve(import.meta.dirname, '../../../shared/reference/nemsis/v3.5.0/XSDs/NEMSIS_XSDs');

function enumerationOf(element: string): Set<string> {
  const all = readdirSync(XSD_DIR)
    .map((f) => readFileSync(join(XSD_DIR, f), 'utf8'))
    .join('\n');
  const decl = new RegExp(`<xs:element name="${element.replace('.', '\\.')}"([^>]*)>([\\s\\S]*?)</xs:element>`).exec(
    all,
  );
  const type = /type="([^"]+)"/.exec(decl?.[1] ?? '')?.[1] ?? /base="([^"]+)"/.exec(decl?.[2] ?? '')?.[1];
  const body = new RegExp(`<xs:simpleType name="${type}">([\\s\\S]*?)</xs:simpleType>`).exec(all)?.[1] ?? '';
  return new Set([...body.matchAll(/enumeration value="([^"]+)"/g)].map((m) => m[1] as string));
}

const checks: Array<[string, Record<string, string | Record<string, string>>, ((v: never) => string)?]> = [
  ['ePatient.25', codes.SEX],
  ['ePatient.16', codes.AGE_UNITS],
  ['eCrew.02', codes.CREW_LEVEL, (v: { crew: string }) => v.crew],
  ['eMedications.10', codes.CREW_LEVEL, (v: { caregiver: string }) => v.caregiver],
  ['eCrew.03', codes.CREW_ROLE],
  ['eResponse.05', codes.SERVICE_TYPE],
  ['eResponse.07', codes.UNIT_CAPABILITY],
  ['eResponse.23', codes.RESPONSE_MODE],
  ['eDispatch.01', codes.DISPATCH_REASON],
  ['eDisposition.27', codes.UNIT_DISPOSITION],
  ['eDisposition.30', codes.TRANSPORT_DISPOSITION],
  ['eMedications.04', codes.ROUTE],
  ['eMedications.06', codes.DOSE_UNIT],
  ['eMedications.11', codes.AUTHORIZATION],
  ['eMedications.07', codes.MEDICATION_RESPONSE],
  ['eExam.02', codes.TAPE_COLOR],
  ['eProtocols.02', codes.PROTOCOL_AGE],
  ['eArrest.01', codes.CARDIAC_ARREST],
];

describe.skipIf(!existsSync(XSD_DIR))('NEMSIS code lists (checked against the 3.5.0 schema in ../shared)', () => {
  it.each(checks)('%s uses only codes the schema lists for it', (element, table, pick) => {
    const allowed = enumerationOf(element);
    expect(allowed.size, element).toBeGreaterThan(1);
    for (const [word, value] of Object.entries(table)) {
      const code = pick ? pick(value as never) : (value as string);
      expect(allowed.has(code), `${element} ${word} = ${code}`).toBe(true);
    }
  });
});
