import { z } from 'zod';
import type { DoseRequest, DoseResult, GivenDose } from '../domain/dosing/engine';
import { DOSE_UNITS } from '../domain/dosing/formulary-schema';
import type { RigsideDb, StoredRecord } from './db';
import type { RecordWrite } from './outbox-writer';
import { newRecordId } from './record-id';

/**
 * The request as recorded: the patient's free-text allergies and medications are PHI that
 * lives sealed in the patient context, so the record keeps only how many were checked.
 * The warnings they raised are recorded in the formulary's words.
 */
export type RecordedDoseRequest = Omit<DoseRequest, 'allergies' | 'home_medications'> & {
  allergies_checked?: number;
  home_medications_checked?: number;
};

export interface DosingCalculationRecord extends StoredRecord {
  contextId: string | null;
  request: RecordedDoseRequest;
  result: DoseResult;
}

export function redactRequest(request: DoseRequest): RecordedDoseRequest {
  const { allergies, home_medications, ...rest } = request;
  return {
    ...rest,
    ...(allergies ? { allergies_checked: allergies.length } : {}),
    ...(home_medications ? { home_medications_checked: home_medications.length } : {}),
  };
}

/**
 * The record of a dose the crew confirmed, with its inputs, outputs, warnings and formulary
 * version, and the payload of the event that carries it (committed by src/app/actions).
 */
export function dosingCalculationWrite(
  input: { request: DoseRequest; result: DoseResult; contextId?: string | null },
  now: Date,
): RecordWrite & { row: DosingCalculationRecord } {
  const row: DosingCalculationRecord = {
    id: newRecordId(now),
    createdAt: now.toISOString(),
    contextId: input.contextId ?? null,
    request: redactRequest(input.request),
    result: input.result,
  };
  return {
    table: 'dosingCalculations',
    row,
    kind: 'dosing_calculation',
    payload: {
      context_id: row.contextId,
      medication: row.result.medication,
      route: row.result.route,
      indication: row.result.indication,
      inputs: row.request,
      dose: row.result.dose,
      volume_ml: row.result.volume_ml,
      concentration: row.result.concentration,
      color: row.result.color,
      capped: row.result.capped,
      warnings: row.result.warnings,
      formulary_version: row.result.formulary_version,
    },
  };
}

/** The rows recorded for one patient context, oldest first, as stored: read them with readStoredDoses. */
export async function dosesForContext(db: RigsideDb, contextId: string): Promise<unknown[]> {
  return db.dosingCalculations.where('contextId').equals(contextId).sortBy('createdAt');
}

// What a dose row must still carry to be counted and shown; rows written by older versions carry at least this.
const storedDoseSchema = z.object({
  id: z.string().min(1),
  createdAt: z.string().datetime({ offset: true }),
  result: z.object({
    medication: z.string().min(1),
    route: z.string().optional(),
    rule: z.string().optional(),
    dose: z.object({ value: z.number().positive(), unit: z.enum(DOSE_UNITS) }),
    volume_ml: z.number().nonnegative().nullable().optional(),
  }),
});

/** A recorded dose as the screens and the engine read it back. */
export interface StoredDose {
  id: string;
  medication: string;
  route: string | undefined;
  rule: string | undefined;
  dose: { value: number; unit: (typeof DOSE_UNITS)[number] };
  volumeMl: number | null;
  at: string;
}

/**
 * The context's recorded doses, validated on read (stored data outlives the code that wrote
 * it). A row that no longer reads is counted and reported, never silently dropped: a missing
 * dose would under-count the max total.
 */
export function readStoredDoses(records: readonly unknown[]): { doses: StoredDose[]; unreadable: number } {
  const doses: StoredDose[] = [];
  let unreadable = 0;
  for (const row of records) {
    const parsed = storedDoseSchema.safeParse(row);
    if (!parsed.success) {
      unreadable++;
      continue;
    }
    const { id, createdAt, result } = parsed.data;
    doses.push({
      id,
      medication: result.medication,
      route: result.route,
      rule: result.rule,
      dose: result.dose,
      volumeMl: result.volume_ml ?? null,
      at: createdAt,
    });
  }
  return { doses, unreadable };
}

/** The context's recorded doses as the engine's given doses, with the count of rows that could not be read. */
export function givenDosesFrom(records: readonly unknown[]): { doses: GivenDose[]; unreadable: number } {
  const { doses, unreadable } = readStoredDoses(records);
  return {
    doses: doses.map((d) => ({
      medication: d.medication,
      dose: d.dose,
      at: d.at,
      ...(d.route ? { route: d.route } : {}),
      ...(d.rule ? { rule: d.rule } : {}),
    })),
    unreadable,
  };
}
