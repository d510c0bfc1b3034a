import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff';

const policy = { baseDelayMs: 1_000, maxDelayMs: 60_000 };

describe('retryDelayMs', () => {
  it('doubles the ceiling with each attempt', () => {
    expect([0, 1, 2, 3].map((n) => retryDelayMs(n, policy, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });
  it('never waits longer than the cap, however many attempts', () => {
    expect(retryDelayMs(40, policy, () => 1)).toBe(60_000);
  });
  it('spreads retries with full jitter', () => {
    expect(retryDelayMs(3, policy, () => 0.5)).toBe(4_000);
    expect(retryDelayMs(3, policy, () => 0)).toBe(0);
  });
  it('treats a server Retry-After as a floor', () => {
    expect(retryDelayMs(0, policy, () => 0.1, 30_000)).toBe(30_000);
    expect(retryDelayMs(5, policy, () => 1, 1_000)).toBe(32_000);
  });
});

describe('the design default', () => {
  it('starts at 2 s and stops growing at 5 minutes', () => {
    expect(retryDelayMs(0, undefined, () => 1)).toBe(2_000);
    expect(retryDelayMs(20, undefined, () => 1)).toBe(300_000);
  });
  it('never waits on a server longer than 15 minutes, whatever it asks', () => {
    expect(retryDelayMs(0, undefined, () => 0, 3_600_000)).toBe(900_000);
  });
});
