import { newRecordId } from './record-id';
import {
  auditActionSchema,
  auditDetailsSchema,
  type AuditAction,
  type AuditDetails,
  type AuditEvent,
} from '../domain/audit/actions';
import { newOutboxEvent, type EventKind, type NewOutboxEvent } from '../domain/outbox/event';
import type { PatientContextRow, RecordTableName, RigsideDb, StoredRecord } from './db';

/**
 * The one outbox writer (DESIGN.md, Sync): a clinical act writes its records, its audit
 * events and the outbox events that carry them in ONE IndexedDB transaction, so nothing is
 * recorded that is not queued and nothing is queued that is not recorded. Every event is
 * stamped with who was signed in when it happened, not when it is sent.
 */

/** When the act happened and who did it (null: nobody signed in; held until claimed). */
export interface Stamp {
  now: Date;
  authorId: string | null;
}

/** A record and the event that carries it; the record's id is its event's id. */
export interface RecordWrite {
  table: RecordTableName;
  row: StoredRecord;
  kind: EventKind;
  payload: Record<string, unknown>;
}

export interface ActWrites {
  records?: RecordWrite[];
  /** A sealed patient context and the payload of the event that carries its ciphertext. */
  patientContext?: { row: PatientContextRow; payload: Record<string, unknown> };
  audits?: Array<{ action: AuditAction; details?: AuditDetails }>;
}

export interface CommittedAct {
  events: NewOutboxEvent[];
  audits: AuditEvent[];
}

type WriteListener = (act: CommittedAct) => void;
const listeners = new Set<WriteListener>();

/** Called after every committed act (the page's sync runner sends soon after a write). */
export function onOutboxWrite(listener: WriteListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function commitAct(db: RigsideDb, stamp: Stamp, writes: ActWrites): Promise<CommittedAct> {
  const { now, authorId } = stamp;
  const events: NewOutboxEvent[] = [];
  for (const r of writes.records ?? []) events.push(newOutboxEvent(r.row.id, r.kind, r.payload, now, authorId));
  if (writes.patientContext)
    events.push(newOutboxEvent(newRecordId(now), 'patient_context', writes.patientContext.payload, now, authorId));
  const audits: AuditEvent[] = (writes.audits ?? []).map((a) => ({
    id: newRecordId(now),
    action: auditActionSchema.parse(a.action),
    occurredAt: now.toISOString(),
    details: auditDetailsSchema.parse(a.details ?? {}),
  }));
  for (const a of audits)
    events.push(newOutboxEvent(a.id, 'audit', { action: a.action, details: a.details }, now, authorId));

  const recordTables = [...new Set((writes.records ?? []).map((r) => r.table))].map((t) => db.table(t));
  const tables = [
    db.outboxEvents,
    db.auditEvents,
    ...(writes.patientContext ? [db.patientContexts] : []),
    ...recordTables,
  ];
  await db.transaction('rw', tables, async () => {
    for (const r of writes.records ?? []) await db.table(r.table).add({ ...r.row, authorId });
    if (writes.patientContext) await db.patientContexts.put(writes.patientContext.row);
    if (audits.length > 0) await db.auditEvents.bulkAdd(audits);
    await db.outboxEvents.bulkAdd(events);
  });
  const act = { events, audits };
  for (const listener of listeners) listener(act);
  return act;
}
