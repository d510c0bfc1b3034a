import { FORMULARY, FORMULARY_VERSION } from './formulary';
import { formularyRecordsSchema, ROUTES, type FormularyRecord, type MedicationRecord } from './formulary-schema';
import { loadFormulary, type Formulary } from './loaded-formulary';

/**
 * The formulary this build ships (src/domain/dosing/formulary/, one file per medication) as
 * dataset records: `npm run build:dataset` puts them in the bundle the app mirrors, and the
 * CLI and the tests dose from them. The app itself doses only from the mirrored copy.
 */

function toRecord(med: MedicationRecord): FormularyRecord {
  return {
    ...med,
    routes: ROUTES.filter((route) => med.rules.some((r) => r.routes.includes(route))),
    concentrations: [...new Set(med.rules.map((r) => r.formulation.label))],
    formulary_version: FORMULARY_VERSION,
  };
}

let records: FormularyRecord[] | null = null;
let loaded: Formulary | null = null;

/** Every medication of the bundled formulary as a validated, JSON-ready record. Throws only if the shipped data is broken (a bug). */
export function bundledFormularyRecords(): FormularyRecord[] {
  records ??= formularyRecordsSchema.parse(FORMULARY.map(toRecord));
  return structuredClone(records);
}

/** The bundled formulary, loaded as the engine takes it. Throws only if the shipped data is broken (a bug). */
export function bundledFormulary(): Formulary {
  if (!loaded) {
    const load = loadFormulary(bundledFormularyRecords());
    if (!load.ok) throw new Error(`the bundled formulary is broken: ${load.error.message}`);
    loaded = load.value;
  }
  return loaded;
}
