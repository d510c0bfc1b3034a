// The lint config holds the walls between layers: each case here is a deliberate breach,
// linted with the repository's own eslint.config.js as if it were a file at that path, and
// must be refused by the rule that guards that wall. (Type-aware rules are switched off here:
// the files do not exist, and the walls need no types.)
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const eslint = new ESLint({
  cwd: resolve(import.meta.dirname, '../..'),
  overrideConfig: [tseslint.configs.disableTypeChecked],
});

async function rulesBroken(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

// Loading the config and its plugins takes seconds on a busy machine; do it once, up front.
beforeAll(() => eslint.lintText('export {};\n', { filePath: 'src/domain/dosing/probe.ts' }), 60_000);

describe('the walls between layers, as lint holds them', () => {
  it('lets pure domain code through', async () => {
    expect(
      await rulesBroken(
        'src/domain/dosing/probe.ts',
        "import { z } from 'zod';\nimport { roundHalfUp } from './rounding';\nexport const dose = (kg: number, now: string) => z.string().parse(now) && roundHalfUp(kg * 0.01, 2);\n",
      ),
    ).toEqual([]);
  });

  it.each([
    [
      'a storage adapter',
      "import { appDb } from '../../data/db';\nexport const db = appDb;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'the app shell',
      "import { useUi } from '../../app/ui-store';\nexport const ui = useUi;\n",
      'import-x/no-restricted-paths',
    ],
    ['a package other than zod', "import { v7 } from 'uuid';\nexport const id = v7();\n", 'no-restricted-imports'],
    [
      'a Node built-in',
      "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
      'no-restricted-imports',
    ],
    ['the clock', 'export const stamp = () => Date.now();\n', 'no-restricted-properties'],
    ['the clock through new Date()', 'export const stamp = () => new Date().toISOString();\n', 'no-restricted-syntax'],
    ['randomness', 'export const jitter = () => Math.random();\n', 'no-restricted-properties'],
    ['WebCrypto', 'export const id = () => crypto.randomUUID();\n', 'no-restricted-globals'],
  ])('refuses domain code that reaches for %s', async (_what, code, rule) => {
    expect(await rulesBroken('src/domain/dosing/probe.ts', code)).toContain(rule);
  });

  it.each([
    ['src/data/probe.ts', "import { useUi } from '../app/ui-store';\nexport const ui = useUi;\n"],
    [
      'src/sync/probe.ts',
      "import { DosingScreen } from '../features/dosing/DosingScreen';\nexport const screen = DosingScreen;\n",
    ],
    [
      'src/search/probe.ts',
      "import { useSearchEngine } from '../app/search-engine-store';\nexport const engine = useSearchEngine;\n",
    ],
  ])('refuses an adapter (%s) that imports the app or a screen', async (file, code) => {
    expect(await rulesBroken(file, code)).toContain('import-x/no-restricted-paths');
  });

  it('refuses a screen that imports another screen, and lets it import the app, the domain and its own files', async () => {
    expect(
      await rulesBroken(
        'src/features/dosing/Probe.tsx',
        "import { PatientForm } from '../patient/PatientForm';\nexport const form = PatientForm;\n",
      ),
    ).toContain('import-x/no-restricted-paths');
    expect(
      await rulesBroken(
        'src/features/dosing/Probe.tsx',
        "import { useActivePatient } from '../../app/active-patient-store';\nimport { colorBandFor } from '../../domain/dosing/color-bands';\nimport { WeightBand } from './WeightBand';\nexport const parts = [useActivePatient, colorBandFor, WeightBand];\n",
      ),
    ).toEqual([]);
  });

  it('keeps stores out of the adapters, and the shell out of the service worker', async () => {
    expect(
      await rulesBroken(
        'src/sync/probe.ts',
        "import { create } from 'zustand';\nexport const store = create(() => ({}));\n",
      ),
    ).toContain('no-restricted-imports');
    expect(
      await rulesBroken('sw/probe.ts', "import { App } from '../src/app/App';\nexport const app = App;\n"),
    ).toContain('import-x/no-restricted-paths');
  });
});
