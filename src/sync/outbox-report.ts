import type { RigsideDb } from '../data/db';
import type { TransportResult } from '../domain/sync/classify';

/**
 * What the device tells the server about its outbox after a send (the console's sync health):
 * how many of the signed-in crew member's events wait, since when, and the events the server
 * refused, by kind, code and reason: never their content.
 */
export interface OutboxReport {
  device_id: string;
  pending: number;
  oldest_pending_at: string | null;
  refused: Array<{ kind: string; code: string; reason: string; rejected_at: string }>;
  refused_count: number;
  app_version: string | null;
}

const REFUSED_SENT = 20;

export async function outboxReport(
  db: RigsideDb,
  userId: string,
  deviceId: string,
  appVersion: string | null,
): Promise<OutboxReport> {
  const mine = db.outboxEvents.where('authorId').equals(userId);
  const [pending, first, letters] = await Promise.all([
    mine.count(),
    // The author's oldest waiting event: the outbox is in the device's order.
    db.outboxEvents
      .orderBy('seq')
      .filter((e) => e.authorId === userId)
      .first(),
    db.deadLetters.filter((d) => d.authorId === userId).toArray(),
  ]);
  const newest = [...letters].sort((a, b) => (a.rejectedAt < b.rejectedAt ? 1 : -1)).slice(0, REFUSED_SENT);
  return {
    device_id: deviceId,
    pending,
    oldest_pending_at: first?.createdAt ?? null,
    refused: newest.map((d) => ({
      kind: d.kind,
      code: d.code,
      reason: d.reason.slice(0, 300),
      rejected_at: d.rejectedAt,
    })),
    refused_count: letters.length,
    app_version: appVersion,
  };
}

/** A report is sent when it says something new, or at least every `everyMs` while it holds. */
export function createOutboxReporter(send: (report: OutboxReport) => Promise<TransportResult>, everyMs = 5 * 60_000) {
  let last: { key: string; at: number } | null = null;
  return async function report(next: OutboxReport, nowMs: number): Promise<'sent' | 'unchanged' | 'failed'> {
    const key = JSON.stringify(next);
    if (last && last.key === key && nowMs - last.at < everyMs) return 'unchanged';
    const result = await send(next);
    if (result.kind !== 'response' || result.status !== 200) return 'failed';
    last = { key, at: nowMs };
    return 'sent';
  };
}
