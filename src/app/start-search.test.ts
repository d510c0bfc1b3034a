import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RigsideDb } from '../data/db';
import { applyDatasetBundle } from '../data/reference-mirror';
import { buildDatasetBundle } from '../data/dataset-bundle';
import type { Dataset } from '../domain/protocols/dataset';
import { bundledFormularyRecords } from '../domain/dosing/bundled-formulary';
import { referenceSources } from '../../tests/unit/reference-sources';
import { useSearchEngine } from './search-engine-store';
import { inlineEngineStarter } from '../search/search-client';
import { bringUp } from './start-search';

let dataset: Dataset;
const dbs: RigsideDb[] = [];
beforeAll(async () => {
  const { protocols, provider_impressions } = referenceSources();
  dataset = await buildDatasetBundle(
    { protocols, provider_impressions, medications: bundledFormularyRecords() },
    '1.0.0',
  );
});
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

async function freshDb(): Promise<RigsideDb> {
  const db = new RigsideDb(`test-start-search-${crypto.randomUUID()}`);
  dbs.push(db);
  await applyDatasetBundle(db, dataset);
  return db;
}

describe('bringing search up', () => {
  it('builds the index once and saves it; the next start imports the saved export', async () => {
    const db = await freshDb();
    const starter = inlineEngineStarter(db);
    await bringUp(db, starter);
    expect(useSearchEngine.getState().engine).toMatchObject({ status: 'ready', indexSource: 'built' });
    expect(await db.searchIndexes.count()).toBe(1);

    await bringUp(db, starter);
    const engine = useSearchEngine.getState().engine;
    expect(engine).toMatchObject({ status: 'ready', indexSource: 'imported' });
    expect((await engine.port!.search('chest pain', {}))[0]?.tp_code).toBe('1211');
  });

  it('rebuilds from the mirror when the saved export is damaged, rather than leaving search down', async () => {
    const db = await freshDb();
    const starter = inlineEngineStarter(db);
    await bringUp(db, starter);
    const row = (await db.searchIndexes.toArray())[0]!;
    await db.searchIndexes.put({ ...row, chunks: { ...row.chunks, 'rigside/docs': '"not an array"' } });
    await bringUp(db, starter);
    expect(useSearchEngine.getState().engine).toMatchObject({ status: 'ready', indexSource: 'built' });
  });

  it('says when nothing is mirrored yet and leaves the engine starting, so the shipped bundle can be loaded', async () => {
    const db = new RigsideDb(`test-start-search-${crypto.randomUUID()}`);
    dbs.push(db);
    useSearchEngine.getState().setEngine({ status: 'starting', port: null, message: 'Starting' });
    expect(await bringUp(db, inlineEngineStarter(db))).toBe('no_mirror');
    expect(useSearchEngine.getState().engine.status).toBe('starting');
    expect(await db.searchIndexes.count()).toBe(0);
  });

  it('names the dataset the engine read for itself, from the mirror', async () => {
    const db = await freshDb();
    expect(await bringUp(db, inlineEngineStarter(db))).toBe('ready');
    expect(useSearchEngine.getState().engine.message).toBe(
      `Searching ${dataset.protocols.length} protocols of dataset 1.0.0.`,
    );
  });
});
