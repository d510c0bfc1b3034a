import { afterEach, describe, expect, it } from 'vitest';
import { RigsideDb, type DatasetMetaRow } from '../data/db';
import { saveSearchIndex } from '../data/search-index-store';
import type { SearchDocument } from '../domain/search/documents';
import { SearchEngine, searchConfigHash } from './engine';
import { buildAndSave, EngineNotStarted, loadEngine } from './load-engine';

const dbs: RigsideDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

const meta: DatasetMetaRow = {
  key: 'active',
  version: '1.0.0',
  contentHash: 'a'.repeat(64),
  loadedAt: '2026-12-01T00:00:00Z',
  protocolCount: 1,
  medicationCount: 0,
  impressionCount: 0,
};
const datasetId = `${meta.version}:${meta.contentHash}`;
const chestPain: SearchDocument = {
  tp_code: '1211',
  tp_name: 'Cardiac Chest Pain',
  population: 'adult',
  name: 'Cardiac Chest Pain',
  keywords: 'cp',
  content: 'chest pain',
  popularity: 0,
};
const chunks = SearchEngine.build([chestPain]).export();

async function device(saveUnder: string | null, mirrored = true): Promise<RigsideDb> {
  const db = new RigsideDb(`test-load-engine-${crypto.randomUUID()}`);
  dbs.push(db);
  if (mirrored) await db.datasetMeta.put(meta);
  if (saveUnder) await saveSearchIndex(db, meta.version, saveUnder, chunks);
  return db;
}

async function failure(db: RigsideDb): Promise<string | undefined> {
  return loadEngine({ mirrored: true }, db).then(
    () => undefined,
    (error: unknown) => (error instanceof EngineNotStarted ? error.code : String(error)),
  );
}

describe('starting the engine on whatever the device mirrors', () => {
  it('imports the export kept for the mirrored dataset under these settings', async () => {
    const loaded = await loadEngine({ mirrored: true }, await device(searchConfigHash(datasetId)));
    expect(loaded.indexSource).toBe('imported');
    expect(loaded.dataset).toEqual({ datasetId, version: '1.0.0', protocolCount: 1 });
    expect(loaded.engine.search('chest pain').map((h) => h.tp_code)).toEqual(['1211']);
  });

  it('refuses an export kept under other settings or for another dataset: it would import and find nothing', async () => {
    expect(await failure(await device(searchConfigHash('0.9.0:' + 'b'.repeat(64))))).toBe('no_saved_index');
    expect(await failure(await device('some-other-config'))).toBe('no_saved_index');
    expect(await failure(await device(null))).toBe('no_saved_index');
  });

  it('says so when nothing is mirrored, even with an export kept', async () => {
    expect(await failure(await device(searchConfigHash(datasetId), false))).toBe('no_mirror');
  });
});

describe('building the engine from documents', () => {
  it('saves its export so that the next start from the mirror imports it instead of building', async () => {
    const db = await device(null);
    const built = await buildAndSave(
      {
        datasetId,
        datasetVersion: meta.version,
        documents: [chestPain],
      },
      db,
    );
    expect(built.indexSource).toBe('built');
    const next = await loadEngine({ mirrored: true }, db);
    expect(next.indexSource).toBe('imported');
    expect(next.engine.search('chest pain').map((h) => h.tp_code)).toEqual(['1211']);
  });
});
