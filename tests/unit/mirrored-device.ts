// A device's IndexedDB as search starts from it, for the tests of the engine's start (load-engine,
// the worker's host, the raw read): the mirror's description, one protocol, and its saved index.
import { RigsideDb, type DatasetMetaRow } from '../../src/data/db';
import { saveSearchIndex } from '../../src/data/search-index-store';
import type { SearchDocument } from '../../src/domain/search/documents';
import { SearchEngine } from '../../src/search/engine';

export const MIRRORED_META: DatasetMetaRow = {
  key: 'active',
  version: '1.0.0',
  contentHash: 'a'.repeat(64),
  loadedAt: '2026-12-01T00:00:00Z',
  protocolCount: 1,
  medicationCount: 0,
  impressionCount: 0,
};
export const MIRRORED_DATASET_ID = `${MIRRORED_META.version}:${MIRRORED_META.contentHash}`;

export const CHEST_PAIN: SearchDocument = {
  tp_code: '1211',
  tp_name: 'Cardiac Chest Pain',
  population: 'adult',
  name: 'Cardiac Chest Pain',
  keywords: 'cp',
  content: 'chest pain',
  popularity: 0,
};

const devices: RigsideDb[] = [];

/**
 * A database of its own, mirroring MIRRORED_META (unless `mirrored` is false) with CHEST_PAIN's
 * index saved under the config hash `saveUnder` (none when null). Delete them with
 * `deleteMirroredDevices` after each test.
 */
export async function mirroredDevice(saveUnder: string | null, mirrored = true): Promise<RigsideDb> {
  const db = new RigsideDb(`test-device-${crypto.randomUUID()}`);
  devices.push(db);
  if (mirrored) await db.datasetMeta.put(MIRRORED_META);
  if (saveUnder) await saveSearchIndex(db, MIRRORED_META.version, saveUnder, SearchEngine.build([CHEST_PAIN]).export());
  return db;
}

export async function deleteMirroredDevices(): Promise<void> {
  for (const db of devices.splice(0)) await db.delete();
}
