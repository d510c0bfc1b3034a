import type { RigsideDb, StoredRecord } from './db';
import type { RecordWrite } from './outbox-writer';
import { newRecordId } from './record-id';

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

/** The record of a protocol use and the payload of the event that carries it. */
export function protocolUsageWrite(input: ProtocolUsageInput, now: Date): RecordWrite & { row: ProtocolUsageRecord } {
  const row: ProtocolUsageRecord = {
    id: newRecordId(now),
    createdAt: now.toISOString(),
    tpCode: input.tpCode,
    action: input.action,
    query: input.query ?? null,
    contextId: input.contextId ?? null,
    datasetVersion: input.datasetVersion ?? null,
  };
  return {
    table: 'protocolUsage',
    row,
    kind: 'protocol_usage',
    payload: {
      tp_code: row.tpCode,
      action: row.action,
      query: row.query,
      context_id: row.contextId,
      dataset_version: row.datasetVersion,
    },
  };
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

/**
 * The protocols this device used most, by count of uses, ties broken by code. Counted from the
 * tpCode index alone: a rig's months of usage records are not read (the first screen shows this).
 */
export async function mostUsedProtocols(db: RigsideDb, limit = 5): Promise<Array<{ tpCode: string; uses: number }>> {
  const counts = new Map<string, number>();
  for (const code of await db.protocolUsage.orderBy('tpCode').keys()) {
    if (typeof code === 'string') counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return [...counts]
    .map(([tpCode, uses]) => ({ tpCode, uses }))
    .sort((a, b) => b.uses - a.uses || a.tpCode.localeCompare(b.tpCode))
    .slice(0, limit);
}
