import { z } from 'zod';

/**
 * What an `ingest_events` call came back with, and what the replayer must do about it
 * (DESIGN.md, Sync). Pure: the adapter (src/sync/client.ts) turns a supabase-js
 * answer into a TransportResult, this decides.
 */
export type TransportResult =
  | { kind: 'response'; status: number; body: unknown }
  | { kind: 'network_error'; message: string }
  | { kind: 'timeout' };

/** The server's word on one event (the ingest_events contract, README "Sync"). */
export const verdictSchema = z.object({
  id: z.string(),
  status: z.enum(['accepted', 'duplicate', 'rejected']),
  code: z.string().nullable(),
  reason: z.string().nullable(),
  retry_after_seconds: z.number().int().min(0).nullable().optional(),
});
export type Verdict = z.infer<typeof verdictSchema>;

/** Rejections that mean "send again later", never "this event is wrong". */
export const WAIT_CODES = new Set(['RATE_LIMITED', 'BANNED']);

export type BatchOutcome =
  /** Every event has its verdict. */
  | { kind: 'verdicts'; verdicts: Verdict[] }
  /** Network, timeout, 5xx or an answer that does not parse: back off and resend it all. */
  | { kind: 'transient'; reason: string }
  /** 429 or 503: the server asks for a pause, `retryAfterMs` when it said how long. */
  | { kind: 'server_busy'; retryAfterMs: number | undefined; reason: string }
  /** 401: the access token is no good; refresh once, else ask the crew to sign in again. */
  | { kind: 'unauthorized'; reason: string }
  /** 403: this account may not sync at all (no active profile): no event is at fault. */
  | { kind: 'forbidden'; reason: string }
  /** 404: the function is not there (migrations not applied): pause, nothing is wrong with the data. */
  | { kind: 'not_ready'; reason: string }
  /** Another 4xx for the whole batch: one of its events is poison; bisect to find it. */
  | { kind: 'batch_refused'; code: string; reason: string };

const errorBodySchema = z
  .object({
    code: z.string().nullable().optional(),
    message: z.string().nullable().optional(),
    retry_after_seconds: z.number().nullable().optional(),
  })
  .passthrough();

export function classifyIngestResult(result: TransportResult, sentIds: readonly string[]): BatchOutcome {
  if (result.kind === 'timeout') return { kind: 'transient', reason: 'the server did not answer in time' };
  if (result.kind === 'network_error')
    return { kind: 'transient', reason: `no connection to the server (${result.message})` };
  const { status, body } = result;
  const error = errorBodySchema.safeParse(body);
  const message = (error.success && error.data.message) || `HTTP ${status}`;

  if (status >= 200 && status < 300) {
    const parsed = z.array(verdictSchema).safeParse(body);
    if (!parsed.success)
      return { kind: 'transient', reason: 'the server answered with something that is not a list of verdicts' };
    const byId = new Map(parsed.data.map((v) => [v.id, v]));
    if (byId.size !== parsed.data.length || sentIds.length !== byId.size || sentIds.some((id) => !byId.has(id))) {
      return { kind: 'transient', reason: 'the server’s answer did not cover every event sent' };
    }
    return { kind: 'verdicts', verdicts: sentIds.map((id) => byId.get(id) as Verdict) };
  }
  if (status === 429 || status === 503) {
    const seconds = error.success ? error.data.retry_after_seconds : undefined;
    return {
      kind: 'server_busy',
      retryAfterMs: typeof seconds === 'number' ? seconds * 1000 : undefined,
      reason: status === 429 ? `the server asked to slow down (${message})` : `the server is busy (${message})`,
    };
  }
  if (status >= 500 || status === 0) return { kind: 'transient', reason: `server error ${status}: ${message}` };
  if (status === 401) return { kind: 'unauthorized', reason: message };
  if (status === 403) return { kind: 'forbidden', reason: message };
  if (status === 404) return { kind: 'not_ready', reason: message };
  if (status === 408) return { kind: 'transient', reason: 'the server timed out reading the request' };
  const code = (error.success && error.data.code) || `HTTP_${status}`;
  return { kind: 'batch_refused', code, reason: message };
}

/** Where a new batch stops: at most 50 events or 256 KB of JSON (DESIGN.md, Sync). */
export const MAX_BATCH_EVENTS = 50;
export const MAX_BATCH_BYTES = 256 * 1024;

/** The longest prefix of `sizes` (bytes per event, in send order) that fits one batch; at least one. */
export function batchLength(
  sizes: readonly number[],
  maxEvents = MAX_BATCH_EVENTS,
  maxBytes = MAX_BATCH_BYTES,
): number {
  let bytes = 2;
  let count = 0;
  for (const size of sizes) {
    if (count >= maxEvents || (count > 0 && bytes + size + 1 > maxBytes)) break;
    bytes += size + 1;
    count++;
  }
  return count;
}
