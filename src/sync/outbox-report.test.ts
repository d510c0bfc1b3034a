import { afterEach, describe, expect, it } from 'vitest';
import { RigsideDb } from '../data/db';
import type { TransportResult } from '../domain/sync/classify';
import { createOutboxReporter, outboxReport, type OutboxReport } from './outbox-report';

let db: RigsideDb;
afterEach(async () => {
  await db.delete();
});

const ME = '0190a6f2-0000-7000-8000-000000000001';
const OTHER = '0190a6f2-0000-7000-8000-000000000002';
const DEVICE = '0190a6f2-0000-7000-8000-00000000000d';

function event(id: number, authorId: string | null, createdAt: string) {
  return {
    id: `0190a6f2-0000-7000-8000-${String(id).padStart(12, '0')}`,
    kind: 'narrative' as const,
    createdAt,
    payload: { content: 'Patient John Doe' },
    authorId,
    attempts: 0,
    nextAttemptAt: 0,
    lastError: null,
  };
}

describe('the outbox report for sync health', () => {
  it('counts the crew member’s waiting events and names refused ones by code and reason, never content', async () => {
    db = new RigsideDb(`report-${crypto.randomUUID()}`);
    await db.outboxEvents.bulkAdd([
      event(1, OTHER, '2026-11-25T08:00:00.000Z'),
      event(2, ME, '2026-11-25T09:00:00.000Z'),
      event(3, ME, '2026-11-25T10:00:00.000Z'),
    ]);
    await db.deadLetters.add({
      ...event(4, ME, '2026-11-25T07:00:00.000Z'),
      seq: 4,
      rejectedAt: '2026-11-25T07:01:00.000Z',
      code: 'PAYLOAD_INVALID',
      reason: 'payload.format must be soap',
    });
    const report = await outboxReport(db, ME, DEVICE, '0.1.0');
    expect(report).toEqual({
      device_id: DEVICE,
      pending: 2,
      oldest_pending_at: '2026-11-25T09:00:00.000Z',
      refused_count: 1,
      app_version: '0.1.0',
      refused: [
        {
          kind: 'narrative',
          code: 'PAYLOAD_INVALID',
          reason: 'payload.format must be soap',
          rejected_at: '2026-11-25T07:01:00.000Z',
        },
      ],
    });
    expect(JSON.stringify(report)).not.toContain('John Doe');
  });

  it('sends a report only when it changed, or again after a while', async () => {
    const sent: OutboxReport[] = [];
    const reporter = createOutboxReporter((r) => {
      sent.push(r);
      return Promise.resolve<TransportResult>({ kind: 'response', status: 200, body: {} });
    }, 60_000);
    const base: OutboxReport = {
      device_id: DEVICE,
      pending: 1,
      oldest_pending_at: null,
      refused: [],
      refused_count: 0,
      app_version: null,
    };
    expect(await reporter(base, 0)).toBe('sent');
    expect(await reporter(base, 30_000)).toBe('unchanged');
    expect(await reporter({ ...base, pending: 0 }, 31_000)).toBe('sent');
    expect(await reporter({ ...base, pending: 0 }, 92_000)).toBe('sent');
    expect(sent).toHaveLength(3);
  });
});
