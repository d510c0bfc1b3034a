import { afterEach, describe, expect, it } from 'vitest';
import { MIRRORED_META as meta } from '../../tests/unit/mirrored-device';
import { RigsideDb } from './db';
import { readSearchStart } from './search-start-read';

const names: string[] = [];
function uniqueName(): string {
  const name = `search-start-${crypto.randomUUID()}`;
  names.push(name);
  return name;
}
afterEach(async () => {
  for (const name of names.splice(0)) await new RigsideDb(name).delete();
});

async function databaseNames(): Promise<string[]> {
  return (await indexedDB.databases()).map((d) => d.name ?? '');
}

describe('reading what search starts from, without Dexie', () => {
  it('reads the mirror description and the kept export that Dexie wrote', async () => {
    const db = new RigsideDb(uniqueName());
    await db.datasetMeta.put(meta);
    await db.searchIndexes.put({ configHash: 'h', datasetVersion: '1.0.0', chunks: { x: 'y' }, savedAt: 'now' });
    db.close();
    expect(await readSearchStart(db.name)).toEqual({ meta, kept: { configHash: 'h', chunks: { x: 'y' } } });
  });

  it('answers "nothing" on a device with no database, and creates none that Dexie would then have to upgrade', async () => {
    const name = uniqueName();
    expect(await readSearchStart(name)).toEqual({ meta: null, kept: null });
    expect(await databaseNames()).not.toContain(name);
    // Dexie still creates it at its own version, with every table.
    const db = new RigsideDb(name);
    await db.datasetMeta.put(meta);
    expect(db.verno).toBe(5);
    db.close();
    expect((await readSearchStart(name)).meta).toEqual(meta);
  });

  it('answers "nothing" when the database is mirrored but empty', async () => {
    const db = new RigsideDb(uniqueName());
    await db.open();
    db.close();
    expect(await readSearchStart(db.name)).toEqual({ meta: null, kept: null });
  });

  it('answers "nothing" for a database of that name without the tables, and leaves it as it was', async () => {
    const name = uniqueName();
    await new Promise<void>((done, fail) => {
      const open = indexedDB.open(name, 3);
      open.onupgradeneeded = () => open.result.createObjectStore('other');
      open.onsuccess = () => (open.result.close(), done());
      open.onerror = () => fail(open.error ?? new Error('open failed'));
    });
    expect(await readSearchStart(name)).toEqual({ meta: null, kept: null });
    const version = await new Promise<number>((done) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => (done(open.result.version), open.result.close());
    });
    expect(version).toBe(3);
  });

  it('lets go of the database: an upgrade or a delete right after is never blocked', async () => {
    const db = new RigsideDb(uniqueName());
    await db.datasetMeta.put(meta);
    db.close();
    await readSearchStart(db.name);
    const blocked = await new Promise<boolean>((done) => {
      const deleting = indexedDB.deleteDatabase(db.name);
      deleting.onblocked = () => done(true);
      deleting.onsuccess = () => done(false);
    });
    expect(blocked).toBe(false);
  });
});
