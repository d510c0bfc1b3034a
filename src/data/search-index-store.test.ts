import { afterEach, describe, expect, it } from 'vitest';
import { RigsideDb } from './db';
import { createDexieSearchIndexStore } from './search-index-store';

let db: RigsideDb;
afterEach(async () => {
  await db.delete();
});

describe('persisted search index', () => {
  it('hands back an export only under the config hash it was saved with', async () => {
    db = new RigsideDb(`index-${crypto.randomUUID()}`);
    const store = createDexieSearchIndexStore(db, '1.0.0');
    await store.save('config-a', { 'reg.json': '[1,2]' });
    expect(await store.load('config-a')).toEqual({ 'reg.json': '[1,2]' });
    expect(await store.load('config-b')).toBeUndefined();
  });

  it('keeps only the newest export', async () => {
    db = new RigsideDb(`index-${crypto.randomUUID()}`);
    const store = createDexieSearchIndexStore(db, '1.0.0');
    await store.save('config-a', { a: '1' });
    await store.save('config-b', { b: '2' });
    expect(await store.load('config-a')).toBeUndefined();
    expect(await db.searchIndexes.count()).toBe(1);
  });
});
