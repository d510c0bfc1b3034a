import { describe, expect, it } from 'vitest';
import { isPediatricAge, routeImpression } from './impression-routing';

describe('provider impression routing', () => {
  const seizure = { adult_tp: '1231', pediatric_tp: '1231-P' };

  it('sends a child to the pediatric protocol and an adult to the adult one', () => {
    expect(routeImpression(seizure, 4)).toBe('1231-P');
    expect(routeImpression(seizure, 40)).toBe('1231');
  });

  it('treats 14-year-olds as pediatric and 15-year-olds as adults (Ref. 1350)', () => {
    expect(isPediatricAge(14.9)).toBe(true);
    expect(isPediatricAge(15)).toBe(false);
    expect(routeImpression(seizure, 14)).toBe('1231-P');
    expect(routeImpression(seizure, 15)).toBe('1231');
  });

  it('falls back to the protocol that exists when one population has none', () => {
    expect(routeImpression({ adult_tp: '1211', pediatric_tp: null }, 6)).toBe('1211');
    expect(routeImpression({ adult_tp: null, pediatric_tp: '1235-P' }, undefined)).toBe('1235-P');
  });

  it('uses the adult protocol when the age is unknown', () => {
    expect(routeImpression(seizure, undefined)).toBe('1231');
  });
});
