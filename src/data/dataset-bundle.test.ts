import { describe, expect, it } from 'vitest';
import { bundledFormularyRecords } from '../domain/dosing/bundled-formulary';
import { datasetHashText, formularyHashText } from '../domain/protocols/dataset';
import { buildDatasetBundle, hashFormularyRecords, sha256Hex, verifyDatasetBundle } from './dataset-bundle';

const content = {
  protocols: [],
  provider_impressions: [],
  medications: bundledFormularyRecords().filter((m) => ['aspirin', 'atropine'].includes(m.id)),
};

describe('dataset bundle hashing (WebCrypto)', () => {
  it('is SHA-256 in lower-case hex (FIPS 180-2 test vector "abc")', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('stamps a bundle with the SHA-256 of its canonical content and accepts it back', async () => {
    const bundle = await buildDatasetBundle(content, '1.0.0');
    expect(bundle.content_hash).toBe(await sha256Hex(datasetHashText(content)));
    expect(await verifyDatasetBundle(JSON.parse(JSON.stringify(bundle)))).toMatchObject({ ok: true });
  });

  it('hashes the formulary records in id order, whatever order they come in', async () => {
    const reversed = [...content.medications].reverse();
    expect(await hashFormularyRecords(reversed)).toBe(await hashFormularyRecords(content.medications));
    expect(await hashFormularyRecords(reversed)).toBe(await sha256Hex(formularyHashText(content.medications)));
  });
});
