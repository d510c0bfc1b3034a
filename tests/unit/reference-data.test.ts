// The authored reference data must parse, be named by its code, and point only at codes
// and medications that exist. Runs in CI so a bad protocol file never lands. The files are
// read by the loader the dataset build and the protocol checker use.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadReferenceSources, readProtocolFiles } from '../../src/reference/load-reference';

const files = readProtocolFiles();
const sources = loadReferenceSources();

describe('authored reference data', () => {
  it.each(files)('$file parses and is named by its code', ({ protocol, problems }) => {
    expect(problems).toEqual([]);
    if (!protocol) return;
    expect(protocol.population).toBe(protocol.tp_code.endsWith('-P') ? 'pediatric' : 'adult');
    expect(protocol.sections.map((s) => s.kind)).toEqual(['assessment', 'treatment', 'base_contact', 'notes']);
  });

  it('gives every provider impression a valid record, and each protocol only impressions that exist', () => {
    expect(sources.problems).toEqual([]);
    const impressions = sources.provider_impressions;
    expect(impressions).toHaveLength(69);
    const codes = new Set(impressions.map((i) => i.code));
    for (const protocol of sources.protocols) {
      for (const pi of protocol.provider_impressions)
        expect({ protocol: protocol.tp_code, pi, known: codes.has(pi) }).toMatchObject({ known: true });
      // A protocol lists exactly the impressions that lead to it, no more and no fewer.
      const leadingHere = [
        ...new Set(
          impressions
            .filter((i) => i.adult_tp === protocol.tp_code || i.pediatric_tp === protocol.tp_code)
            .map((i) => i.code),
        ),
      ].sort();
      expect({ protocol: protocol.tp_code, impressions: [...new Set(protocol.provider_impressions)].sort() }).toEqual({
        protocol: protocol.tp_code,
        impressions: leadingHere,
      });
    }
  });

  // The manual's table of contents lives in ../shared; CI has it beside the repo.
  const SHARED = resolve(import.meta.dirname, '../../../shared/reference/lacounty');
  it.skipIf(!existsSync(SHARED))(
    'has every adult protocol of the 07-01-25 manual and every pediatric one it has a page for',
    () => {
      const toc = JSON.parse(readFileSync(join(SHARED, 'tp_codes.json'), 'utf8')) as {
        tp_names: Record<string, string>;
      };
      const pediatric = readdirSync(join(SHARED, 'pcm')).flatMap((f) => /_(12\d\d-P)/.exec(f)?.[1] ?? []);
      // 1227 is a gap in the manual's numbering (no protocol behind it).
      const expected = new Set([...Object.keys(toc.tp_names).filter((c) => c !== '1227'), ...pediatric]);
      const written = new Set(files.map((f) => f.file.replace(/\.json$/, '')));
      expect([...expected].filter((c) => !written.has(c)).sort()).toEqual([]);
      expect([...written].filter((c) => !expected.has(c)).sort()).toEqual([]);
    },
  );
});
