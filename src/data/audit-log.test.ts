import { afterEach, describe, expect, it } from 'vitest';
import { RigsideDb } from './db';
import { createAuditLog } from './audit-log';
import type { AuditAction } from '../domain/audit/actions';

const open: RigsideDb[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.delete();
});

describe('audit log', () => {
  it('records an audit event and queues it for the server in the same write', async () => {
    const db = new RigsideDb(`test-audit-${crypto.randomUUID()}`);
    open.push(db);
    const audit = createAuditLog(db, () => new Date('2026-11-25T08:30:00Z'));
    const event = await audit.record('protocol_viewed', { tp_code: '1211' });
    expect(await db.auditEvents.get(event.id)).toEqual({
      id: event.id,
      action: 'protocol_viewed',
      occurredAt: '2026-11-25T08:30:00.000Z',
      details: { tp_code: '1211' },
    });
    expect(await db.outboxEvents.where('id').equals(event.id).first()).toMatchObject({
      kind: 'audit',
      payload: { action: 'protocol_viewed', details: { tp_code: '1211' } },
    });
  });

  it('refuses an unknown action and writes nothing', async () => {
    const db = new RigsideDb(`test-audit-${crypto.randomUUID()}`);
    open.push(db);
    const audit = createAuditLog(db);
    await expect(audit.record('coffee_break' as AuditAction)).rejects.toThrow();
    await expect(audit.record('search_performed', { nested: { not: 'allowed' } } as never)).rejects.toThrow();
    expect(await db.auditEvents.count()).toBe(0);
    expect(await db.outboxEvents.count()).toBe(0);
  });
});
