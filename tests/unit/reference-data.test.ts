// The authored reference data must parse, be named by its code, and point only at codes
// and medications that exist. Runs in CI so a bad protocol file never lands.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { protocolSchema, providerImpressionSchema } from '../../src/domain/protocols/schema';

const REFERENCE = join(resolve(import.meta.dirname, '../..'), 'src/reference');
const files = readdirSync(join(REFERENCE, 'protocols')).filter((f) => f.endsWith('.json')).sort();
const protocols = files.map((f) => ({ file: f, data: JSON.parse(readFileSync(join(REFERENCE, 'protocols', f), 'utf8')) as unknown }));

describe('authored reference data', () => {
  it.each(protocols)('$file parses and is named by its code', ({ file, data }) => {
    const protocol = protocolSchema.parse(data);
    expect(`${protocol.tp_code}.json`).toBe(file);
    expect(protocol.population).toBe(protocol.tp_code.endsWith('-P') ? 'pediatric' : 'adult');
    expect(protocol.sections.map((s) => s.kind)).toEqual(['assessment', 'treatment', 'base_contact', 'notes']);
  });

  it('gives every provider impression a valid record, and each protocol only impressions that exist', () => {
    const impressions = z.array(providerImpressionSchema).parse(JSON.parse(readFileSync(join(REFERENCE, 'provider-impressions.json'), 'utf8')));
    expect(impressions).toHaveLength(69);
    const codes = new Set(impressions.map((i) => i.code));
    for (const { data } of protocols) {
      const protocol = protocolSchema.parse(data);
      for (const pi of protocol.provider_impressions) expect({ protocol: protocol.tp_code, pi, known: codes.has(pi) }).toMatchObject({ known: true });
      // A protocol lists exactly the impressions that lead to it, no more and no fewer.
      const leadingHere = [...new Set(impressions.filter((i) => i.adult_tp === protocol.tp_code || i.pediatric_tp === protocol.tp_code).map((i) => i.code))].sort();
      expect({ protocol: protocol.tp_code, impressions: [...new Set(protocol.provider_impressions)].sort() }).toEqual({ protocol: protocol.tp_code, impressions: leadingHere });
    }
  });

  // The manual's table of contents lives in ../shared; CI has it beside the repo.
  const SHARED = resolve(import.meta.dirname, '../../../shared/reference/lacounty');
  it.skipIf(!existsSync(SHARED))('has every adult protocol of the 07-01-25 manual and every pediatric one it has a page for', () => {
    const toc = JSON.parse(readFileSync(join(SHARED, 'tp_codes.json'), 'utf8')) as { tp_names: Record<string, string> };
    const pediatric = readdirSync(join(SHARED, 'pcm')).flatMap((f) => /_(12\d\d-P)/.exec(f)?.[1] ?? []);
    // 1227 is a gap in the manual's numbering (no protocol behind it).
    const expected = new Set([...Object.keys(toc.tp_names).filter((c) => c !== '1227'), ...pediatric]);
    const written = new Set(files.map((f) => f.replace(/\.json$/, '')));
    expect([...expected].filter((c) => !written.has(c)).sort()).toEqual([]);
    expect([...written].filter((c) => !expected.has(c)).sort()).toEqual([]);
  });
});
