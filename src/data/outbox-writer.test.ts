import { afterEach, describe, expect, it } from 'vitest';
import { RigsideDb } from './db';
import { commitAct, type RecordWrite } from './outbox-writer';
import { newRecordId } from './record-id';
import { deadLetters, pendingCountsByKind, pendingEvents } from './outbox-store';

const open: RigsideDb[] = [];
function freshDb() {
  const db = new RigsideDb(`test-outbox-${crypto.randomUUID()}`);
  open.push(db);
  return db;
}
afterEach(async () => {
  for (const db of open.splice(0)) await db.delete();
});

const AUTHOR = '0b7a2f9e-1c44-4d5e-9a61-2f3b4c5d6e7f';
const at = (iso: string) => ({ now: new Date(iso), authorId: AUTHOR });

function usage(tpCode: string, now: Date, extra: Record<string, unknown> = {}): RecordWrite {
  const id = newRecordId(now);
  return {
    table: 'protocolUsage',
    row: { id, createdAt: now.toISOString(), tpCode, ...extra },
    kind: 'protocol_usage',
    payload: { tp_code: tpCode },
  };
}

describe('commitAct, the one outbox writer', () => {
  it('writes the record, its audit event and both outbox events together, stamped with the author', async () => {
    const db = freshDb();
    const stamp = at('2026-11-25T10:00:00Z');
    const write = usage('1211', stamp.now);
    const { events, audits } = await commitAct(db, stamp, {
      records: [write],
      audits: [{ action: 'protocol_viewed', details: { tp_code: '1211' } }],
    });
    expect(events.map((e) => e.id)).toEqual([write.row.id, audits[0]?.id]);
    expect(await db.protocolUsage.get(write.row.id)).toMatchObject({ tpCode: '1211', authorId: AUTHOR });
    expect(await db.auditEvents.count()).toBe(1);
    const queued = await pendingEvents(db);
    expect(queued.map((e) => [e.kind, e.authorId, e.createdAt])).toEqual([
      ['protocol_usage', AUTHOR, '2026-11-25T10:00:00.000Z'],
      ['audit', AUTHOR, '2026-11-25T10:00:00.000Z'],
    ]);
    expect(queued[0]?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('numbers events with one increasing sequence, whatever their clocks say', async () => {
    const db = freshDb();
    await commitAct(db, at('2026-11-25T10:00:02Z'), { records: [usage('1211', new Date('2026-11-25T10:00:02Z'))] });
    await commitAct(db, at('2026-11-25T10:00:01Z'), { records: [usage('1231-P', new Date('2026-11-25T10:00:01Z'))] });
    const queued = await pendingEvents(db);
    expect(queued.map((e) => e.payload['tp_code'])).toEqual(['1211', '1231-P']);
    expect((queued[1]?.seq ?? 0) > (queued[0]?.seq ?? 0)).toBe(true);
    expect(await pendingCountsByKind(db)).toEqual({
      narrative: 0,
      protocol_usage: 2,
      dosing_calculation: 0,
      audit: 0,
      patient_context: 0,
      call_closed: 0,
    });
  });

  it('keeps nothing when the record write fails', async () => {
    const db = freshDb();
    const stamp = at('2026-11-25T10:00:00Z');
    // A record IndexedDB cannot clone makes its write throw inside the transaction.
    const bad = usage('1211', stamp.now, { callback: () => 'not storable' });
    await expect(commitAct(db, stamp, { records: [bad], audits: [{ action: 'protocol_viewed' }] })).rejects.toThrow();
    expect(await db.outboxEvents.count()).toBe(0);
    expect(await db.auditEvents.count()).toBe(0);
    expect(await db.protocolUsage.count()).toBe(0);
  });

  it('refuses a payload the server could never store, before anything is written', async () => {
    const db = freshDb();
    const stamp = at('2026-11-25T10:00:00Z');
    for (const payload of [
      { note: 'a\u0000b' },
      { note: 'broken \ud800 half' },
      { deep: JSON.parse('['.repeat(40) + ']'.repeat(40)) as unknown },
    ]) {
      const write = { ...usage('1211', stamp.now), payload };
      await expect(commitAct(db, stamp, { records: [write] })).rejects.toThrow(/NUL|broken character|nested/);
    }
    expect(await db.outboxEvents.count()).toBe(0);
    expect(await db.protocolUsage.count()).toBe(0);
  });

  it('leaves earlier acts untouched when a later one fails', async () => {
    const db = freshDb();
    await commitAct(db, at('2026-11-25T10:00:00Z'), { records: [usage('1210', new Date())] });
    await expect(
      commitAct(db, at('2026-11-25T10:00:01Z'), { records: [usage('1211', new Date(), { f: () => 1 })] }),
    ).rejects.toThrow();
    expect((await pendingEvents(db)).map((e) => e.payload['tp_code'])).toEqual(['1210']);
  });

  it('refuses to hand out a stored event that no longer matches the envelope', async () => {
    const db = freshDb();
    await db.outboxEvents.add({
      id: 'not-a-uuid',
      kind: 'audit',
      createdAt: 'yesterday',
      payload: {},
      attempts: 0,
      nextAttemptAt: 0,
      lastError: null,
      authorId: null,
    } as never);
    await expect(pendingEvents(db)).rejects.toThrow(/UUID v7/);
    expect(await deadLetters(db)).toEqual([]);
  });
});
