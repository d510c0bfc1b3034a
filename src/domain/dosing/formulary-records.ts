import { FORMULARY, FORMULARY_VERSION } from './formulary';
import { formularyRecordsSchema, ROUTES, type FormularyRecord, type MedicationRecord } from './formulary-schema';

export { formularyRecordSchema, formularyRecordsSchema, type FormularyRecord } from './formulary-schema';

function toRecord(med: MedicationRecord): FormularyRecord {
  return {
    ...med,
    routes: ROUTES.filter((route) => med.rules.some((r) => r.routes.includes(route))),
    concentrations: [...new Set(med.rules.map((r) => r.formulation.label))],
    formulary_version: FORMULARY_VERSION,
  };
}

let cached: FormularyRecord[] | null = null;

/** Every medication of the formulary as a validated, JSON-ready record. Throws only if the shipped data is broken (a bug). */
export function formularyRecords(): FormularyRecord[] {
  cached ??= formularyRecordsSchema.parse(FORMULARY.map(toRecord));
  return structuredClone(cached);
}
