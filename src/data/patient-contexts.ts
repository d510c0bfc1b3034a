import { v7 as uuidv7 } from 'uuid';
import { expiresAtFor, patientFieldsSchema, type PatientContext, type PatientFields } from '../domain/patient/context';
import type { PatientContextRow, RigsideDb } from './db';
import { generatePhiKey, seal, sealedToWire, unseal } from './phi-crypto';

/**
 * Patient contexts on the device: every patient field is sealed with the device's PHI key
 * before it touches IndexedDB, including the copy queued for the server. Contexts and their
 * queued PHI are purged 24 h after creation (`purgeExpiredContexts`, run on start and on a
 * timer).
 */
const KEY_NAME = 'phi';

/** The device's PHI key, made on first use; everything patient-related is sealed under it. */
export async function phiKey(db: RigsideDb): Promise<CryptoKey> {
  const existing = await db.keys.get(KEY_NAME);
  if (existing) return existing.key;
  // WebCrypto cannot run inside an IndexedDB transaction (it would commit early), so the key
  // is made first and stored only if no other tab or the worker stored one meanwhile.
  const candidate = await generatePhiKey();
  return db.transaction('rw', db.keys, async () => {
    const raced = await db.keys.get(KEY_NAME);
    if (raced) return raced.key;
    await db.keys.put({ name: KEY_NAME, key: candidate });
    return candidate;
  });
}

/**
 * Seals a new context, or new fields for an existing one, ready to commit with the event that
 * carries the ciphertext (src/app/actions). Sealing comes first: WebCrypto cannot run inside
 * an IndexedDB transaction.
 */
export async function sealContext(
  db: RigsideDb,
  input: { id?: string | undefined; fields: unknown },
  now: Date,
): Promise<{ context: PatientContext; write: { row: PatientContextRow; payload: Record<string, unknown> } }> {
  const fields = patientFieldsSchema.parse(input.fields);
  const key = await phiKey(db);
  const existing = input.id ? await db.patientContexts.get(input.id) : undefined;
  if (input.id && !existing) throw new Error(`Patient context ${input.id} no longer exists (it may have expired)`);
  const id = existing?.id ?? uuidv7({ msecs: now.getTime() });
  const createdAt = existing?.createdAt ?? now.toISOString();
  const expiresAt = existing?.expiresAt ?? expiresAtFor(now).toISOString();
  const sealed = await seal(key, fields);
  return {
    context: { id, createdAt, expiresAt, fields },
    write: {
      row: { id, createdAt, expiresAt, sealed },
      payload: { context_id: id, created_at: createdAt, expires_at: expiresAt, phi_sealed: sealedToWire(sealed) },
    },
  };
}

export async function loadContext(db: RigsideDb, id: string, now = new Date()): Promise<PatientContext | null> {
  const row = await db.patientContexts.get(id);
  if (!row || Date.parse(row.expiresAt) <= now.getTime()) return null;
  const fields = patientFieldsSchema.parse(await unseal(await phiKey(db), row.sealed));
  return { id: row.id, createdAt: row.createdAt, expiresAt: row.expiresAt, fields };
}

/** Contexts still alive, newest first, without opening their PHI. */
export async function listContexts(
  db: RigsideDb,
  now = new Date(),
): Promise<Array<{ id: string; createdAt: string; expiresAt: string }>> {
  const rows = await db.patientContexts.where('expiresAt').above(now.toISOString()).toArray();
  return rows
    .map(({ id, createdAt, expiresAt }) => ({ id, createdAt, expiresAt }))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/**
 * Deletes expired contexts, their narrative drafts and saved narratives, and every queued
 * event that carries their PHI (the context's ciphertext, a narrative's text, a closed call's
 * encounter). Returns how many contexts went.
 */
export async function purgeExpiredContexts(db: RigsideDb, now = new Date()): Promise<number> {
  const tables = [db.patientContexts, db.narrativeDrafts, db.narratives, db.outboxEvents, db.deadLetters];
  return db.transaction('rw', tables, async () => {
    const expired = await db.patientContexts.where('expiresAt').belowOrEqual(now.toISOString()).primaryKeys();
    // A draft outlives nothing: one whose context is gone or expired goes too.
    const staleDrafts = await db.narrativeDrafts.where('expiresAt').belowOrEqual(now.toISOString()).primaryKeys();
    if (expired.length === 0 && staleDrafts.length === 0) return 0;
    const ids = new Set([...expired, ...staleDrafts]);
    const carriesExpired = (e: { kind: string; payload: Record<string, unknown> }) =>
      (e.kind === 'patient_context' || e.kind === 'narrative' || e.kind === 'call_closed') &&
      ids.has(String(e.payload['context_id']));
    await db.outboxEvents.filter(carriesExpired).delete();
    await db.deadLetters.filter(carriesExpired).delete();
    await db.narrativeDrafts.bulkDelete([...ids]);
    await db.narratives
      .where('contextId')
      .anyOf([...ids])
      .delete();
    await db.patientContexts.bulkDelete(expired);
    return expired.length;
  });
}

export type { PatientFields };
