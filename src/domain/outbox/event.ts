import { z } from 'zod';

/**
 * What the device records and the server ingests (`ingest_events`). The kinds are the
 * server's; a new kind needs a server migration first.
 */
export const eventKindSchema = z.enum([
  'narrative',
  'protocol_usage',
  'dosing_calculation',
  'audit',
  'patient_context',
]);
export type EventKind = z.infer<typeof eventKindSchema>;
export const EVENT_KINDS = eventKindSchema.options;

const uuidV7 = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'an event id is a UUID v7');

/**
 * One queued event. `id` is the server's idempotency key; `attempts`, `nextAttemptAt` and
 * `lastError` belong to the replayer and never reach the server.
 */
export const outboxEventSchema = z.object({
  id: uuidV7,
  kind: eventKindSchema,
  /** ISO 8601, when the thing happened on the device. */
  createdAt: z.string().datetime({ offset: true }),
  payload: z.record(z.string(), z.unknown()),
  attempts: z.number().int().min(0),
  /** Epoch milliseconds; the replayer skips the event until then. */
  nextAttemptAt: z.number().int().min(0),
  lastError: z.string().nullable(),
});
export type OutboxEvent = z.infer<typeof outboxEventSchema>;

/** The shape `ingest_events` receives. */
export function toWireEvent(event: OutboxEvent) {
  return { id: event.id, kind: event.kind, occurred_at: event.createdAt, payload: event.payload };
}

export function newOutboxEvent(
  id: string,
  kind: EventKind,
  payload: Record<string, unknown>,
  now: Date,
): OutboxEvent {
  return outboxEventSchema.parse({
    id,
    kind,
    createdAt: now.toISOString(),
    payload,
    attempts: 0,
    nextAttemptAt: now.getTime(),
    lastError: null,
  });
}

/** Counts per kind, every kind present (zero when none), for the Sync status view. */
export function countByKind(events: readonly Pick<OutboxEvent, 'kind'>[]): Record<EventKind, number> {
  const counts = Object.fromEntries(EVENT_KINDS.map((k) => [k, 0])) as Record<EventKind, number>;
  for (const e of events) counts[e.kind] += 1;
  return counts;
}
