/**
 * Field-level differences between two versions of a reference record (a formulary record's
 * dose rules, a protocol's fields and sections), for the reviewer's diff and the crew's
 * "what changed". Lists of records are matched by their identity (a dose rule by `id`, a
 * section by `title`, a protocol medication by `medication_id`), not by position, so a rule
 * inserted at the top does not make every later rule look changed. Text within a changed
 * field is compared word by word by the console (jsdiff); this module says which fields.
 */

export type FieldPath = ReadonlyArray<string | number>;

export interface FieldChange {
  path: FieldPath;
  /** The path as a reviewer reads it: "rules › epinephrine-adult-anaphylaxis › dose › value". */
  label: string;
  change: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

const IDENTITY_KEYS = ['id', 'medication_id', 'title', 'label'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The key that names each element of both lists of records, when every element of each has a distinct one. */
function identityKey(before: readonly unknown[], after: readonly unknown[]): string | null {
  const all = [...before, ...after];
  if (all.length === 0 || !all.every(isObject)) return null;
  const names = (items: readonly unknown[], key: string) => items.map((i) => (i as Record<string, unknown>)[key]);
  const distinct = (values: unknown[]) =>
    values.every((v) => typeof v === 'string') && new Set(values).size === values.length;
  return IDENTITY_KEYS.find((key) => distinct(names(before, key)) && distinct(names(after, key))) ?? null;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameJson(a[k], b[k]));
  }
  return false;
}

export function labelOf(path: FieldPath): string {
  // An element whose id is still empty (a dose rule just added) is named as such, not by nothing.
  return path.map((p) => (typeof p === 'number' ? `#${p + 1}` : p === '' ? '(no name yet)' : p)).join(' › ');
}

function walk(before: unknown, after: unknown, path: (string | number)[], out: FieldChange[]): void {
  if (sameJson(before, after)) return;
  if (before === undefined) {
    out.push({ path, label: labelOf(path), change: 'added', after });
    return;
  }
  if (after === undefined) {
    out.push({ path, label: labelOf(path), change: 'removed', before });
    return;
  }
  if (isObject(before) && isObject(after)) {
    const keys = [...Object.keys(after), ...Object.keys(before).filter((k) => !(k in after))];
    for (const key of keys) walk(before[key], after[key], [...path, key], out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const key = identityKey(before, after);
    // Records matched by identity (a rule by id, a section by title).
    if (key) {
      const name = (item: unknown) => String((item as Record<string, unknown>)[key]);
      const old = new Map(before.map((item) => [name(item), item]));
      const now = new Map(after.map((item) => [name(item), item]));
      for (const [id, item] of now) walk(old.get(id), item, [...path, id], out);
      for (const [id, item] of old) if (!now.has(id)) walk(item, undefined, [...path, id], out);
      return;
    }
    // Lists of values (keywords, items of a section) are one field: the console shows the words that changed.
    const values: unknown[] = [...(before as unknown[]), ...(after as unknown[])];
    if (values.every((v) => !isObject(v) && !Array.isArray(v))) {
      out.push({ path, label: labelOf(path), change: 'changed', before, after });
      return;
    }
    const length = Math.max(before.length, after.length);
    for (let i = 0; i < length; i++) walk(before[i], after[i], [...path, i], out);
    return;
  }
  out.push({ path, label: labelOf(path), change: 'changed', before, after });
}

/** Every field that differs between `before` (the version in force, or null for a new record) and `after`. */
export function diffRecords(before: unknown, after: unknown): FieldChange[] {
  const out: FieldChange[] = [];
  walk(before ?? undefined, after, [], out);
  return out;
}

/** A value JSON holds as itself: a word, a number, yes/no, null. */
const isPlain = (v: unknown): v is string | number | boolean | null =>
  v === null || ['string', 'number', 'boolean'].includes(typeof v);

/**
 * A field's value as text for the reviewer and the word-level comparison: a list of words one per
 * line; a record (a dose rule added whole) as "field: value" lines, what it holds indented under
 * its field, a list of words on one line, an empty list "(none)", records in a list as #1, #2.
 */
export function fieldText(value: unknown): string {
  if (value === undefined) return '';
  if (Array.isArray(value) && value.every(isPlain)) return value.map(String).join('\n');
  if (isPlain(value)) return String(value);
  return readableLines(value, '').join('\n');
}

function readableLines(value: unknown, indent: string): string[] {
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((item, i) => [`#${i + 1}`, item])
    : Object.entries(value as Record<string, unknown>);
  return entries.flatMap(([key, v]) => {
    if (v === undefined) return [];
    if (isPlain(v)) return [`${indent}${key}: ${String(v)}`];
    if (Array.isArray(v) && v.length === 0) return [`${indent}${key}: (none)`];
    if (Array.isArray(v) && v.every(isPlain)) return [`${indent}${key}: ${v.map(String).join(', ')}`];
    if (isObject(v) && Object.keys(v).length === 0) return [`${indent}${key}: (none)`];
    return [`${indent}${key}:`, ...readableLines(v, `${indent}  `)];
  });
}

/**
 * A record with no version in force, field by field, every field added: a list of records (dose
 * rules, sections) one row per record, named as the diff names them; a list left empty is still a
 * row, since a reviewer of a new drug needs to see that it has no contraindications listed.
 */
export function fieldsOfNewRecord(after: Record<string, unknown>): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [key, value] of Object.entries(after)) {
    if (Array.isArray(value) && value.length > 0 && value.every(isObject)) {
      const identity = identityKey([], value);
      value.forEach((item, i) => {
        const path = [key, identity ? String(item[identity]) : i];
        out.push({ path, label: labelOf(path), change: 'added', after: item });
      });
    } else out.push({ path: [key], label: labelOf([key]), change: 'added', after: value });
  }
  return out;
}
