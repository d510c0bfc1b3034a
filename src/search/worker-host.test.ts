import { afterEach, describe, expect, it } from 'vitest';
import { deleteMirroredDevices, MIRRORED_DATASET_ID, mirroredDevice } from '../../tests/unit/mirrored-device';
import { searchConfigHash } from './engine';
import { searchWorkerHost } from './worker-host';
import type { WorkerReply } from './worker-messages';

afterEach(deleteMirroredDevices);

/** A device's database, mirroring a dataset with its index saved, or mirroring nothing. */
async function device(mirrored: boolean): Promise<string> {
  return (await mirroredDevice(mirrored ? searchConfigHash(MIRRORED_DATASET_ID) : null, mirrored)).name;
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
