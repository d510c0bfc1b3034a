import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import {
  countByKind,
  newOutboxEvent,
  outboxEventSchema,
  type EventKind,
  type OutboxEvent,
} from '../domain/outbox/event';
import type { RecordTableName, RigsideDb } from './db';

export interface AppendRequest<R extends { id: string }> {
  table: RecordTableName;
  /** Builds the record from the id it will share with its outbox event. */
  record: (id: string) => R;
  kind: EventKind;
  payload: (record: R) => Record<string, unknown>;
}

/**
 * Appends a record and the outbox event that carries it in ONE IndexedDB transaction
 * (DESIGN.md, Sync: nothing is recorded that is not queued). If either write fails,
 * neither is kept, and the error propagates to the caller.
 */
export async function appendWithEvent<R extends { id: string }>(
  db: RigsideDb,
  request: AppendRequest<R>,
  now: Date = new Date(),
): Promise<{ record: R; event: OutboxEvent }> {
  const id = uuidv7({ msecs: now.getTime() });
  const record = request.record(id);
  const event = newOutboxEvent(id, request.kind, request.payload(record), now);
  const table = db.table(request.table);
  await db.transaction('rw', table, db.outbox, async () => {
    await table.add(record);
    await db.outbox.add(event);
  });
  return { record, event };
}

const storedEvents = z.array(outboxEventSchema);

/** Pending events, oldest first, validated on read: stored data outlives the code that wrote it. */
export async function pendingEvents(db: RigsideDb): Promise<OutboxEvent[]> {
  const rows = await db.outbox.orderBy('createdAt').toArray();
  return storedEvents.parse(rows);
}

export async function pendingCountsByKind(db: RigsideDb): Promise<Record<EventKind, number>> {
  return countByKind(await db.outbox.toArray());
}
