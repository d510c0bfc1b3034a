import type { RigsideDb, StoredRecord } from './db';
import { appendWithEvent } from './outbox-store';

/** How a crew used a protocol: opened it, or applied it to the patient in front of them. */
export type ProtocolUsageAction = 'viewed' | 'applied';

export interface ProtocolUsageRecord extends StoredRecord {
  tpCode: string;
  action: ProtocolUsageAction;
  /** The search text that led here, when there was one (never patient identifiers). */
  query: string | null;
  contextId: string | null;
  datasetVersion: string | null;
}

export interface ProtocolUsageInput {
  tpCode: string;
  action: ProtocolUsageAction;
  query?: string | null;
  contextId?: string | null;
  datasetVersion?: string | null;
}

/** Records a protocol use locally and queues it for the server, in one transaction. */
export async function recordProtocolUsage(db: RigsideDb, input: ProtocolUsageInput, now = new Date()): Promise<ProtocolUsageRecord> {
  const { record } = await appendWithEvent<ProtocolUsageRecord>(
    db,
    {
      table: 'protocolUsage',
      kind: 'protocol_usage',
      record: (id) => ({
        id,
        createdAt: now.toISOString(),
        tpCode: input.tpCode,
        action: input.action,
        query: input.query ?? null,
        contextId: input.contextId ?? null,
        datasetVersion: input.datasetVersion ?? null,
      }),
      payload: (r) => ({
        tp_code: r.tpCode,
        action: r.action,
        query: r.query,
        context_id: r.contextId,
        dataset_version: r.datasetVersion,
      }),
    },
    now,
  );
  return record;
}

/** The last distinct protocols this device opened, newest first. */
export async function recentProtocols(db: RigsideDb, limit = 5): Promise<string[]> {
  const seen: string[] = [];
  await db.protocolUsage
    .orderBy('createdAt')
    .reverse()
    .until(() => seen.length >= limit)
    .each((row) => {
      const code = (row as ProtocolUsageRecord).tpCode;
      if (!seen.includes(code)) seen.push(code);
    });
  return seen;
}

/** The protocols this device used most, by count of uses, ties broken by code. */
export async function mostUsedProtocols(db: RigsideDb, limit = 5): Promise<Array<{ tpCode: string; uses: number }>> {
  const counts = new Map<string, number>();
  await db.protocolUsage.each((row) => {
    const code = (row as ProtocolUsageRecord).tpCode;
    counts.set(code, (counts.get(code) ?? 0) + 1);
  });
  return [...counts]
    .map(([tpCode, uses]) => ({ tpCode, uses }))
    .sort((a, b) => b.uses - a.uses || a.tpCode.localeCompare(b.tpCode))
    .slice(0, limit);
}
