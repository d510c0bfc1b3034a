// The search and import CLIs, run as a user runs them (tsx, real files, real stdin).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const tsx = join(root, 'node_modules/.bin/tsx');
const run = (script: string, args: string[], input?: string) =>
  spawnSync(tsx, [join(root, 'src/cli', script), ...args], { cwd: root, input, encoding: 'utf8', timeout: 60_000 });

describe('search CLI', { timeout: 60_000 }, () => {
  it('prints the JSON shape the issue names, best first', () => {
    const out = run('search.ts', ['--json', '--limit', '3', 'chest', 'pain']);
    expect(out.status).toBe(0);
    const reply = JSON.parse(out.stdout) as {
      query: string;
      results: Array<{ tp_code: string; tp_name: string; score: number }>;
    };
    expect(reply.query).toBe('chest pain');
    expect(reply.results).toHaveLength(3);
    expect(reply.results[0]).toEqual({ tp_code: '1211', tp_name: 'Cardiac Chest Pain', score: expect.any(Number) });
  });

  it('answers one JSON line per stdin line with the index built once, and routes by --age', () => {
    const out = run('search.ts', ['--stdin', '--json', '--age', '4', '--limit', '1'], 'seizure\n\n1210\nbee sting\n');
    expect(out.status).toBe(0);
    const lines = out.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { query: string; results: Array<{ tp_code: string }> });
    expect(lines.map((l) => [l.query, l.results[0]?.tp_code])).toEqual([
      ['seizure', '1231-P'],
      ['1210', '1210'],
      ['bee sting', '1219-P'],
    ]);
  });

  it('refuses bad options with a message that says what to fix', () => {
    const out = run('search.ts', ['--limit', 'ten', 'cp']);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('--limit takes a whole number');
  });
});

describe('import-protocols CLI', { timeout: 60_000 }, () => {
  it('imports a folder of Markdown into a chunk file that search --dataset searches, naming what it could not read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rigside-import-'));
    writeFileSync(
      join(dir, '9001_Snakebite.md'),
      'Treatment Protocol: SNAKE BITE Ref. No. 9001\n\nSplint the limb and keep it level with the heart.',
    );
    writeFileSync(
      join(dir, '9002_Heat.md'),
      'Treatment Protocol: HEAT ILLNESS Ref. No. 9002\n\nCool the patient with water and fanning.',
    );
    writeFileSync(join(dir, 'readme.txt'), 'not a protocol');
    writeFileSync(join(dir, 'blank.md'), '');
    const out = join(dir, 'chunks.json');
    const imported = run('import-protocols.ts', [dir, '--out', out]);
    expect(imported.status).toBe(0);
    expect(imported.stderr).toContain('not imported: readme.txt: not a Markdown document');
    expect(imported.stderr).toContain('not imported: blank.md: the document is empty');
    expect(imported.stderr).toContain('imported 2 documents');
    const found = execFileSync(tsx, [join(root, 'src/cli/search.ts'), '--dataset', out, '--json', 'snake', 'bite'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect((JSON.parse(found) as { results: Array<{ tp_code: string; tp_name: string }> }).results[0]).toMatchObject({
      tp_code: '9001',
      tp_name: 'Snake Bite',
    });
  });
});
