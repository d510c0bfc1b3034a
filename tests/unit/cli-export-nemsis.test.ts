// @vitest-environment node
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');
const run = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/export-nemsis.ts', ...args], {
    cwd: REPO,
    encoding: 'utf8',
  });

describe('npm run export-nemsis', { timeout: 60_000 }, () => {
  it('writes the XML to --out and the County’s gaps to standard error', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rigside-nemsis-')), 'report.xml');
    const result = run(['tests/nemsis/encounters/pediatric-anaphylaxis-14kg.json', '--out', out]);
    expect(result.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<EMSDataSet xmlns="http:\/\/www.nemsis.org"/,
    );
    expect(result.stderr).toMatch(/warning COUNTY_REQUIRED_MISSING ePatient.02: /);
  });

  it('prints the XML on standard output without --out', () => {
    const xml = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/export-nemsis.ts', 'tests/nemsis/encounters/adult-stemi.json'],
      { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    expect(xml).toContain('<eSituation.11>I21.3</eSituation.11>');
  });

  it('names each field to fix and exits 1 for a bad encounter, 2 for a file that is not JSON or no file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rigside-nemsis-'));
    const bad = JSON.parse(readFileSync(join(REPO, 'tests/nemsis/encounters/adult-stemi.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...bad, dispatchReason: 'tummy ache' }));
    const refused = run([join(dir, 'bad.json')]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/error ENCOUNTER_INVALID dispatchReason: dispatchReason: /);
    expect(refused.stdout).toBe('');
    writeFileSync(join(dir, 'broken.json'), '{');
    expect(run([join(dir, 'broken.json')]).status).toBe(2);
    expect(run([]).status).toBe(2);
  });
});
