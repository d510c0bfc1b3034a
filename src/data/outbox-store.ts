import { z } from 'zod';
import {
  countByKind,
  deadLetterSchema,
  outboxEventSchema,
  type DeadLetter,
  type EventKind,
  type OutboxEvent,
} from '../domain/outbox/event';
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

export interface OutboxSummary {
  total: number;
  byKind: Record<EventKind, number>;
  /** Events of the signed-in crew member, of nobody (made before any sign-in), of someone else. */
  mine: number;
  unowned: number;
  others: number;
  oldestCreatedAt: string | null;
  /** The newest events, newest first, for the list on Sync status. */
  latest: OutboxEvent[];
}

/**
 * What Sync status shows, from index counts: it re-runs after every change, so it must not
 * read (and parse) thousands of queued events each time.
 */
export async function outboxSummary(db: RigsideDb, me: string | null, latest = 50): Promise<OutboxSummary> {
  const kinds = countByKind([]);
  const [total, perKind, mine, owned, oldest, newest] = await Promise.all([
    db.outboxEvents.count(),
    Promise.all(
      (Object.keys(kinds) as EventKind[]).map(
        async (k) => [k, await db.outboxEvents.where('kind').equals(k).count()] as const,
      ),
    ),
    me ? db.outboxEvents.where('authorId').equals(me).count() : Promise.resolve(0),
    // IndexedDB does not index null: this counts every event that has an author.
    db.outboxEvents.where('authorId').above('').count(),
    db.outboxEvents.orderBy('seq').first(),
    db.outboxEvents.orderBy('seq').reverse().limit(latest).toArray(),
  ]);
  return {
    total,
    byKind: Object.fromEntries(perKind) as Record<EventKind, number>,
    mine,
    unowned: total - owned,
    others: owned - mine,
    oldestCreatedAt: oldest?.createdAt ?? null,
    latest: newest.map((row) => outboxEventSchema.parse(row)),
  };
}
