import { describe, expect, it } from 'vitest';
import { positivePart } from './documents';

describe('positivePart', () => {
  it.each([
    ['ALOC - Not Hypoglycemia or Seizure', 'ALOC'],
    ['Cardiac Arrest - Non-traumatic', 'Cardiac Arrest'],
    ['Hypoglycemia', 'Hypoglycemia'],
    ['Traumatic Arrest - Blunt', 'Traumatic Arrest - Blunt'],
  ])('keeps "%s" as "%s"', (name, expected) => {
    expect(positivePart(name)).toBe(expected);
  });
});
