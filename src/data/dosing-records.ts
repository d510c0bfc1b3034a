import type { DoseRequest, DoseResult } from '../domain/dosing/engine';
import type { RigsideDb, StoredRecord } from './db';
import { appendWithEvent } from './outbox-store';

export interface DosingCalculationRecord extends StoredRecord {
  contextId: string | null;
  request: DoseRequest;
  result: DoseResult;
}

/**
 * Records a dose the crew confirmed, with its inputs, outputs, warnings and formulary
 * version, and queues it for the server in the same transaction.
 */
export async function recordDosingCalculation(
  db: RigsideDb,
  input: { request: DoseRequest; result: DoseResult; contextId?: string | null },
  now = new Date(),
): Promise<DosingCalculationRecord> {
  const { record } = await appendWithEvent<DosingCalculationRecord>(
    db,
    {
      table: 'dosingCalculations',
      kind: 'dosing_calculation',
      record: (id) => ({ id, createdAt: now.toISOString(), contextId: input.contextId ?? null, request: input.request, result: input.result }),
      payload: (r) => ({
        context_id: r.contextId,
        medication: r.result.medication,
        route: r.result.route,
        indication: r.result.indication,
        inputs: r.request,
        dose: r.result.dose,
        volume_ml: r.result.volume_ml,
        concentration: r.result.concentration,
        color: r.result.color,
        capped: r.result.capped,
        warnings: r.result.warnings,
        formulary_version: r.result.formulary_version,
      }),
    },
    now,
  );
  return record;
}

/** Doses recorded for one patient context, oldest first. */
export async function dosesForContext(db: RigsideDb, contextId: string): Promise<DosingCalculationRecord[]> {
  const rows = await db.dosingCalculations.where('contextId').equals(contextId).sortBy('createdAt');
  return rows as DosingCalculationRecord[];
}
