import { afterEach, describe, expect, it } from 'vitest';
import { RigsideDb } from './db';
import { applyDatasetBundle, readMirroredDataset, readMirroredFormulary } from './reference-mirror';
import { getProtocol, listImpressions } from './reference-reads';
import { buildDatasetBundle } from './dataset-bundle';
import type { DatasetContent } from '../domain/protocols/dataset';
import type { Protocol } from '../domain/protocols/schema';
import { bundledFormularyRecords } from '../domain/dosing/bundled-formulary';

let db: RigsideDb;
let n = 0;
afterEach(async () => {
  await db.delete();
});

function protocol(tp_code: string, name: string): Protocol {
  return {
    tp_code,
    name,
    population: 'adult',
    category: 'Cardiac',
    provider_impressions: ['CPSC'],
    keywords: ['CP'],
    sections: [{ kind: 'treatment', title: 'Treat', items: ['aspirin'] }],
    medications: [],
    related: [],
    popularity: 0.9,
    version: 1,
    effective_date: '2025-07-01',
  };
}
const content = (name: string): DatasetContent => ({
  protocols: [protocol('1211', name)],
  provider_impressions: [
    { code: 'DYSR', name: 'Bradycardia', adult_tp: '1211', pediatric_tp: null, guidance: 'slow', keywords: [] },
    { code: 'DYSR', name: 'Tachycardia', adult_tp: '1211', pediatric_tp: null, guidance: 'fast', keywords: [] },
  ],
  medications: bundledFormularyRecords().filter((m) => m.id === 'aspirin'),
});

describe('reference mirror', () => {
  it('loads a verified bundle and reports it current the second time', async () => {
    db = new RigsideDb(`mirror-${++n}`);
    const bundle = await buildDatasetBundle(content('Cardiac Chest Pain'), '1.0.0');
    expect((await applyDatasetBundle(db, bundle)).status).toBe('loaded');
    expect((await applyDatasetBundle(db, bundle)).status).toBe('current');
    expect((await getProtocol(db, '1211'))?.protocol.name).toBe('Cardiac Chest Pain');
    // Two impressions that share a code both survive.
    expect((await listImpressions(db)).map((i) => i.name).sort()).toEqual(['Bradycardia', 'Tachycardia']);
    expect((await readMirroredDataset(db))?.content_hash).toBe(bundle.content_hash);
  });

  it('refuses a damaged bundle and keeps the dataset already in use', async () => {
    db = new RigsideDb(`mirror-${++n}`);
    await applyDatasetBundle(db, await buildDatasetBundle(content('Cardiac Chest Pain'), '1.0.0'));
    const damaged = await buildDatasetBundle(content('Updated name'), '1.1.0');
    damaged.protocols[0]!.name = 'Tampered';
    const outcome = await applyDatasetBundle(db, damaged);
    expect(outcome).toMatchObject({ status: 'refused', code: 'DATASET_HASH_MISMATCH', meta: { version: '1.0.0' } });
    expect((await getProtocol(db, '1211'))?.protocol.name).toBe('Cardiac Chest Pain');
  });

  it('replaces the whole mirror with a newer bundle in one step', async () => {
    db = new RigsideDb(`mirror-${++n}`);
    await applyDatasetBundle(db, await buildDatasetBundle(content('Old'), '1.0.0'));
    const outcome = await applyDatasetBundle(db, await buildDatasetBundle(content('New'), '1.1.0'));
    expect(outcome).toMatchObject({ status: 'loaded', previousVersion: '1.0.0', meta: { version: '1.1.0' } });
    expect((await getProtocol(db, '1211'))?.protocol.name).toBe('New');
    expect(await db.protocols.count()).toBe(1);
  });

  it('hands dosing the formulary the dataset carried, checked against its hash', async () => {
    db = new RigsideDb(`mirror-${++n}`);
    expect(await readMirroredFormulary(db)).toMatchObject({
      ok: false,
      message: expect.stringContaining('No dataset'),
    });
    const medications = bundledFormularyRecords().filter((m) => ['aspirin', 'naloxone'].includes(m.id));
    medications[1]!.formulary_version = 'agency-naloxone-2';
    await applyDatasetBundle(db, await buildDatasetBundle({ ...content('Chest pain'), medications }, '1.2.0'));
    const read = await readMirroredFormulary(db);
    if (!read.ok) throw new Error(read.message);
    expect(read.datasetVersion).toBe('1.2.0');
    expect(read.formulary.medications.map((m) => m.id)).toEqual(['aspirin', 'naloxone']);
    expect(read.formulary.byName('Narcan')?.formulary_version).toBe('agency-naloxone-2');
  });

  it('refuses a mirrored formulary that no longer matches its hash, rather than dosing from it', async () => {
    db = new RigsideDb(`mirror-${++n}`);
    await applyDatasetBundle(db, await buildDatasetBundle(content('Chest pain'), '1.0.0'));
    const row = (await db.medications.get('aspirin'))!;
    const edited = structuredClone(row.value) as { rules: Array<{ max_single: number }> };
    edited.rules[0]!.max_single = 975;
    await db.medications.put({ ...row, value: edited });
    expect(await readMirroredFormulary(db)).toMatchObject({
      ok: false,
      message: expect.stringContaining('does not match dataset 1.0.0'),
    });
  });

  it('gives a mirror written before formulary hashes were kept its hash from the identical bundle', async () => {
    db = new RigsideDb(`mirror-${++n}`);
    const bundle = await buildDatasetBundle(content('Chest pain'), '1.0.0');
    await applyDatasetBundle(db, bundle);
    const { formularyHash, ...older } = (await db.datasetMeta.get('active'))!;
    expect(formularyHash).toMatch(/^[0-9a-f]{64}$/);
    await db.datasetMeta.put(older);
    expect(await applyDatasetBundle(db, bundle)).toMatchObject({ status: 'current', meta: { formularyHash } });
    expect(await readMirroredFormulary(db)).toMatchObject({ ok: true });
  });
});
