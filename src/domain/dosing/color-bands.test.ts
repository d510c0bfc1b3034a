import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chartRows, colorBandFor, COLOR_BANDS } from './color-bands';

describe('tape colour bands (MCG 1309)', () => {
  it('puts every printed chart row in its own band', () => {
    for (const row of chartRows()) expect(colorBandFor(row.weightKg)?.color).toBe(row.color);
    // 26 weight pages: 3-20 kg every kg, then 22-36 kg every 2 kg.
    expect(chartRows()).toHaveLength(26);
  });

  it('puts weights between rows in the band below the gap', () => {
    expect(colorBandFor(14)?.color).toBe('Yellow');
    expect(colorBandFor(21)?.color).toBe('Blue');
    expect(colorBandFor(23)?.color).toBe('Blue');
    expect(colorBandFor(27.5)?.color).toBe('Orange');
    expect(colorBandFor(29)?.color).toBe('Orange');
    expect(colorBandFor(5.5)?.color).toBe('Grey');
  });

  it('has no band off the tape or for nonsense weights', () => {
    for (const w of [2.9, 36.1, 70, 0, -4, Number.NaN, Number.POSITIVE_INFINITY]) expect(colorBandFor(w)).toBeNull();
  });

  it('never moves a heavier child into a lighter band', () => {
    const order = COLOR_BANDS.map((b) => b.color);
    fc.assert(
      fc.property(fc.double({ min: 3, max: 36, noNaN: true }), fc.double({ min: 3, max: 36, noNaN: true }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return order.indexOf(colorBandFor(lo)!.color) <= order.indexOf(colorBandFor(hi)!.color);
      }),
    );
  });
});
