/**
 * Exponential backoff with full jitter and a cap (DESIGN.md, Sync): retries never end
 * while the data is kept, they only space out. Randomness is passed in: the domain reads none.
 */
export interface BackoffPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
}

/** `random(0, min(5 min, 2 s * 2^n))`, n = consecutive failed batches. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 2_000, maxDelayMs: 5 * 60_000 };

/** A server that asks for a pause (429/503) is never waited on longer than this. */
export const MAX_SERVER_WAIT_MS = 15 * 60_000;

export function retryDelayMs(
  attempts: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  /** A value in [0, 1): the caller's randomness (Math.random in the replayer), so the domain stays pure and tests exact. */
  random: () => number,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts));
  const jittered = Math.round(ceiling * random());
  // A server's retry time is a floor, never shortened by jitter, and never longer than MAX_SERVER_WAIT_MS.
  return retryAfterMs !== undefined ? Math.min(MAX_SERVER_WAIT_MS, Math.max(retryAfterMs, jittered)) : jittered;
}
