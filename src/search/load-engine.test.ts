import { afterEach, describe, expect, it } from 'vitest';
import type { RigsideDb } from '../data/db';
import {
  CHEST_PAIN as chestPain,
  deleteMirroredDevices,
  MIRRORED_DATASET_ID as datasetId,
  MIRRORED_META as meta,
  mirroredDevice as device,
} from '../../tests/unit/mirrored-device';
import { searchConfigHash } from './engine';
import { buildAndSave, EngineNotStarted, loadEngine } from './load-engine';

afterEach(deleteMirroredDevices);

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
