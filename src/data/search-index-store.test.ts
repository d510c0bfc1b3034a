import { afterEach, describe, expect, it } from 'vitest';
import { RigsideDb } from './db';
import { saveSearchIndex } from './search-index-store';
import { readSearchStart } from './search-start-read';

let db: RigsideDb;
afterEach(async () => {
  await db.delete();
});

describe('the saved search index', () => {
  it('keeps only the newest export, which a cold start reads back with its config hash', async () => {
    db = new RigsideDb(`index-${crypto.randomUUID()}`);
    await saveSearchIndex(db, '1.0.0', 'config-a', { a: '1' });
    await saveSearchIndex(db, '1.0.0', 'config-b', { 'reg.json': '[1,2]' });
    expect(await db.searchIndexes.count()).toBe(1);
    expect((await readSearchStart(db.name)).kept).toEqual({ configHash: 'config-b', chunks: { 'reg.json': '[1,2]' } });
  });
});
