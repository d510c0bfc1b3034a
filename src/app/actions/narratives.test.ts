import { afterEach, describe, expect, it } from 'vitest';
import { RigsideDb } from '../../data/db';
import { readDraft, type NarrativeDraft } from '../../data/narratives';
import { purgeExpiredContexts } from '../../data/patient-contexts';
import { savePatient } from './clinical-acts';
import {
  callDetailsFrom,
  closeCall,
  exportCall,
  hasEdits,
  keepDraft,
  openNarrative,
  saveNarrative,
} from './narratives';

let db: RigsideDb;
afterEach(async () => {
  await db.delete();
});

const t0 = new Date('2026-11-25T10:00:00Z');
const at = (minutes: number) => () => new Date(t0.getTime() + minutes * 60_000);
const SECRET = 'Wheezing after peanuts at the daycare on Elm';

async function openChild() {
  db = new RigsideDb(`narrative-${crypto.randomUUID()}`);
  return savePatient(db, { fields: { age_years: 3, sex: 'female', weight_kg: 14, vitals: [], allergies: [] } }, at(0));
}

async function everything(database: RigsideDb): Promise<string> {
  const parts: string[] = [];
  const walk = (v: unknown): void => {
    if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) parts.push(new TextDecoder('latin1').decode(v));
    else if (typeof v === 'string') parts.push(v);
    else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
  };
  for (const table of database.tables) if (table.name !== 'outboxEvents') walk(await table.toArray());
  return parts.join('\n');
}

describe('narrative actions', () => {
  it('keeps every edit sealed: the text is nowhere in IndexedDB in plaintext but the draft reads back', async () => {
    const context = await openChild();
    const draft = await openNarrative(db, context, at(1));
    await keepDraft(db, context, { ...draft, text: SECRET }, at(2));
    expect(await everything(db)).not.toContain('peanuts');
    expect((await readDraft(db, context.id, at(3)()))?.text).toBe(SECRET);
  });

  it('saves versions through the outbox with an audit event, each carrying the text for the server', async () => {
    const context = await openChild();
    let draft: NarrativeDraft = { ...(await openNarrative(db, context, at(1))), format: 'chart', text: 'C: first' };
    draft = await saveNarrative(db, context, draft, at(2));
    draft = await saveNarrative(db, context, { ...draft, text: 'C: second' }, at(3));
    expect(draft.savedVersions).toBe(2);
    const events = await db.outboxEvents.where('kind').equals('narrative').sortBy('seq');
    expect(events.map((e) => e.payload)).toEqual([
      { narrative_id: draft.narrativeId, context_id: context.id, format: 'chart', content: 'C: first' },
      { narrative_id: draft.narrativeId, context_id: context.id, format: 'chart', content: 'C: second' },
    ]);
    const audits = await db.auditEvents.where('action').equals('narrative_saved').toArray();
    expect(audits.map((a) => a.details)).toEqual([
      { format: 'chart', version: 1 },
      { format: 'chart', version: 2 },
    ]);
    expect(await db.narratives.count()).toBe(2);
    expect(await everything(db)).not.toContain('C: second');
  });

  it('tells the crew’s edits from the drafted and the saved text', async () => {
    const context = await openChild();
    const draft = await openNarrative(db, context, at(1));
    expect(hasEdits({ ...draft, text: 'S: drafted', generated: 'S: drafted' })).toBe(false);
    expect(hasEdits({ ...draft, text: 'S: drafted, then edited', generated: 'S: drafted' })).toBe(true);
    expect(hasEdits({ ...draft, text: 'S: saved', generated: 'S: drafted', saved: 'S: saved' })).toBe(false);
  });

  it('purges the draft, the saved narratives and their unsent events with the patient at 24 hours', async () => {
    const context = await openChild();
    const draft = await openNarrative(db, context, at(1));
    await saveNarrative(db, context, { ...draft, text: SECRET }, at(2));
    await keepDraft(db, context, { ...draft, text: `${SECRET} more` }, at(3));
    expect(await purgeExpiredContexts(db, new Date(t0.getTime() + 23 * 3_600_000))).toBe(0);
    expect(await db.narrativeDrafts.count()).toBe(1);
    expect(await purgeExpiredContexts(db, new Date(t0.getTime() + 24 * 3_600_000))).toBe(1);
    expect(await db.narrativeDrafts.count()).toBe(0);
    expect(await db.narratives.count()).toBe(0);
    expect(await db.outboxEvents.where('kind').equals('narrative').count()).toBe(0);
  });

  it('refuses to save an empty narrative', async () => {
    const context = await openChild();
    await expect(saveNarrative(db, context, await openNarrative(db, context, at(1)), at(2))).rejects.toThrow(/empty/);
  });

  it('asks for each missing call detail by name before exporting, then exports the same report UUID every time', async () => {
    const context = await openChild();
    const draft = await openNarrative(db, context, at(1));
    const missing = await exportCall(
      db,
      context,
      { ...draft, callForm: { dispatchReason: 'allergic_reaction' } },
      at(5),
    );
    expect(missing).toMatchObject({
      ok: false,
      message: expect.stringMatching(/type of service.*response mode.*dispatched at/),
    });
    const callForm = {
      dispatchReason: 'allergic_reaction',
      serviceType: 'emergency',
      responseMode: 'emergent',
      unitDisposition: 'patient_contact',
      transport: 'this_unit',
      impression: 'ANPH',
      dispatchedAt: '02:00',
      vehicleNumber: 'RA-51',
      callSign: 'Rescue 51',
      capability: 'ground_als',
      crewId: 'P-4471',
      crewLevel: 'paramedic',
    };
    const first = await exportCall(db, context, { ...draft, callForm }, at(30));
    if (!first.ok) throw new Error(first.message);
    const second = await exportCall(db, context, first.draft, at(31));
    if (!second.ok) throw new Error(second.message);
    expect(first.xml).toMatch(/<PatientCareReport UUID="[0-9a-f-]{36}">/);
    expect(/UUID="([^"]+)"/.exec(second.xml)?.[1]).toBe(/UUID="([^"]+)"/.exec(first.xml)?.[1]);
    expect(first.xml).toContain('<eSituation.11>T78.2</eSituation.11>');
  });

  it('puts a dispatch time given as HH:MM on or before patient contact, the day before across midnight', () => {
    const contact = new Date(2026, 10, 25, 0, 10).toISOString();
    const result = callDetailsFrom({ dispatchedAt: '23:58' }, contact);
    expect(result.ok).toBe(false);
    const full = callDetailsFrom(
      {
        dispatchReason: 'falls',
        serviceType: 'emergency',
        responseMode: 'emergent',
        unitDisposition: 'patient_contact',
        dispatchedAt: '23:58',
        vehicleNumber: 'R1',
        callSign: 'R1',
        capability: 'ground_als',
        crewId: 'P-1',
        crewLevel: 'emt',
      },
      contact,
    );
    expect(full.ok && full.value.dispatchedAt).toBe(new Date(2026, 10, 24, 23, 58).toISOString());
  });
});

describe('closing a call', () => {
  const callForm = {
    dispatchReason: 'allergic_reaction',
    serviceType: 'emergency',
    responseMode: 'emergent',
    unitDisposition: 'patient_contact',
    transport: 'this_unit',
    impression: 'ANPH',
    dispatchedAt: '02:00',
    vehicleNumber: 'RA-51',
    callSign: 'Rescue 51',
    capability: 'ground_als',
    crewId: 'P-4471',
    crewLevel: 'paramedic',
  };

  it('queues the encounter in a call_closed event with its record and audit, once', async () => {
    const context = await openChild();
    const draft = await saveNarrative(
      db,
      context,
      { ...(await openNarrative(db, context, at(1))), text: 'S: hives' },
      at(2),
    );
    const closed = await closeCall(db, context, { ...draft, callForm }, at(40));
    if (!closed.ok) throw new Error(closed.message);
    const [event] = await db.outboxEvents.where('kind').equals('call_closed').toArray();
    expect(event?.payload).toMatchObject({
      context_id: context.id,
      encounter: {
        format: 'rigside-encounter/1',
        narrative: 'S: hives',
        pcrNumber: context.id,
        patient: { ageYears: 3, weightKg: 14 },
      },
    });
    expect(await db.closedCalls.count()).toBe(1);
    expect((await db.auditEvents.where('action').equals('call_closed').toArray()).map((a) => a.details)).toEqual([{}]);
    expect(await closeCall(db, context, closed.draft, at(41))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/was closed at/),
    });
    expect(await db.outboxEvents.where('kind').equals('call_closed').count()).toBe(1);
  });

  it('refuses to close before the call details are complete, and queues nothing', async () => {
    const context = await openChild();
    const result = await closeCall(db, context, await openNarrative(db, context, at(1)), at(40));
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/Complete the call details/) });
    expect(await db.outboxEvents.where('kind').equals('call_closed').count()).toBe(0);
  });
});
