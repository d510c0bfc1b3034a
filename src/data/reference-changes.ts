import { z } from 'zod';
import { changeNoteSchema, type ChangeNote } from '../domain/versions/change-log';
import type { RigsideDb } from './db';

/**
 * "What changed" on the rig: the change log of the version in force of each protocol and
 * medication, as it came down with the record (pull_reference_page's `change`), kept by
 * `${kind}/${key}` with the time it arrived. Replaced with the mirror by the reference pull.
 */
export const CHANGE_NOTES_KEY = 'referenceChangeNotes';

export const storedChangeNoteSchema = changeNoteSchema.extend({ pulled_at: z.string() });
export type StoredChangeNote = z.infer<typeof storedChangeNoteSchema>;
const storedNotesSchema = z.record(z.string(), storedChangeNoteSchema);
export type StoredChangeNotes = z.infer<typeof storedNotesSchema>;

/** Every note kept on the device; an unreadable store reads as none (the records themselves are unaffected). */
export async function readChangeNotes(db: RigsideDb): Promise<StoredChangeNotes> {
  return storedNotesSchema.safeParse((await db.settings.get(CHANGE_NOTES_KEY))?.value).data ?? {};
}

export async function readChangeNote(
  db: RigsideDb,
  kind: 'protocol' | 'medication',
  key: string,
): Promise<StoredChangeNote | null> {
  return (await readChangeNotes(db))[`${kind}/${key}`] ?? null;
}

/** The notes after a pull: what the staged rows say about their records, over (or instead of) the notes before. */
export function mergeChangeNotes(
  before: StoredChangeNotes,
  rows: ReadonlyArray<{ slot: string; kind: string; deleted: boolean; change?: ChangeNote | null }>,
  replaceAll: boolean,
  pulledAt: string,
): StoredChangeNotes {
  const notes: StoredChangeNotes = replaceAll ? {} : { ...before };
  for (const row of rows) {
    if (row.kind !== 'protocol' && row.kind !== 'medication') continue;
    if (!row.deleted && row.change) notes[row.slot] = { ...row.change, pulled_at: pulledAt };
    else delete notes[row.slot];
  }
  return notes;
}
