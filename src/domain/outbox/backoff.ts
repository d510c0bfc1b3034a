/**
 * Exponential backoff with full jitter and a cap (DESIGN.md, Sync): retries never end
 * while the data is kept, they only space out. `random` is injected so tests are exact.
 */
export interface BackoffPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 2_000, maxDelayMs: 15 * 60_000 };

export function retryDelayMs(
  attempts: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts));
  const jittered = Math.round(ceiling * random());
  // A server's Retry-After is a floor, never shortened by jitter.
  return retryAfterMs !== undefined ? Math.max(retryAfterMs, jittered) : jittered;
}
