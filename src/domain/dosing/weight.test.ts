import { describe, expect, it } from 'vitest';
import { poundsToKg, readWeight } from './weight';

describe('weight input', () => {
  it('accepts kilograms as a number or numeric text', () => {
    expect(readWeight({ weightKg: 14 })).toEqual({ ok: true, value: { weightKg: 14, enteredAs: '14 kg' } });
    expect(readWeight({ weightKg: '27.5' })).toMatchObject({ ok: true, value: { weightKg: 27.5 } });
  });

  it('converts pounds explicitly and shows both numbers', () => {
    expect(poundsToKg(31)).toBe(14.1);
    expect(readWeight({ weightLb: 31 })).toEqual({ ok: true, value: { weightKg: 14.1, enteredAs: '31 lb = 14.1 kg' } });
  });

  it.each([
    [{}, 'WEIGHT_MISSING'],
    [{ weightKg: '' }, 'WEIGHT_MISSING'],
    [{ weightKg: 'fourteen' }, 'WEIGHT_NOT_A_NUMBER'],
    [{ weightKg: Number.NaN }, 'WEIGHT_NOT_A_NUMBER'],
    [{ weightKg: 0 }, 'WEIGHT_NOT_POSITIVE'],
    [{ weightKg: -3 }, 'WEIGHT_NOT_POSITIVE'],
    [{ weightLb: 0 }, 'WEIGHT_NOT_POSITIVE'],
    [{ weightKg: 14, weightLb: 31 }, 'WEIGHT_AMBIGUOUS'],
    [{ weightKg: 1400 }, 'WEIGHT_IMPLAUSIBLE'],
  ])('refuses %o with %s and a message that says what to fix', (input, code) => {
    const result = readWeight(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message.length).toBeGreaterThan(15);
    }
  });
});
