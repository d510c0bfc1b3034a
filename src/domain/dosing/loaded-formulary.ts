import { formularyRecordsSchema, ROUTES, type FormularyRecord, type Route } from './formulary-schema';
import { indexNames, normaliseName } from './medication-lookup';

/**
 * The formulary the engine doses from, as data: the app hands in the records mirrored (and
 * hash-checked) from the dataset in IndexedDB, the CLI and the tests the bundled ones. Only
 * `loadFormulary` makes one, so every formulary the engine sees passed the schema and has
 * names that each mean one drug. It holds its own copy of the records (zod's parse), so a
 * change to what was handed in afterwards changes nothing the engine doses from.
 */
export interface Formulary {
  /** The formulary version(s) its records declare; each dose records its own record's version. */
  readonly version: string;
  readonly medications: readonly FormularyRecord[];
  /** Medications the engine can dose, with their routes and indications, for pickers. */
  readonly dosable: readonly DosableMedication[];
  /** The medication a name means: id, generic name, a brand or an alias (case and spacing aside). */
  byName(name: string): FormularyRecord | undefined;
  byId(id: string): FormularyRecord | undefined;
}

export interface DosableMedication {
  id: string;
  name: string;
  routes: Route[];
  indications: string[];
}

export type FormularyLoad =
  { ok: true; value: Formulary } | { ok: false; error: { code: 'FORMULARY_INVALID'; message: string } };

const LOADED = new WeakSet<Formulary>();

/** Whether `value` is a formulary `loadFormulary` accepted (the engine doses from nothing else). */
export function isLoadedFormulary(value: unknown): value is Formulary {
  return typeof value === 'object' && value !== null && LOADED.has(value as Formulary);
}

/** Validates formulary records (zod, cross-record checks, unambiguous names). Never throws; the error says what to fix. */
export function loadFormulary(raw: unknown): FormularyLoad {
  const parsed = formularyRecordsSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return invalid(`The formulary is not valid (${first.join('; ')}).`);
  }
  // Not frozen deeply: V8 reads frozen arrays on slower paths, which cost the engine about a tenth of its speed.
  const medications = parsed.data;
  if (medications.length === 0) return invalid('The formulary has no medications.');
  const names = indexNames(medications);
  if (!names.ok) return invalid(`The formulary is ambiguous: ${names.message}.`);
  const byId = new Map(medications.map((m) => [m.id, m]));
  const formulary: Formulary = {
    version: [...new Set(medications.map((m) => m.formulary_version))].sort().join(' + '),
    medications,
    dosable: medications
      .filter((m) => m.status === 'calculated')
      .map((m) => ({
        id: m.id,
        name: m.name,
        routes: ROUTES.filter((r) => m.rules.some((rule) => rule.routes.includes(r))),
        indications: m.indications.map((i) => i.id).filter((id) => m.rules.some((r) => r.indications.includes(id))),
      })),
    byName: (name) => names.value.get(normaliseName(name)),
    byId: (id) => byId.get(id),
  };
  LOADED.add(Object.freeze(formulary));
  return { ok: true, value: formulary };
}

function invalid(message: string): FormularyLoad {
  return { ok: false, error: { code: 'FORMULARY_INVALID', message } };
}
