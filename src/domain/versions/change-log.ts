import { z } from 'zod';

/**
 * A version's change log, as LA County publishes protocol changes: each change an Addition, a
 * Revision or a Deletion, the section it touches, and what changed. Medical directors write it
 * in the console; rigs receive it with the record and show crews "what changed". Kept apart
 * from the draft schemas so that the crew app loads only this.
 */
export const CHANGE_TYPES = ['Addition', 'Revision', 'Deletion'] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

export const changeLogEntrySchema = z
  .object({
    type: z.enum(CHANGE_TYPES),
    /** Which part changed, as a crew would look for it ("Treatment", "Pediatric IM dose"). */
    section: z.string().min(1).max(200).regex(/\S/, 'name the section that changed'),
    description: z.string().min(1).max(2000).regex(/\S/, 'say what changed'),
  })
  .strict();
export type ChangeLogEntry = z.infer<typeof changeLogEntrySchema>;

export const changeLogSchema = z.array(changeLogEntrySchema).min(1, 'list at least one change').max(50);
export type ChangeLog = z.infer<typeof changeLogSchema>;

/** What a device receives with a protocol or medication drafted in the console: its version's change log. */
export const changeNoteSchema = z.object({
  version: z.number().int().positive(),
  effective_date: z.string().nullable(),
  change_log: changeLogSchema,
});
export type ChangeNote = z.infer<typeof changeNoteSchema>;
