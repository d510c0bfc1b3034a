import { afterEach, describe, expect, it } from 'vitest';
import { RigsideDb } from './db';
import { commitAct } from './outbox-writer';
import { mostUsedProtocols, protocolUsageWrite, recentProtocols, type ProtocolUsageInput } from './protocol-usage';

async function recordProtocolUsage(database: RigsideDb, input: ProtocolUsageInput, now = new Date()) {
  const write = protocolUsageWrite(input, now);
  await commitAct(database, { now, authorId: null }, { records: [write] });
  return write.row;
}

let db: RigsideDb;
let n = 0;
function freshDb() {
  db = new RigsideDb(`usage-test-${++n}`);
  return db;
}
afterEach(async () => {
  await db.delete();
});

describe('protocol usage', () => {
  it('queues a protocol_usage event carrying the same id as the record', async () => {
    freshDb();
    const record = await recordProtocolUsage(db, { tpCode: '1211', action: 'viewed', query: 'chest pain' });
    const event = await db.outboxEvents.where('id').equals(record.id).first();
    expect(event?.kind).toBe('protocol_usage');
    expect(event?.payload).toMatchObject({ tp_code: '1211', action: 'viewed', query: 'chest pain' });
  });

  it('lists recent protocols newest first without repeats', async () => {
    freshDb();
    const t = Date.parse('2026-11-25T10:00:00Z');
    for (const [i, code] of ['1211', '1237', '1211', '1231-P'].entries()) {
      await recordProtocolUsage(db, { tpCode: code, action: 'viewed' }, new Date(t + i * 1000));
    }
    expect(await recentProtocols(db, 5)).toEqual(['1231-P', '1211', '1237']);
    expect(await recentProtocols(db, 2)).toEqual(['1231-P', '1211']);
  });

  it('ranks most-used protocols by number of uses', async () => {
    freshDb();
    for (const code of ['1237', '1211', '1211', '1231', '1211', '1237']) {
      await recordProtocolUsage(db, { tpCode: code, action: 'viewed' });
    }
    expect(await mostUsedProtocols(db, 2)).toEqual([
      { tpCode: '1211', uses: 3 },
      { tpCode: '1237', uses: 2 },
    ]);
  });
});
