// @vitest-environment node
// The slower check: NEMSIS's national Schematron rules (3.5.0, from ../shared) report no error
// on any example encounter's export, and do report the errors in NEMSIS's failing sample.
// Needs Java and Saxon-HE (Debian: default-jre-headless, libsaxonhe-java; .ci/run installs them).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportEncounter } from '../../src/domain/nemsis/export';
import { RIGSIDE_SOFTWARE } from '../../src/domain/nemsis/software';
import { NEMSIS_REFERENCE_DIR } from '../../supabase/local/nemsis/xsd';
import { exampleEncounters } from './examples';
import { runSchematron, schematronAvailable } from './schematron';

const FAIL_SAMPLE = resolve(NEMSIS_REFERENCE_DIR, 'v3.5.0/Compliance/Pre-Testing/xml/fail/2025-EMS-FailSchematron.xml');
const PASS_SAMPLE = resolve(NEMSIS_REFERENCE_DIR, 'v3.5.0/Compliance/Pre-Testing/xml/full/2025-EMS-2-Suicide_v350.xml');

describe.skipIf(!schematronAvailable())('NEMSIS national Schematron rules (Saxon-HE)', () => {
  it(
    'reports no error on any example export, passes NEMSIS’s passing sample and fails its failing one',
    { timeout: 180_000 },
    () => {
      const examples = exampleEncounters();
      const exports = examples.map(({ name, encounter }) => {
        const result = exportEncounter(encounter, { software: RIGSIDE_SOFTWARE });
        if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.errors)}`);
        return result.xml;
      });
      const [passSample, failSample, ...results] = runSchematron([
        readFileSync(PASS_SAMPLE, 'utf8'),
        readFileSync(FAIL_SAMPLE, 'utf8'),
        ...exports,
      ]);

      const errorsOf = (messages: typeof passSample) =>
        (messages ?? []).filter((m) => m.role === '[ERROR]' || m.role === '[FATAL]');
      examples.forEach(({ name }, i) => {
        const all = results[i] ?? [];
        console.log(`${name}: ${errorsOf(all).length} errors, ${all.length - errorsOf(all).length} warnings`);
        expect(errorsOf(all), name).toEqual([]);
      });
      expect(passSample).toEqual([]);
      // The failing sample's header names this error (a pertinent negative with a Not Value).
      expect(
        errorsOf(failSample)
          .map((m) => m.message)
          .join('\n'),
      ).toMatch(/Pertinent Negative, it should have a value/);
    },
  );
});
