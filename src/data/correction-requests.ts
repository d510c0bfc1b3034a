import { z } from 'zod';
import type { RigsideDb } from './db';
import { phiKey } from './patient-contexts';
import { seal, unseal } from './phi-crypto';

/**
 * Corrections a medical director asked a crew member for (the QI review queue sends a call back
 * as "needs crew correction"). Pulled from the server while online and kept here so the crew
 * member can read them offline. A reviewer's words may touch on the patient, so they are
 * sealed under the device's PHI key like the patient contexts, and kept for one crew member:
 * another who signs in on the device never sees them.
 */
export const correctionRequestSchema = z.object({
  reviewId: z.string().uuid(),
  /** When the call started and last had a record. */
  startedAt: z.string(),
  lastRecordAt: z.string(),
  request: z.string().min(1),
  requestedAt: z.string(),
  requestedBy: z.string().nullable(),
  medications: z.array(z.string()),
  appliedProtocols: z.array(z.string()),
  doses: z.number().int().min(0),
  narratives: z.number().int().min(0),
  recordsSinceRequest: z.number().int().min(0),
});
export type CorrectionRequest = z.infer<typeof correctionRequestSchema>;

const KEY = 'correctionRequests';

const storedSchema = z.object({
  userId: z.string().uuid(),
  fetchedAt: z.string(),
  // Checked by tag, not instanceof: IndexedDB may hand them back from another realm.
  sealed: z.object({
    iv: z.custom<Uint8Array>((v) => Object.prototype.toString.call(v) === '[object Uint8Array]'),
    data: z.custom<ArrayBuffer>((v) => Object.prototype.toString.call(v) === '[object ArrayBuffer]'),
  }),
});

export interface CorrectionInbox {
  fetchedAt: string;
  requests: CorrectionRequest[];
}

/** Replaces the crew member's correction requests with the server's latest list. */
export async function saveCorrectionRequests(
  db: RigsideDb,
  userId: string,
  requests: CorrectionRequest[],
  fetchedAt: Date,
): Promise<void> {
  const valid = z.array(correctionRequestSchema).parse(requests);
  // WebCrypto first: it cannot run inside an IndexedDB transaction.
  const sealed = await seal(await phiKey(db), valid);
  await db.settings.put({ key: KEY, value: { userId, fetchedAt: fetchedAt.toISOString(), sealed } });
}

/** The requests kept for this crew member, or null when none were pulled for them. */
export async function readCorrectionRequests(db: RigsideDb, userId: string): Promise<CorrectionInbox | null> {
  const stored = storedSchema.safeParse((await db.settings.get(KEY))?.value);
  if (!stored.success || stored.data.userId !== userId) return null;
  const requests = z.array(correctionRequestSchema).safeParse(await unseal(await phiKey(db), stored.data.sealed));
  return requests.success ? { fetchedAt: stored.data.fetchedAt, requests: requests.data } : null;
}

export async function clearCorrectionRequests(db: RigsideDb): Promise<void> {
  await db.settings.delete(KEY);
}
