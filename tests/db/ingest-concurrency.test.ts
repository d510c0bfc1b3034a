// ingest_events under concurrent batches: event ids belong to the first user who sent them, and
// batches that share ids never wait on each other in a cycle (the ledger is written in id order).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, ingest, protocolUsageEvent, type IngestResult, type Organisation } from './fixtures';
import { createTestDatabase, type TestDatabase } from './helpers';

let db: TestDatabase;
let org: Organisation;

beforeAll(async () => {
  db = await createTestDatabase();
  org = await createOrganisation(db);
});

afterAll(async () => {
  await db?.close();
});

/** Fails when `work` takes longer than `ms`, instead of waiting for a lock until the test times out. */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not done within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('concurrent batches with the same ids', () => {
  it('finish quickly when two users send overlapping ids in opposite order, each id taken by one of them', async () => {
    const medicA = org.people.paramedicA;
    const medicB = org.people.paramedicB;
    const shared = Array.from({ length: 40 }, () => protocolUsageEvent());
    const requests = Array.from({ length: 20 }, (_, i) => {
      const [who, events] = i % 2 === 0 ? [medicA, shared] : [medicB, [...shared].reverse()];
      return ingest(db, who.caller, events).then((reply) => ({ userId: who.id, results: reply.results }));
    });
    const replies = await within(5000, Promise.all(requests));

    const owners = await db.query<{ id: string; user_id: string }>(
      'select id, user_id from private.ingested_events where id = any($1::uuid[])',
      [shared.map((e) => e.id)],
    );
    const ownerOf = new Map(owners.rows.map((r) => [r.id, r.user_id]));
    const verdicts: Array<IngestResult & { sender: string }> = replies.flatMap((r) =>
      r.results.map((v) => ({ ...v, sender: r.userId })),
    );
    for (const event of shared) {
      const copies = verdicts.filter((v) => v.id === event.id);
      expect(copies, event.id).toHaveLength(20);
      expect(
        copies.filter((v) => v.status === 'accepted'),
        event.id,
      ).toHaveLength(1);
      const owner = ownerOf.get(event.id);
      expect(copies.find((v) => v.status === 'accepted')?.sender).toBe(owner);
      for (const copy of copies.filter((v) => v.status !== 'accepted')) {
        expect([copy.status, copy.code]).toEqual(
          copy.sender === owner ? ['duplicate', null] : ['rejected', 'ID_TAKEN'],
        );
      }
    }
    const stored = await db.query<{ id: string; user_id: string }>(
      'select id, user_id from public.protocol_usage where id = any($1::uuid[])',
      [shared.map((e) => e.id)],
    );
    expect(stored.rows).toHaveLength(shared.length);
    for (const row of stored.rows) expect(row.user_id).toBe(ownerOf.get(row.id));
  });
});
