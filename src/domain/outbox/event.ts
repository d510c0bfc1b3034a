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
  'call_closed',
]);
export type EventKind = z.infer<typeof eventKindSchema>;
export const EVENT_KINDS = eventKindSchema.options;

const uuidV7 = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'an event id is a UUID v7');

/** Deepest nesting and largest JSON a payload may have: one event must fit a 256 KB batch. */
export const MAX_PAYLOAD_DEPTH = 16;
export const MAX_PAYLOAD_BYTES = 200_000;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a payload could never be stored by the server, or null. Postgres `jsonb` refuses a NUL
 * character and a lone UTF-16 surrogate, and a payload nested thousands deep fails the whole
 * request: such an event must be refused here, before it is queued (DESIGN.md, Sync).
 */
export function payloadProblem(payload: unknown): string | null {
  let problem: string | null = null;
  const visit = (value: unknown, depth: number, path: string): void => {
    if (problem) return;
    if (depth > MAX_PAYLOAD_DEPTH) {
      problem = `${path} is nested more than ${MAX_PAYLOAD_DEPTH} levels deep`;
      return;
    }
    if (typeof value === 'string') {
      if (value.includes('\u0000')) problem = `${path} contains a NUL character`;
      else if (LONE_SURROGATE.test(value)) problem = `${path} contains a broken character (a lone surrogate)`;
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) problem = `${path} is not a finite number`;
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, depth + 1, `${path}[${i}]`));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (LONE_SURROGATE.test(key) || key.includes('\u0000')) problem = `${path} has a key with a broken character`;
        visit(item, depth + 1, `${path}.${key}`);
      }
    }
  };
  visit(payload, 0, 'payload');
  if (problem) return problem;
  const bytes = new TextEncoder().encode(JSON.stringify(payload)).length;
  return bytes > MAX_PAYLOAD_BYTES ? `payload is ${bytes} bytes; at most ${MAX_PAYLOAD_BYTES} can be sent` : null;
}

export const payloadSchema = z.record(z.string(), z.unknown()).superRefine((payload, ctx) => {
  const problem = payloadProblem(payload);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/**
 * One queued event, as a clinical act writes it. `id` is the server's idempotency key;
 * `authorId` is who was signed in when it happened (null: nobody, held until a crew member
 * claims it); `attempts`, `nextAttemptAt` and `lastError` belong to the replayer.
 */
export const newOutboxEventSchema = z.object({
  id: uuidV7,
  kind: eventKindSchema,
  /** ISO 8601, when the thing happened on the device. */
  createdAt: z.string().datetime({ offset: true }),
  payload: payloadSchema,
  authorId: z.string().uuid().nullable(),
  attempts: z.number().int().min(0),
  /** Epoch milliseconds; the replayer skips the event until then. */
  nextAttemptAt: z.number().int().min(0),
  lastError: z.string().nullable(),
});
export type NewOutboxEvent = z.infer<typeof newOutboxEventSchema>;

/**
 * A stored event: `seq` is the outbox's auto-increment (one counter for the page and the
 * worker, unlike UUID v7 which each context generates on its own clock), the device's order.
 * Read leniently on the payload: an event stored by an older version that breaks today's
 * payload rules is parked by the replayer (payloadProblem), not allowed to block the queue.
 */
export const outboxEventSchema = newOutboxEventSchema.extend({
  seq: z.number().int().positive(),
  payload: z.record(z.string(), z.unknown()),
});
export type OutboxEvent = z.infer<typeof outboxEventSchema>;

/** An event the server (or the replayer) refused, parked with its verdict until the crew retries, exports or discards it. */
export const deadLetterSchema = outboxEventSchema.extend({
  rejectedAt: z.string().datetime({ offset: true }),
  code: z.string(),
  reason: z.string(),
});
export type DeadLetter = z.infer<typeof deadLetterSchema>;

/** The shape `ingest_events` receives. */
export interface WireEvent {
  id: string;
  kind: EventKind;
  occurred_at: string;
  payload: Record<string, unknown>;
  device_id: string;
  seq: number;
}

export function toWireEvent(event: OutboxEvent, deviceId: string): WireEvent {
  return {
    id: event.id,
    kind: event.kind,
    occurred_at: event.createdAt,
    payload: event.payload,
    device_id: deviceId,
    seq: event.seq,
  };
}

/** Builds a new event; throws on a payload the server could never store (a bug in the caller). */
export function newOutboxEvent(
  id: string,
  kind: EventKind,
  payload: Record<string, unknown>,
  now: Date,
  authorId: string | null,
): NewOutboxEvent {
  return newOutboxEventSchema.parse({
    id,
    kind,
    createdAt: now.toISOString(),
    payload,
    authorId,
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
