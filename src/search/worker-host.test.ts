import { afterEach, describe, expect, it } from 'vitest';
import { RigsideDb, type DatasetMetaRow } from '../data/db';
import { saveSearchIndex } from '../data/search-index-store';
import type { SearchDocument } from '../domain/search/documents';
import { SearchEngine, searchConfigHash } from './engine';
import { searchWorkerHost } from './worker-host';
import type { WorkerReply } from './worker-messages';

const dbs: RigsideDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

const meta: DatasetMetaRow = {
  key: 'active',
  version: '1.0.0',
  contentHash: 'c'.repeat(64),
  loadedAt: '2026-12-01T00:00:00Z',
  protocolCount: 1,
  medicationCount: 0,
  impressionCount: 0,
};
const chestPain: SearchDocument = {
  tp_code: '1211',
  tp_name: 'Cardiac Chest Pain',
  population: 'adult',
  name: 'Cardiac Chest Pain',
  keywords: 'cp',
  content: 'chest pain',
  popularity: 0,
};

/** A device's database, mirroring a dataset with its index saved, or mirroring nothing. */
async function device(mirrored: boolean): Promise<string> {
  const db = new RigsideDb(`test-worker-host-${crypto.randomUUID()}`);
  dbs.push(db);
  if (mirrored) {
    await db.datasetMeta.put(meta);
    await saveSearchIndex(
      db,
      meta.version,
      searchConfigHash(`${meta.version}:${meta.contentHash}`),
      SearchEngine.build([chestPain]).export(),
    );
  }
  return db.name;
}

/** The host on `dbName`, with every reply it posts, and a way to wait for the nth. */
function host(dbName: string) {
  const replies: WorkerReply[] = [];
  const waiters: Array<() => void> = [];
  const receive = searchWorkerHost((reply) => {
    replies.push(reply);
    for (const wake of waiters.splice(0)) wake();
  }, dbName);
  const until = async (count: number) => {
    while (replies.length < count) await new Promise<void>((wake) => waiters.push(wake));
  };
  return { receive, replies, until };
}

describe("the search worker's handling of the page's messages", () => {
  it('holds a query sent while the engine starts and answers it from that engine once it is up', async () => {
    const { receive, replies, until } = host(await device(true));
    // As in a cold start: the page asks for the engine as it boots, and the crew types before it is up.
    receive({ id: 1, type: 'init', mirrored: true });
    receive({ id: 2, type: 'search', query: 'chest pain', options: { limit: 12 } });
    await until(2);
    expect(replies.map((r) => [r.id, r.ok ? r.type : 'failed'])).toEqual([
      [1, 'ready'],
      [2, 'hits'],
    ]);
    const [ready, hits] = replies;
    expect(hits?.ok && hits.type === 'hits' && hits.hits.map((h) => h.tp_code)).toEqual(['1211']);
    expect(ready?.ok && ready.type === 'ready' && ready.indexSource).toBe('imported');
  });

  it('answers a query after the engine is up at once', async () => {
    const { receive, replies, until } = host(await device(true));
    receive({ id: 1, type: 'init', mirrored: true });
    await until(1);
    receive({ id: 2, type: 'search', query: 'cp', options: {} });
    await until(2);
    expect(replies[1]).toMatchObject({ id: 2, ok: true, type: 'hits' });
  });

  it('fails a held query, rather than answering it, when the engine could not start', async () => {
    const { receive, replies, until } = host(await device(false));
    receive({ id: 1, type: 'init', mirrored: true });
    receive({ id: 2, type: 'search', query: 'chest pain', options: {} });
    await until(2);
    const byId = new Map(replies.map((r) => [r.id, r]));
    expect(byId.get(1)).toMatchObject({ ok: false, code: 'no_mirror' });
    expect(byId.get(2)).toMatchObject({ ok: false, message: 'the search index is not loaded yet' });
  });
});
