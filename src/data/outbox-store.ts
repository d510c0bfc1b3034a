import { z } from 'zod';
import { countByKind, deadLetterSchema, outboxEventSchema, type DeadLetter, type EventKind, type OutboxEvent } from '../domain/outbox/event';
import type { RigsideDb } from './db';

const storedEvents = z.array(outboxEventSchema);

/** Pending events in the device's order, validated on read: stored data outlives the code that wrote it. */
export async function pendingEvents(db: RigsideDb): Promise<OutboxEvent[]> {
  return storedEvents.parse(await db.outboxEvents.orderBy('seq').toArray());
}

export async function pendingCountsByKind(db: RigsideDb): Promise<Record<EventKind, number>> {
  return countByKind(await db.outboxEvents.toArray());
}

export async function deadLetters(db: RigsideDb): Promise<DeadLetter[]> {
  return z.array(deadLetterSchema).parse(await db.deadLetters.orderBy('seq').toArray());
}
