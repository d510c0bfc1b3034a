import { z } from 'zod';
import {
  medicationRecordSchema,
  ROUTES,
  type FormularyRecord,
  type MedicationRecord,
} from '../dosing/formulary-schema';
import { loadFormulary } from '../dosing/loaded-formulary';
import { protocolSchema, tpCodeSchema } from '../protocols/schema';
import { changeLogSchema, type ChangeLog } from './change-log';

/**
 * Protocols and formulary records change through one workflow (draft, review, approval by a
 * second medical director, a scheduled date, activation). A draft is the record as a medical
 * director edits it; these schemas define it for the console and, exported as JSON Schema
 * (`recordJsonSchemas`), for the server's check of the same draft (migration
 * 20261202001100_reference_versions.sql), so the two refuse the same drafts.
 */

export const REFERENCE_KINDS = ['protocol', 'medication'] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

export { CHANGE_TYPES, changeLogEntrySchema, changeLogSchema } from './change-log';
export type { ChangeLog, ChangeLogEntry, ChangeType } from './change-log';

/** A protocol as drafted: the device's record without version and effective date (the workflow assigns them), no extra keys. */
export const protocolDraftSchema = protocolSchema.omit({ version: true, effective_date: true }).strict();
export type ProtocolDraft = z.infer<typeof protocolDraftSchema>;

/** A medication as drafted: the formulary record without what is derived from it (routes, concentrations, formulary version). */
export const medicationDraftSchema = medicationRecordSchema;
export type MedicationDraft = MedicationRecord;

/** The draft schemas as JSON Schema (draft 2020-12, inlined): what the server stores and checks drafts against. */
export function recordJsonSchemas(): Record<'protocol' | 'medication' | 'change_log', unknown> {
  const options = { io: 'input', target: 'draft-2020-12' } as const;
  return {
    protocol: z.toJSONSchema(protocolDraftSchema, options),
    medication: z.toJSONSchema(medicationDraftSchema, options),
    change_log: z.toJSONSchema(changeLogSchema, options),
  };
}

/** The formulary record a drafted medication becomes: routes and concentrations as the bundled build derives them. */
export function formularyRecordFromDraft(draft: MedicationDraft, formularyVersion: string): FormularyRecord {
  return {
    ...draft,
    routes: ROUTES.filter((route) => draft.rules.some((r) => r.routes.includes(route))),
    concentrations: [...new Set(draft.rules.map((r) => r.formulation.label))],
    formulary_version: formularyVersion,
  };
}

export type DraftCheck<T> =
  { ok: true; value: T } | { ok: false; error: { code: 'DRAFT_INVALID'; message: string; problems: string[] } };

function refused<T>(problems: string[]): DraftCheck<T> {
  return {
    ok: false,
    error: {
      code: 'DRAFT_INVALID',
      message: `The draft cannot be used: ${problems[0] ?? 'it is not valid'}`,
      problems,
    },
  };
}

/** One problem per field (an empty field breaks its length and its pattern at once: the first says what to do). */
function issues(error: z.ZodError): string[] {
  const byField = new Map<string, string>();
  for (const i of error.issues) {
    const field = i.path.join('.') || '(record)';
    if (!byField.has(field)) byField.set(field, `${field}: ${i.message}`);
  }
  return [...byField.values()];
}

const blank = (input: unknown) => input === '' || input === undefined || input === null;

/**
 * What to fill in, for a field left empty (a new record, a dose rule just added): zod's own words
 * ("Too small: expected string to have >=1 characters") name the rule, not the fix. Only empty
 * input is reworded; a value that is there but wrong keeps zod's message, and a message a schema
 * gives itself (a protocol code's) wins over these.
 */
const whatToFill: z.core.$ZodErrorMap = (issue) => {
  const { input } = issue;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'number' || issue.expected === 'int')
        return blank(input)
          ? 'enter a number'
          : typeof input === 'string'
            ? `enter a number ("${input}" is not one)`
            : undefined;
      if (!blank(input)) return undefined;
      return issue.expected === 'boolean' ? 'choose yes or no' : 'fill this in';
    case 'invalid_value':
      return blank(input) ? `choose one: ${issue.values.map(String).join(', ')}` : undefined;
    case 'invalid_format':
      return blank(input) ? 'fill this in' : undefined;
    case 'too_small':
      if (issue.origin === 'string' && blank(input)) return 'fill this in';
      if (issue.origin === 'array' && Array.isArray(input))
        return input.length === 0
          ? `add at least ${issue.minimum === 1 ? 'one' : String(issue.minimum)}`
          : `add at least ${String(issue.minimum)} (${input.length} so far)`;
      return undefined;
    case 'invalid_union': {
      // A discriminated union (a dose's kind) not chosen yet.
      const options = 'options' in issue && Array.isArray(issue.options) ? issue.options.map(String) : null;
      const chosen = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)['kind'] : input;
      return options && blank(chosen) ? `choose one: ${options.join(', ')}` : undefined;
    }
    default:
      return undefined;
  }
};

export function checkChangeLog(raw: unknown): DraftCheck<ChangeLog> {
  const parsed = changeLogSchema.safeParse(raw, { error: whatToFill });
  return parsed.success
    ? { ok: true, value: parsed.data }
    : refused(issues(parsed.error).map((p) => `change log ${p}`));
}

/**
 * Whether a protocol draft is one devices can use: the schema, its code, and that pediatric
 * protocols (and only they) end in -P.
 */
export function checkProtocolDraft(key: string, raw: unknown): DraftCheck<ProtocolDraft> {
  const parsed = protocolDraftSchema.safeParse(raw, { error: whatToFill });
  if (!parsed.success) return refused(issues(parsed.error));
  const draft = parsed.data;
  if (draft.tp_code !== key) return refused([`tp_code: ${draft.tp_code} must be the protocol being edited, ${key}`]);
  if ((draft.population === 'pediatric') !== draft.tp_code.endsWith('-P'))
    return refused(['population: pediatric protocols, and only they, have a code ending in -P']);
  return { ok: true, value: draft };
}

/**
 * Whether a medication draft is one the dosing engine can load beside the rest of the
 * formulary (`others`, the records in force): its own schema, then the whole formulary as the
 * device loads it (rule ids, indications, interactions naming known drugs, names that mean one
 * drug), so a draft that would leave rigs without a usable formulary is refused here.
 */
export function checkMedicationDraft(
  key: string,
  raw: unknown,
  others: readonly FormularyRecord[],
): DraftCheck<MedicationDraft> {
  const parsed = medicationDraftSchema.safeParse(raw, { error: whatToFill });
  if (!parsed.success) return refused(issues(parsed.error));
  const draft = parsed.data;
  if (draft.id !== key) return refused([`id: ${draft.id} must be the medication being edited, ${key}`]);
  const formulary = [...others.filter((o) => o.id !== key), formularyRecordFromDraft(draft, 'draft')];
  const load = loadFormulary(formulary);
  if (!load.ok) return refused([load.error.message]);
  return { ok: true, value: draft };
}

export function checkDraft(
  kind: ReferenceKind,
  key: string,
  raw: unknown,
  otherMedications: readonly FormularyRecord[],
): DraftCheck<ProtocolDraft | MedicationDraft> {
  return kind === 'protocol' ? checkProtocolDraft(key, raw) : checkMedicationDraft(key, raw, otherMedications);
}

/** The field of a record that is its key in the workflow (reference_versions.record_key). */
export const KEY_FIELDS = { protocol: 'tp_code', medication: 'id' } as const satisfies Record<ReferenceKind, string>;

/**
 * Whether a brand-new record's key is one to start a record under: written as the server writes
 * keys (migration 20261202001100, reference_draft_problem), and not the key of a record already in
 * force, whose change starts from that record instead.
 */
export function checkNewRecordKey(
  kind: ReferenceKind,
  key: string,
  keysInForce: readonly string[],
): DraftCheck<string> {
  const field = KEY_FIELDS[kind];
  const form =
    kind === 'protocol'
      ? 'a protocol code is four digits, with -P for pediatric (e.g. 1211, 1210-P)'
      : 'a medication id is its generic name in kebab case (e.g. calcium-chloride)';
  if (key.trim() === '') return refused([`${field}: fill this in first: ${form}`]);
  const wellFormed = kind === 'protocol' ? tpCodeSchema.safeParse(key).success : /^[a-z0-9]+(-[a-z0-9]+)*$/.test(key);
  if (!wellFormed) return refused([`${field}: ${form}`]);
  if (keysInForce.includes(key))
    return refused([
      `${field}: ${kind} ${key} is already in force: to change it, choose it under “Change a” and start a draft from it`,
    ]);
  return { ok: true, value: key };
}
