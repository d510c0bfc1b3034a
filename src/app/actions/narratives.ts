import { v4 as uuidv4 } from 'uuid';
import { z } from 'zod';
import type { RigsideDb } from '../../data/db';
import { currentStamp } from '../../data/crew';
import { dosesForContext } from '../../data/dosing-records';
import { readDraft, sealNarrative, writeDraft, type NarrativeDraft } from '../../data/narratives';
import { commitAct, type RecordWrite } from '../../data/outbox-writer';
import { newRecordId } from '../../data/record-id';
import { listProtocolNames } from '../../data/reference-reads';
import type { ProtocolUsageRecord } from '../../data/protocol-usage';
import { composeNarrative, type NarrativeRecord } from '../../domain/narratives/compose';
import { narrativeTemplatesSchema, templateFor, type NarrativeFormat } from '../../domain/narratives/templates';
import { callDetailsSchema, encounterFromDevice, type CallDetails } from '../../domain/nemsis/encounter-from-device';
import { exportEncounter, type ExportError, type ExportWarning } from '../../domain/nemsis/export';
import { RIGSIDE_SOFTWARE } from '../../domain/nemsis/software';
import type { PatientContext } from '../../domain/patient/context';
import templatesJson from '../../reference/narrative-templates.json' with { type: 'json' };
import agency from '../../reference/agency.json' with { type: 'json' };
import type { Clock } from './clinical-acts';

/**
 * The narrative of the open patient: drafted from the record, kept sealed through every edit,
 * saved as versions through the outbox, and exported as NEMSIS XML (offline, on the device).
 */
const systemClock: Clock = () => new Date();
const templates = narrativeTemplatesSchema.parse(templatesJson);
const localTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

export function emptyDraft(format: NarrativeFormat, now: Date): NarrativeDraft {
  return { narrativeId: newRecordId(now), format, text: '', generated: null, saved: null, savedVersions: 0 };
}

/** The draft for this patient, or a new empty one. */
export async function openNarrative(
  db: RigsideDb,
  context: PatientContext,
  clock: Clock = systemClock,
): Promise<NarrativeDraft> {
  const now = clock();
  return (await readDraft(db, context.id, now)) ?? emptyDraft('soap', now);
}

/** Whether the crew has changed the text since it was drafted or saved (regenerating would lose it). */
export function hasEdits(draft: NarrativeDraft): boolean {
  return draft.text.trim() !== '' && draft.text !== draft.generated && draft.text !== draft.saved;
}

// What the narrative and the NEMSIS report need of a recorded dose, read back validated: stored
// rows outlive the code that wrote them.
const reportedDoseSchema = z.object({
  createdAt: z.string().datetime({ offset: true }),
  request: z.object({ base_order: z.boolean().optional() }),
  result: z.object({
    medication: z.string().min(1),
    medication_name: z.string().min(1),
    route: z.string().min(1),
    dose: z.object({ value: z.number().positive(), unit: z.string().min(1) }),
    volume_ml: z.number().nonnegative().nullable(),
    concentration: z.string(),
    color: z.string(),
  }),
});
type ReportedDose = z.infer<typeof reportedDoseSchema>;

/** The patient's recorded doses; refuses rather than leave one out of a report. */
async function reportedDoses(db: RigsideDb, contextId: string): Promise<ReportedDose[]> {
  const rows = await dosesForContext(db, contextId);
  const parsed = rows.map((row) => reportedDoseSchema.safeParse(row));
  const unreadable = parsed.filter((p) => !p.success).length;
  if (unreadable > 0)
    throw new Error(
      `${unreadable} recorded dose(s) of this patient could not be read, so the report would miss them: see Sync status or the Patient tab`,
    );
  return parsed.flatMap((p) => (p.success ? [p.data] : []));
}

async function recordFor(db: RigsideDb, context: PatientContext): Promise<NarrativeRecord> {
  const [doses, usages, names] = await Promise.all([
    reportedDoses(db, context.id),
    db.protocolUsage
      .where('createdAt')
      .above('')
      .filter(
        (u) => (u as ProtocolUsageRecord).contextId === context.id && (u as ProtocolUsageRecord).action === 'applied',
      )
      .toArray(),
    listProtocolNames(db),
  ]);
  return {
    fields: context.fields,
    openedAt: context.createdAt,
    doses: doses.map((d) => ({
      at: d.createdAt,
      medicationName: d.result.medication_name,
      route: d.result.route,
      dose: d.result.dose,
      volumeMl: d.result.volume_ml,
      concentration: d.result.concentration,
      baseOrder: d.request.base_order === true,
    })),
    protocols: (usages as ProtocolUsageRecord[]).map((u) => ({
      at: u.createdAt,
      code: u.tpCode,
      name: names.get(u.tpCode) ?? null,
    })),
  };
}

/** Drafts the narrative in a format from everything recorded for the patient (it does not save it). */
export async function composeFromRecord(
  db: RigsideDb,
  context: PatientContext,
  format: NarrativeFormat,
  timeZone = localTimeZone(),
): Promise<string> {
  return composeNarrative(
    templateFor(templates, agency.narrativeTemplates, format),
    await recordFor(db, context),
    timeZone,
  );
}

/** Keeps the draft as it stands (every edit), sealed. */
export async function keepDraft(
  db: RigsideDb,
  context: PatientContext,
  draft: NarrativeDraft,
  clock: Clock = systemClock,
): Promise<void> {
  await writeDraft(db, context, draft, clock());
}

/** Saves the text as a new version of the narrative: its sealed record, its audit event and the event that carries it, in one transaction. */
export async function saveNarrative(
  db: RigsideDb,
  context: PatientContext,
  draft: NarrativeDraft,
  clock: Clock = systemClock,
): Promise<NarrativeDraft> {
  const text = draft.text.trim();
  if (text === '') throw new Error('The narrative is empty: write or draft it before saving.');
  const stamp = await currentStamp(db, clock());
  const write = await sealNarrative(
    db,
    { contextId: context.id, narrativeId: draft.narrativeId, format: draft.format, text },
    stamp.now,
  );
  const version = draft.savedVersions + 1;
  await commitAct(db, stamp, {
    records: [write],
    audits: [{ action: 'narrative_saved', details: { format: draft.format, version } }],
  });
  const saved = { ...draft, text, saved: text, savedVersions: version };
  await writeDraft(db, context, saved, stamp.now);
  return saved;
}

/** The Call form's fields, parsed; the dispatch time (HH:MM, the crew's local time) falls on or before patient contact. */
export function callDetailsFrom(
  form: Record<string, string>,
  contextCreatedAt: string,
): { ok: true; value: CallDetails } | { ok: false; message: string } {
  const match = /^(\d{2}):(\d{2})$/.exec(form['dispatchedAt'] ?? '');
  let dispatchedAt: string | undefined;
  if (match) {
    const at = new Date(contextCreatedAt);
    at.setHours(Number(match[1]), Number(match[2]), 0, 0);
    if (at.getTime() > Date.parse(contextCreatedAt) + 60_000) at.setDate(at.getDate() - 1);
    dispatchedAt = at.toISOString();
  }
  const parsed = callDetailsSchema.safeParse({
    dispatchReason: form['dispatchReason'] || undefined,
    serviceType: form['serviceType'] || undefined,
    responseMode: form['responseMode'] || undefined,
    dispatchedAt,
    unitDisposition: form['unitDisposition'] || undefined,
    transport: form['transport'] || undefined,
    impression: form['impression'] || undefined,
    unit: {
      vehicleNumber: form['vehicleNumber'] ?? '',
      callSign: form['callSign'] ?? '',
      capability: form['capability'] || undefined,
    },
    crewMember: { id: form['crewId'] ?? '', level: form['crewLevel'] || undefined },
  });
  if (parsed.success) return { ok: true, value: parsed.data };
  const missing = [
    ...new Set(parsed.error.issues.map((i) => CALL_FIELD_LABELS[String(i.path.at(-1))] ?? String(i.path.join('.')))),
  ];
  return { ok: false, message: `Complete the call details: ${missing.join(', ')}.` };
}

export const CALL_FIELD_LABELS: Record<string, string> = {
  dispatchReason: 'dispatch reason',
  serviceType: 'type of service',
  responseMode: 'response mode',
  dispatchedAt: 'dispatched at (HH:MM)',
  unitDisposition: 'unit disposition',
  transport: 'transport',
  impression: 'provider impression',
  vehicleNumber: 'vehicle number',
  callSign: 'call sign',
  capability: 'unit capability',
  id: 'crew ID',
  level: 'crew level',
};

export type CallExport =
  | { ok: true; xml: string; fileName: string; warnings: ExportWarning[]; draft: NarrativeDraft; encounter: unknown }
  | { ok: false; message: string; errors?: ExportError[] };

/** The call as a NEMSIS 3.5.0 document, built on the device (works offline); its report UUID is kept so every export is the same report. */
export async function exportCall(
  db: RigsideDb,
  context: PatientContext,
  draft: NarrativeDraft,
  clock: Clock = systemClock,
): Promise<CallExport> {
  const call = callDetailsFrom(draft.callForm ?? {}, context.createdAt);
  if (!call.ok) return call;
  const now = clock();
  const withUuid = draft.reportUuid ? draft : { ...draft, reportUuid: uuidv4() };
  if (withUuid !== draft) await writeDraft(db, context, withUuid, now);
  const [doses, record] = await Promise.all([reportedDoses(db, context.id), recordFor(db, context)]);
  const encounter = encounterFromDevice({
    reportUuid: withUuid.reportUuid as string,
    agency: { stateId: agency.stateId, number: agency.number, state: agency.state },
    context,
    doses,
    protocolsApplied: record.protocols.map((p) => ({ createdAt: p.at, tpCode: p.code })),
    narrative: withUuid.saved,
    call: call.value,
    closedAt: now.toISOString(),
  });
  const result = exportEncounter(encounter, { software: RIGSIDE_SOFTWARE });
  if (!result.ok) return { ok: false, message: result.errors.map((e) => e.message).join('; '), errors: result.errors };
  const fileName = `nemsis-${context.fields.epcr_id ?? context.id}.xml`.replace(/[^A-Za-z0-9._-]/g, '_');
  return { ok: true, xml: result.xml, fileName, warnings: result.warnings, draft: withUuid, encounter };
}

export type CloseCallResult =
  | { ok: true; draft: NarrativeDraft; warnings: ExportWarning[] }
  | { ok: false; message: string; errors?: ExportError[] };

/**
 * Closes the call: its encounter (the input of the NEMSIS export, checked by it first) goes to
 * the server in a `call_closed` event, which queues it for the agency's ePCR hand-off; the
 * device keeps a record of the closing (no PHI) and an audit event, in one transaction. The
 * credentials for the ePCR never reach the device: the server submits it.
 */
export async function closeCall(
  db: RigsideDb,
  context: PatientContext,
  draft: NarrativeDraft,
  clock: Clock = systemClock,
): Promise<CloseCallResult> {
  if (draft.closedAt)
    return { ok: false, message: `This call was closed at ${new Date(draft.closedAt).toLocaleTimeString()}.` };
  const exported = await exportCall(db, context, draft, clock);
  if (!exported.ok) return exported;
  const stamp = await currentStamp(db, clock());
  const encounter = exported.encounter as { reportUuid: string; pcrNumber: string };
  const write: RecordWrite = {
    table: 'closedCalls',
    row: {
      id: newRecordId(stamp.now),
      createdAt: stamp.now.toISOString(),
      contextId: context.id,
      reportUuid: encounter.reportUuid,
      pcrNumber: encounter.pcrNumber,
    },
    kind: 'call_closed',
    payload: { context_id: context.id, encounter: exported.encounter },
  };
  await commitAct(db, stamp, { records: [write], audits: [{ action: 'call_closed', details: {} }] });
  const closed = { ...exported.draft, closedAt: stamp.now.toISOString() };
  await writeDraft(db, context, closed, stamp.now);
  return { ok: true, draft: closed, warnings: exported.warnings };
}
