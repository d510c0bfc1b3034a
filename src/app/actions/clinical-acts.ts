import type { RigsideDb } from '../../data/db';
import { currentStamp } from '../../data/crew';
import { commitAct } from '../../data/outbox-writer';
import { dosingCalculationWrite, type DosingCalculationRecord } from '../../data/dosing-records';
import { protocolUsageWrite, type ProtocolUsageRecord } from '../../data/protocol-usage';
import { sealContext } from '../../data/patient-contexts';
import type { DoseRequest, DoseResult } from '../../domain/dosing/engine';
import type { PatientContext } from '../../domain/patient/context';

/**
 * Clinical acts, each ONE transaction: its record, its audit event and the outbox events
 * that carry both (DESIGN.md, Sync). Screens call these; they never write records themselves.
 */
export type Clock = () => Date;
const systemClock: Clock = () => new Date();

/** The crew confirmed a calculated dose: record it, audit it, queue both. */
export async function confirmDose(
  db: RigsideDb,
  input: { request: DoseRequest; result: DoseResult; contextId: string | null },
  clock: Clock = systemClock,
): Promise<DosingCalculationRecord> {
  const stamp = await currentStamp(db, clock());
  const write = dosingCalculationWrite(input, stamp.now);
  const { result } = input;
  await commitAct(db, stamp, {
    records: [write],
    audits: [
      {
        action: 'dosing_calculated',
        details: { medication: result.medication, route: result.route, formulary_version: result.formulary_version },
      },
    ],
  });
  return write.row;
}

export interface ProtocolUseInput {
  tpCode: string;
  query: string | null;
  contextId: string | null;
  datasetVersion: string | null;
}

/** A protocol was opened (viewed) or applied to the patient in front of the crew. */
export async function recordProtocolUse(
  db: RigsideDb,
  action: 'viewed' | 'applied',
  input: ProtocolUseInput,
  clock: Clock = systemClock,
): Promise<ProtocolUsageRecord> {
  const stamp = await currentStamp(db, clock());
  const write = protocolUsageWrite({ ...input, action }, stamp.now);
  await commitAct(db, stamp, {
    records: [write],
    audits: [
      {
        action: action === 'viewed' ? 'protocol_viewed' : 'protocol_applied',
        details: { tp_code: input.tpCode, dataset_version: input.datasetVersion },
      },
    ],
  });
  return write.row;
}

/** Opens a patient (no id) or saves new fields for the open one; its PHI is sealed before anything is written. */
export async function savePatient(
  db: RigsideDb,
  input: { id?: string | undefined; fields: unknown },
  clock: Clock = systemClock,
): Promise<PatientContext> {
  const stamp = await currentStamp(db, clock());
  const { context, write } = await sealContext(db, input, stamp.now);
  await commitAct(db, stamp, {
    patientContext: write,
    audits: input.id ? [] : [{ action: 'patient_context_opened', details: {} }],
  });
  return context;
}
