import { describe, expect, it } from 'vitest';
import { addDays, dateInZone, zoneName } from './format';

describe("the agency's calendar", () => {
  it('gives the date in the zone, not in UTC: 5 pm in Los Angeles is already tomorrow in UTC', () => {
    const at = new Date('2027-01-01T01:00:00Z');
    expect(dateInZone('America/Los_Angeles', at)).toBe('2026-12-31');
    expect(dateInZone('UTC', at)).toBe('2027-01-01');
    // Summer time: midnight in Los Angeles is 07:00 UTC.
    expect(dateInZone('America/Los_Angeles', new Date('2027-07-04T06:59:00Z'))).toBe('2027-07-03');
    expect(dateInZone('America/Los_Angeles', new Date('2027-07-04T07:00:00Z'))).toBe('2027-07-04');
  });

  it('adds calendar days across month, year and clock changes', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-03-14', 1)).toBe('2027-03-15');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
  });

  it('names the zone as people say it', () => {
    expect(zoneName('America/Los_Angeles')).toBe('Pacific Time');
  });
});
