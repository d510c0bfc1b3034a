import { z } from 'zod';
import { narrativeFormatSchema, type NarrativeFormat } from '../domain/narratives/templates';
import type { PatientContext } from '../domain/patient/context';
import type { RigsideDb, StoredRecord } from './db';
import type { RecordWrite } from './outbox-writer';
import { newRecordId } from './record-id';
import { phiKey } from './patient-contexts';
import { seal, unseal, type Sealed } from './phi-crypto';

/**
 * Narratives on the device. The draft (every edit) and each saved version are sealed with the
 * device's PHI key like the patient context, and go with it at 24 hours. The event that carries
 * a saved version holds its text, because the server must receive it (narrative_history).
 */
export const narrativeDraftSchema = z.object({
  /** The narrative this draft saves into: every saved version shares it (narrative_history.narrative_id). */
  narrativeId: z.string().uuid(),
  format: narrativeFormatSchema,
  text: z.string().max(50_000),
  /** The text as drafted from the record, to tell the crew's edits from it; null before any draft. */
  generated: z.string().max(50_000).nullable(),
  /** The text of the last saved version; null before the first save. */
  saved: z.string().max(50_000).nullable(),
  savedVersions: z.number().int().min(0),
  /** The NEMSIS PatientCareReport UUID, made once so every export of this call is the same report. */
  reportUuid: z.string().uuid().optional(),
  /** The Call form as the crew left it (strings, checked when exported or closed). */
  callForm: z.record(z.string(), z.string()).optional(),
  /** When the crew closed the call (handing it to the ePCR); a closed call is not closed again. */
  closedAt: z.string().datetime({ offset: true }).optional(),
});
export type NarrativeDraft = z.infer<typeof narrativeDraftSchema>;

export interface NarrativeRow extends StoredRecord {
  contextId: string;
  narrativeId: string;
  format: NarrativeFormat;
  sealed: Sealed;
}

export async function readDraft(db: RigsideDb, contextId: string, now = new Date()): Promise<NarrativeDraft | null> {
  const row = await db.narrativeDrafts.get(contextId);
  if (!row || Date.parse(row.expiresAt) <= now.getTime()) return null;
  // A draft written by an older version that no longer reads is reported, not silently replaced.
  return narrativeDraftSchema.parse(await unseal(await phiKey(db), row.sealed));
}

/** Seals and keeps the draft; later writes win, in the order they were made. */
export async function writeDraft(
  db: RigsideDb,
  context: Pick<PatientContext, 'id' | 'expiresAt'>,
  draft: NarrativeDraft,
  now: Date,
): Promise<void> {
  const sealed = await seal(await phiKey(db), narrativeDraftSchema.parse(draft));
  await db.narrativeDrafts.put({
    contextId: context.id,
    expiresAt: context.expiresAt,
    updatedAt: now.toISOString(),
    sealed,
  });
}

/** Seals a saved version; returns its record and the event payload that carries its text to the server. */
export async function sealNarrative(
  db: RigsideDb,
  input: { contextId: string; narrativeId: string; format: NarrativeFormat; text: string },
  now: Date,
): Promise<RecordWrite & { row: NarrativeRow }> {
  const sealed = await seal(await phiKey(db), { text: input.text });
  const row: NarrativeRow = {
    id: newRecordId(now),
    createdAt: now.toISOString(),
    contextId: input.contextId,
    narrativeId: input.narrativeId,
    format: input.format,
    sealed,
  };
  return {
    table: 'narratives',
    row,
    kind: 'narrative',
    payload: {
      narrative_id: input.narrativeId,
      context_id: input.contextId,
      format: input.format,
      content: input.text,
    },
  };
}

/** Contexts that have a draft, for "continue the narrative" after a reload. */
export async function draftContextIds(db: RigsideDb, now = new Date()): Promise<string[]> {
  return db.narrativeDrafts.where('expiresAt').above(now.toISOString()).primaryKeys();
}
