import { describe, expect, it } from 'vitest';
import { mergeChangeNotes, type StoredChangeNotes } from './reference-changes';

const note = (version: number, description: string) => ({
  version,
  effective_date: '2026-12-02',
  change_log: [{ type: 'Revision' as const, section: 'Dose', description }],
});
const AT = '2026-12-02T10:00:00.000Z';

describe('the change notes a pull leaves on the device', () => {
  const before: StoredChangeNotes = {
    'medication/epinephrine': { ...note(2, 'Old change.'), pulled_at: '2026-11-01T00:00:00.000Z' },
    'protocol/1211': { ...note(4, 'Aspirin wording.'), pulled_at: '2026-11-01T00:00:00.000Z' },
  };

  it('keeps the note of the version now in force, drops the note of a record changed without one or retired', () => {
    const after = mergeChangeNotes(
      before,
      [
        { slot: 'medication/epinephrine', kind: 'medication', deleted: false, change: note(3, 'New dose.') },
        { slot: 'protocol/1211', kind: 'protocol', deleted: false, change: null },
        { slot: 'medication/naloxone', kind: 'medication', deleted: true, change: null },
        { slot: 'provider_impression/CPMI:Chest pain', kind: 'provider_impression', deleted: false },
      ],
      false,
      AT,
    );
    expect(after).toEqual({ 'medication/epinephrine': { ...note(3, 'New dose.'), pulled_at: AT } });
  });

  it('starts from nothing when the pull replaces the whole mirror', () => {
    expect(mergeChangeNotes(before, [], true, AT)).toEqual({});
  });
});
