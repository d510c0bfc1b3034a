import { afterEach, describe, expect, it } from 'vitest';
import { RigsideDb } from './db';
import { appendWithEvent, pendingCountsByKind, pendingEvents } from './outbox-store';

const open: RigsideDb[] = [];
function freshDb() {
  const db = new RigsideDb(`test-outbox-${crypto.randomUUID()}`);
  open.push(db);
  return db;
}
afterEach(async () => {
  for (const db of open.splice(0)) await db.delete();
});

const usage = (tpCode: string) => ({
  table: 'protocolUsage' as const,
  kind: 'protocol_usage' as const,
  record: (id: string) => ({ id, createdAt: '2026-11-25T10:00:00.000Z', tpCode }),
  payload: (r: { tpCode: string }) => ({ tp_code: r.tpCode }),
});

describe('appendWithEvent', () => {
  it('stores the record and its outbox event under one UUID v7', async () => {
    const db = freshDb();
    const { record, event } = await appendWithEvent(db, usage('1211'), new Date('2026-11-25T10:00:00Z'));
    expect(event.id).toBe(record.id);
    expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await db.protocolUsage.get(record.id)).toMatchObject({ tpCode: '1211' });
    expect(await db.outbox.get(event.id)).toMatchObject({
      kind: 'protocol_usage',
      payload: { tp_code: '1211' },
      attempts: 0,
      nextAttemptAt: Date.parse('2026-11-25T10:00:00Z'),
      lastError: null,
      createdAt: '2026-11-25T10:00:00.000Z',
    });
  });

  it('keeps no event when the record write fails', async () => {
    const db = freshDb();
    const request = {
      ...usage('1211'),
      // A record whose key Dexie cannot store makes the record write throw inside the transaction.
      record: (id: string) => ({ id, createdAt: '2026-11-25T10:00:00.000Z', tpCode: '1211', bad: () => id }),
    };
    await expect(appendWithEvent(db, request)).rejects.toThrow();
    expect(await db.outbox.count()).toBe(0);
    expect(await db.protocolUsage.count()).toBe(0);
  });

  it('keeps no record when the event write fails', async () => {
    const db = freshDb();
    const request = {
      ...usage('1211'),
      // A payload that cannot be cloned into IndexedDB makes the event write throw after the record was added.
      payload: () => ({ callback: () => 'not storable' }),
    };
    await expect(appendWithEvent(db, request)).rejects.toThrow();
    expect(await db.protocolUsage.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('leaves earlier records and events untouched when a later append fails', async () => {
    const db = freshDb();
    await appendWithEvent(db, usage('1210'));
    await expect(appendWithEvent(db, { ...usage('1211'), payload: () => ({ f: () => 1 }) })).rejects.toThrow();
    expect(await db.protocolUsage.count()).toBe(1);
    expect((await pendingEvents(db)).map((e) => e.payload['tp_code'])).toEqual(['1210']);
  });
});

describe('pending events', () => {
  it('lists pending events oldest first and counts them by kind', async () => {
    const db = freshDb();
    await appendWithEvent(db, usage('1211'), new Date('2026-11-25T10:00:02Z'));
    await appendWithEvent(db, usage('1231-P'), new Date('2026-11-25T10:00:01Z'));
    await appendWithEvent(
      db,
      {
        table: 'narratives',
        kind: 'narrative',
        record: (id) => ({ id, createdAt: '2026-11-25T10:00:03.000Z', text: 'draft' }),
        payload: () => ({ format: 'soap' }),
      },
      new Date('2026-11-25T10:00:03Z'),
    );
    expect((await pendingEvents(db)).map((e) => e.kind)).toEqual(['protocol_usage', 'protocol_usage', 'narrative']);
    expect((await pendingEvents(db))[0]?.payload).toEqual({ tp_code: '1231-P' });
    expect(await pendingCountsByKind(db)).toEqual({
      narrative: 1,
      protocol_usage: 2,
      dosing_calculation: 0,
      audit: 0,
      patient_context: 0,
    });
  });

  it('refuses to hand out a stored event that no longer matches the envelope', async () => {
    const db = freshDb();
    await db.outbox.add({ id: 'not-a-uuid', kind: 'audit', createdAt: 'yesterday', payload: {}, attempts: 0, nextAttemptAt: 0, lastError: null });
    await expect(pendingEvents(db)).rejects.toThrow(/UUID v7/);
  });
});
