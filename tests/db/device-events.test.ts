// The contract between the device and the server: events written by the app's own code
// (src/data, on fake-indexeddb as in the unit tests) are what ingest_events must accept.
// The fixtures elsewhere are hand-written; this file catches the two sides drifting apart.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../src/data/audit-log';
import { RigsideDb } from '../../src/data/db';
import { pendingEvents } from '../../src/data/outbox-store';
import { confirmDose as recordDose, recordProtocolUse, savePatient } from '../../src/app/actions/clinical-acts';
import { auditActionSchema } from '../../src/domain/audit/actions';
import { bundledFormulary } from '../../src/domain/dosing/bundled-formulary';
import { calculateDose, type DoseRequest } from '../../src/domain/dosing/engine';
import { toWireEvent } from '../../src/domain/outbox/event';
import { createOrganisation, ingest, type Organisation } from './fixtures';
import { createTestDatabase, type TestDatabase } from './helpers';

let db: TestDatabase;
let org: Organisation;
let device: RigsideDb;
const DEVICE = crypto.randomUUID();

beforeAll(async () => {
  db = await createTestDatabase();
  org = await createOrganisation(db);
  device = new RigsideDb(`device-events-${Date.now()}`);
});

afterAll(async () => {
  await device?.delete();
  await db?.close();
});

async function confirmDose(request: DoseRequest, contextId: string | null) {
  const outcome = calculateDose(request, bundledFormulary());
  if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
  await recordDose(device, { request, result: outcome.value, contextId });
  return outcome.value;
}

describe('events the app writes', () => {
  it('are all accepted by ingest_events and land as the paramedic’s records', async () => {
    const context = await savePatient(device, {
      fields: {
        age_years: 3,
        weight_kg: 14,
        chief_complaint: 'Hives after a bee sting',
        allergies: ['penicillin'],
        vitals: [],
      },
    });
    await recordProtocolUse(device, 'viewed', {
      tpCode: '1219-P',
      query: 'bee sting',
      contextId: context.id,
      datasetVersion: '1.0.0',
    });
    await confirmDose(
      { medication: 'epinephrine', route: 'IM', indication: 'anaphylaxis', weight_kg: 14, age_years: 3 },
      context.id,
    );
    // A dose with warnings of every severity, and one given as tablets (no mL to draw up).
    const warned = await confirmDose(
      {
        medication: 'ketorolac',
        route: 'IV',
        indication: 'pain',
        weight_kg: 80,
        age_years: 40,
        home_medications: ['Eliquis'],
      },
      null,
    );
    expect(warned.warnings.map((w) => w.severity)).toContain('danger');
    await confirmDose(
      {
        medication: 'aspirin',
        route: 'PO',
        indication: 'chest pain',
        weight_kg: 80,
        age_years: 60,
        allergies: ['aspirin'],
      },
      null,
    );
    await createAuditLog(device).record('dosing_calculated', {
      medication: 'epinephrine',
      route: 'IM',
      formulary_version: 'test',
    });

    const events = await pendingEvents(device);
    expect(new Set(events.map((e) => e.kind))).toEqual(
      new Set(['patient_context', 'protocol_usage', 'dosing_calculation', 'audit']),
    );
    const { results } = await ingest(
      db,
      org.people.paramedicA.caller,
      events.map((e) => toWireEvent(e, DEVICE)),
    );
    expect(results.filter((r) => r.status !== 'accepted')).toEqual([]);

    const doses = await db.query<{ medication: string; warnings: unknown; volume_ml: string | null }>(
      'select medication, warnings, volume_ml from public.dosing_calculations where user_id = $1 order by created_at',
      [org.people.paramedicA.id],
    );
    expect(doses.rows.map((r) => r.medication)).toEqual(['epinephrine', 'ketorolac', 'aspirin']);
    expect(doses.rows[1]!.warnings).toEqual(warned.warnings);
    const aspirin = doses.rows.find((r) => r.medication === 'aspirin')!;
    expect(aspirin.volume_ml).toBeNull();
    expect(JSON.stringify(aspirin.warnings)).toMatch(/aspirin/i);
  });

  it('include every audit action and a re-sealed patient context, all accepted', async () => {
    const fresh = new RigsideDb(`device-events-audit-${Date.now()}`);
    try {
      const audit = createAuditLog(fresh);
      for (const action of auditActionSchema.options)
        await audit.record(action, { note: action, count: 1, ok: true, nothing: null });
      const context = await savePatient(fresh, { fields: { age_years: 40, weight_kg: 80, vitals: [], allergies: [] } });
      await savePatient(fresh, {
        id: context.id,
        fields: { age_years: 40, weight_kg: 82, vitals: [], allergies: ['latex'] },
      });
      const events = await pendingEvents(fresh);
      const { results } = await ingest(
        db,
        org.people.emtA.caller,
        events.map((e) => toWireEvent(e, DEVICE)),
      );
      expect(results.filter((r) => r.status !== 'accepted')).toEqual([]);
      const stored = await db.query<{ action: string }>('select action from public.audit_logs where user_id = $1', [
        org.people.emtA.id,
      ]);
      expect([...new Set(stored.rows.map((r) => r.action))].sort()).toEqual([...auditActionSchema.options].sort());
      const contexts = await db.query('select id from public.patient_contexts where id = $1', [context.id]);
      expect(contexts.rows).toHaveLength(1);
    } finally {
      await fresh.delete();
    }
  });
});
