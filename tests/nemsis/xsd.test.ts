// @vitest-environment node
// Every example encounter's export validates against NEMSIS's EMSDataSet_v3.xsd (3.5.0, from
// ../shared, with libxml2 in-process); NEMSIS's own failing sample still fails the same check
// (so it can fail); and any encounter the schema accepts exports to valid XML (property test).
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encounterSchema } from '../../src/domain/nemsis/encounter';
import { exportEncounter } from '../../src/domain/nemsis/export';
import { RIGSIDE_SOFTWARE } from '../../src/domain/nemsis/software';
import {
  loadNemsisValidator,
  NEMSIS_REFERENCE_DIR,
  nemsisSchemaAvailable,
  type NemsisValidator,
} from '../../supabase/local/nemsis/xsd';
import { arbitraryEncounter } from './arbitrary-encounter';
import { exampleEncounters } from './examples';

const SAMPLES = resolve(NEMSIS_REFERENCE_DIR, 'v3.5.0/Compliance/Pre-Testing/xml');
const sample = (path: string) => readFileSync(resolve(SAMPLES, path), 'utf8');

describe.skipIf(!nemsisSchemaAvailable())('NEMSIS 3.5.0 XSD validation (schema from ../shared)', () => {
  let xsd: NemsisValidator;
  beforeAll(() => {
    xsd = loadNemsisValidator();
  });
  afterAll(() => xsd.dispose());

  it.each(exampleEncounters())('exports $name to a document the NEMSIS schema accepts', ({ encounter }) => {
    const result = exportEncounter(encounter, { software: RIGSIDE_SOFTWARE });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(xsd.validate(result.xml)).toEqual([]);
  });

  it('accepts the NEMSIS passing samples and rejects the sample that must fail, with the error its header names', () => {
    for (const name of ['2025-EMS-1-Overdose_v350.xml', '2025-EMS-3-MVC_v350.xml', '2025-EMS-5-CPMIH_v350.xml']) {
      expect(xsd.validate(sample(`full/${name}`)), name).toEqual([]);
    }
    const errors = xsd.validate(sample('fail/2025-EMS-FailXsd.xml'));
    expect(errors.join('\n')).toMatch(/eSituation.*eSituation\.19, .*eSituation\.20/);
  });

  it('rejects an export broken after the fact (an element out of schema order)', () => {
    const result = exportEncounter(exampleEncounters()[0]!.encounter, { software: RIGSIDE_SOFTWARE });
    if (!result.ok) throw new Error('example did not export');
    const moved = result.xml.replace(/(<eDispatch>[\s\S]*?<\/eDispatch>\n)([\s\S]*?)(<eTimes>)/, '$2$1$3');
    expect(moved).not.toBe(result.xml);
    expect(xsd.validate(moved).length).toBeGreaterThan(0);
  });

  it(
    'exports any encounter the schema accepts to valid XML, and refuses with a field named any it does not',
    { timeout: 120_000 },
    () => {
      let accepted = 0;
      fc.assert(
        fc.property(arbitraryEncounter, (encounter) => {
          const schemaAccepts = encounterSchema.safeParse(encounter).success;
          const result = exportEncounter(encounter, { software: RIGSIDE_SOFTWARE });
          expect(result.ok).toBe(schemaAccepts);
          if (!result.ok) {
            expect(result.errors.length).toBeGreaterThan(0);
            return;
          }
          accepted++;
          expect(xsd.validate(result.xml)).toEqual([]);
        }),
        { numRuns: 300, seed: 1609 },
      );
      // The generator must mostly make encounters the schema takes, or the property proves little.
      console.log(`property: ${accepted} of 300 generated encounters passed the schema and validated`);
      expect(accepted).toBeGreaterThan(100);
    },
  );
});
