import { describe, expect, it } from 'vitest';
import {
  buildDataset as build,
  canonicalJson,
  verifyDataset as verify,
  type DatasetContent,
  type Sha256Hex,
} from './dataset';
import type { Protocol } from './schema';
import { bundledFormularyRecords } from '../dosing/bundled-formulary';

function protocol(tp_code: string, related: string[] = []): Protocol {
  return {
    tp_code,
    name: `Protocol ${tp_code}`,
    population: tp_code.endsWith('-P') ? 'pediatric' : 'adult',
    category: 'Medical',
    provider_impressions: [],
    keywords: ['test'],
    sections: [{ kind: 'treatment', title: 'Treat', items: ['step'] }],
    medications: [],
    related,
    popularity: 0.5,
    version: 1,
    effective_date: '2025-07-01',
  };
}

/**
 * A stand-in for SHA-256 (the domain hashes nothing itself; src/data/dataset-bundle.ts binds
 * WebCrypto, tested in its own file): FNV-1a spread to 64 hex digits, enough to tell texts apart.
 */
const fakeSha256: Sha256Hex = (text) => {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return Promise.resolve(h.toString(16).padStart(8, '0').repeat(8));
};
const buildDataset = (c: DatasetContent, version: string) => build(c, version, fakeSha256);
const verifyDataset = (raw: unknown) => verify(raw, fakeSha256);

const content: DatasetContent = {
  protocols: [protocol('1211', ['1210']), protocol('1210')],
  provider_impressions: [
    { code: 'CPSC', name: 'Chest Pain', adult_tp: '1211', pediatric_tp: null, guidance: 'g', keywords: [] },
  ],
  medications: bundledFormularyRecords().filter((m) => m.id === 'aspirin'),
};

describe('reference dataset bundle', () => {
  it('hashes canonical JSON, so key order does not change the hash', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  });

  it('accepts a bundle whose content matches its hash', async () => {
    const bundle = await buildDataset(content, '1.0.0');
    const result = await verifyDataset(JSON.parse(JSON.stringify(bundle)));
    expect(result.ok).toBe(true);
  });

  it('refuses a bundle edited after it was hashed', async () => {
    const bundle = await buildDataset(content, '1.0.0');
    const edited = structuredClone(bundle);
    edited.protocols[0]!.name = 'Something else';
    const result = await verifyDataset(edited);
    expect(result).toMatchObject({ ok: false, error: { code: 'DATASET_HASH_MISMATCH' } });
  });

  it('refuses a bundle that fails the schema, naming the field', async () => {
    const bundle = await buildDataset(content, '1.0.0');
    const broken = { ...bundle, protocols: [{ ...bundle.protocols[0], tp_code: '12' }] };
    const result = await verifyDataset(broken);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('DATASET_INVALID');
      expect(result.error.message).toContain('protocols.0.tp_code');
    }
  });

  it('refuses a protocol that relates to a code the dataset lacks', async () => {
    const bundle = await buildDataset({ ...content, protocols: [protocol('1211', ['1299'])] }, '1.0.0');
    const result = await verifyDataset(bundle);
    expect(result).toMatchObject({ ok: false, error: { code: 'DATASET_INVALID' } });
    if (!result.ok) expect(result.error.message).toContain('1299');
  });

  it('refuses a protocol that names a medication the formulary lacks', async () => {
    const withMed = {
      ...protocol('1210'),
      medications: [{ medication_id: 'ketamine', routes: ['IV'], dose_text: '1 mg/kg' }],
    };
    const bundle = await buildDataset({ ...content, protocols: [protocol('1211', ['1210']), withMed] }, '1.0.0');
    const result = await verifyDataset(bundle);
    expect(result).toMatchObject({ ok: false, error: { code: 'DATASET_INVALID' } });
    if (!result.ok) expect(result.error.message).toContain('ketamine');
  });

  it('refuses a medication record that breaks the formulary schema, naming the field', async () => {
    const bundle = await buildDataset(content, '1.0.0');
    const broken = structuredClone(bundle) as { medications: { rules: { max_single: unknown }[] }[] };
    broken.medications[0]!.rules[0]!.max_single = -1;
    const result = await verifyDataset(broken);
    expect(result).toMatchObject({ ok: false, error: { code: 'DATASET_INVALID' } });
    if (!result.ok) expect(result.error.message).toMatch(/medications\.0\.rules\.0\.max_single/);
  });
});
