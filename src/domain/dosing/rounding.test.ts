import { describe, expect, it } from 'vitest';
import { roundHalfEven, roundHalfUp } from './rounding';

describe('rounding of doses and volumes', () => {
  it('rounds half up without floating-point noise', () => {
    expect(roundHalfUp(0.075, 2)).toBe(0.08);
    expect(roundHalfUp(0.1 + 0.2, 4)).toBe(0.3);
  });

  it('rounds volumes half to even, as MCG 1309 prints them', () => {
    expect([0.075, 0.125, 0.175, 0.225, 0.425].map((v) => roundHalfEven(v, 2))).toEqual([0.08, 0.12, 0.18, 0.22, 0.42]);
    expect(roundHalfEven(0.126, 2)).toBe(0.13);
    expect(roundHalfEven(0.1249, 2)).toBe(0.12);
  });
});
