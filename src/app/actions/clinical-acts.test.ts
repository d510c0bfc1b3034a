import { afterEach, describe, expect, it } from 'vitest';
import { RigsideDb } from '../../data/db';
import { listContexts, loadContext, purgeExpiredContexts } from '../../data/patient-contexts';
import { bundledFormulary } from '../../domain/dosing/bundled-formulary';
import { calculateDose, type DoseRequest } from '../../domain/dosing/engine';
import { confirmDose, savePatient } from './clinical-acts';

const saveContext = (database: RigsideDb, input: { id?: string; fields: unknown }, now = new Date()) =>
  savePatient(database, input, () => now);

let db: RigsideDb;
afterEach(async () => {
  await db.delete();
});

const fields = {
  age_years: 3,
  sex: 'female' as const,
  weight_kg: 14,
  chief_complaint: 'Wheezing after peanut exposure at daycare',
  allergies: ['Penicillamine', 'Tree nuts'],
  vitals: [{ at: '2026-11-25T10:00:00Z', heart_rate: 148, spo2: 91 }],
  incident_number: 'INC-2026-0042317',
  epcr_id: 'EPCR-7731-QX',
};

/** Every byte of every IndexedDB store, as text, the way an attacker with the disk would read it. */
async function rawDump(database: RigsideDb): Promise<string> {
  const parts: string[] = [];
  const walk = (v: unknown): void => {
    if (v instanceof ArrayBuffer) parts.push(new TextDecoder('latin1').decode(v));
    else if (ArrayBuffer.isView(v)) parts.push(new TextDecoder('latin1').decode(v));
    else if (typeof v === 'string') parts.push(v, atobSafe(v));
    else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
    else parts.push(String(v));
  };
  for (const table of database.tables) walk(await table.toArray());
  return parts.join('\n');
}
function atobSafe(s: string): string {
  try {
    return atob(s);
  } catch {
    return '';
  }
}

describe('savePatient: sealed patient contexts', () => {
  it('keeps no patient field in plaintext anywhere in IndexedDB, outbox included', async () => {
    db = new RigsideDb(`phi-${crypto.randomUUID()}`);
    const saved = await saveContext(db, { fields });
    expect(await db.outboxEvents.where('kind').equals('patient_context').count()).toBe(1);
    const dump = await rawDump(db);
    expect(dump).toContain(saved.id); // the dump does reach the stored rows
    for (const secret of [
      'Wheezing',
      'peanut',
      'Penicillamine',
      'Tree nuts',
      'INC-2026-0042317',
      'EPCR-7731-QX',
      'female',
    ]) {
      expect(dump).not.toContain(secret);
    }
    expect((await loadContext(db, saved.id))?.fields).toEqual(fields);
  });

  it('updates a context in place and keeps its original expiry', async () => {
    db = new RigsideDb(`phi-${crypto.randomUUID()}`);
    const t0 = new Date('2026-11-25T10:00:00Z');
    const created = await saveContext(db, { fields }, t0);
    const updated = await saveContext(
      db,
      { id: created.id, fields: { ...fields, weight_kg: 15 } },
      new Date('2026-11-25T12:00:00Z'),
    );
    expect(updated.expiresAt).toBe('2026-11-26T10:00:00.000Z');
    expect((await loadContext(db, created.id, t0))?.fields.weight_kg).toBe(15);
  });

  it('is gone, with its queued PHI, 24 hours after creation', async () => {
    db = new RigsideDb(`phi-${crypto.randomUUID()}`);
    const t0 = new Date('2026-11-25T10:00:00Z');
    const old = await saveContext(db, { fields }, t0);
    const fresh = await saveContext(db, { fields: { age_years: 40 } }, new Date('2026-11-26T09:00:00Z'));
    const justBefore = new Date('2026-11-26T09:59:59Z');
    expect(await purgeExpiredContexts(db, justBefore)).toBe(0);
    expect(await loadContext(db, old.id, justBefore)).not.toBeNull();

    // One of the old patient's events was refused by the server and waits in dead letters.
    const refused = (await db.outboxEvents.where('kind').equals('patient_context').toArray()).find(
      (e) => e.payload['context_id'] === old.id,
    )!;
    await db.deadLetters.put({
      ...refused,
      seq: refused.seq + 1000,
      id: crypto.randomUUID(),
      rejectedAt: '2026-11-25T11:00:00.000Z',
      code: 'PAYLOAD_INVALID',
      reason: 'test',
    });

    const after = new Date('2026-11-26T10:00:00Z');
    expect(await loadContext(db, old.id, after)).toBeNull();
    expect(await purgeExpiredContexts(db, after)).toBe(1);
    expect(await db.patientContexts.get(old.id)).toBeUndefined();
    const queued = await db.outboxEvents.where('kind').equals('patient_context').toArray();
    expect(queued.map((e) => e.payload['context_id'])).toEqual([fresh.id]);
    expect(await db.deadLetters.count()).toBe(0);
    expect((await listContexts(db, after)).map((c) => c.id)).toEqual([fresh.id]);
  });

  it('refuses invalid fields with the field named, and writes nothing', async () => {
    db = new RigsideDb(`phi-${crypto.randomUUID()}`);
    await expect(saveContext(db, { fields: { weight_kg: -4 } })).rejects.toThrow(/weight_kg/);
    expect(await db.patientContexts.count()).toBe(0);
    expect(await db.outboxEvents.count()).toBe(0);
  });
});

describe('confirmDose: the recorded request carries no patient free text', () => {
  it('keeps how many allergies and own medications were checked, never their words, in the record, the outbox and the audit', async () => {
    db = new RigsideDb(`phi-${crypto.randomUUID()}`);
    const context = await saveContext(db, { fields });
    const request: DoseRequest = {
      medication: 'morphine',
      route: 'IV',
      weight_kg: 80,
      age_years: 40,
      now: new Date().toISOString(),
      allergies: ['Codeine (hives)', 'Penicillamine'],
      home_medications: ['Eliquis 5 mg', 'oxycodone for back pain'],
    };
    const outcome = calculateDose(request, bundledFormulary());
    if (!outcome.ok) throw new Error(outcome.error.message);
    // The warnings the free text raised are kept, in the formulary's words.
    expect(outcome.value.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['ALLERGY', 'INTERACTION']));
    const saved = await confirmDose(db, { request, result: outcome.value, contextId: context.id });

    expect(saved.request).toMatchObject({ medication: 'morphine', allergies_checked: 2, home_medications_checked: 2 });
    expect(saved.request).not.toHaveProperty('allergies');
    expect(saved.request).not.toHaveProperty('home_medications');
    const [event] = await db.outboxEvents.where('kind').equals('dosing_calculation').toArray();
    expect(event?.payload).toMatchObject({
      inputs: { allergies_checked: 2, home_medications_checked: 2 },
      warnings: expect.arrayContaining([expect.objectContaining({ code: 'ALLERGY' })]),
    });
    const dump = await rawDump(db);
    expect(dump).toContain(saved.id);
    for (const secret of ['Codeine', 'hives', 'Penicillamine', 'Eliquis', 'oxycodone', 'back pain'])
      expect(dump).not.toContain(secret);
  });
});
