import { recordJsonSchemas, type ReferenceKind } from '../../domain/versions/drafts';

/**
 * The draft form reads the shape of a record from the device's zod schemas, as JSON Schema
 * (`recordJsonSchemas`, the very schemas the server checks drafts against): which field is a
 * number, which a choice and among what, which a list of records and what an empty one of them
 * is. No second description of a protocol or a dose rule is kept here.
 */
export interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  enum?: unknown[];
  const?: unknown;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  minItems?: number;
  additionalProperties?: boolean | SchemaNode;
  /** An object keyed by a fixed set of names (a dose per tape colour): the names it may have. */
  propertyNames?: SchemaNode;
}

let schemas: Record<ReferenceKind, SchemaNode> | null = null;

/** The draft schema of a kind of record (JSON Schema as z.toJSONSchema writes it, computed once). */
export function draftSchema(kind: ReferenceKind): SchemaNode {
  // z.toJSONSchema's output is plain JSON Schema; SchemaNode names the part of it this form reads.
  schemas ??= recordJsonSchemas() as Record<ReferenceKind, SchemaNode>;
  return schemas[kind];
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A field's name as the form labels it ("max_single" reads "max single"; a list's element "#2"). */
export const fieldLabel = (key: string | number) => (typeof key === 'number' ? `#${key + 1}` : key.replace(/_/g, ' '));

/** The choices of a union told apart by `kind` (a dose: fixed, per_kg, sequence…), or null. */
export function kindChoices(node: SchemaNode | undefined): string[] | null {
  const branches = node?.oneOf;
  if (!branches?.length) return null;
  const kinds = branches.map((b) => b.properties?.['kind']?.const);
  return kinds.every((k): k is string => typeof k === 'string') ? kinds : null;
}

/**
 * A `kind` union that may instead be one of a few words (an unknown-age dose for a tape colour:
 * a dose, or "ask" when the colour does not settle it): the union and the words, or null.
 */
export function kindsOrWords(node: SchemaNode | undefined): { union: SchemaNode; words: string[] } | null {
  const members = node?.anyOf;
  if (!members?.length) return null;
  const union = members.find((m) => kindChoices(m));
  const others = members.filter((m) => m !== union).map((m) => m.const);
  if (!union || !others.every((w): w is string => typeof w === 'string')) return null;
  return { union, words: others };
}

/** The names an object keyed by a fixed set may have (the tape colours), in the schema's order, or null. */
export function fixedKeys(node: SchemaNode | undefined): string[] | null {
  const names = node?.propertyNames?.enum;
  if (typeof node?.additionalProperties !== 'object' || !names?.every((n): n is string => typeof n === 'string'))
    return null;
  return names;
}

/** The branch of a `kind` union that a value is (or null while no kind is chosen). */
export function branchFor(node: SchemaNode | undefined, value: unknown): SchemaNode | null {
  if (!kindChoices(node) || !isObject(value)) return null;
  return node!.oneOf!.find((b) => b.properties?.['kind']?.const === value['kind']) ?? null;
}

/** What describes a field of an object or an element of a list, given the value that holds it. */
export function childSchema(
  node: SchemaNode | undefined,
  value: unknown,
  key: string | number,
): SchemaNode | undefined {
  if (!node) return undefined;
  const object = kindChoices(node) ? branchFor(node, value) : node;
  if (!object) return key === 'kind' ? { type: 'string', enum: kindChoices(node)! } : undefined;
  if (typeof key === 'number') return object.items;
  if (object.properties?.[key]) return object.properties[key];
  return typeof object.additionalProperties === 'object' ? object.additionalProperties : undefined;
}

/** The properties of an object node (of the chosen branch, for a `kind` union), with whether each is required. */
export function propertiesOf(
  node: SchemaNode | undefined,
  value: unknown,
): Array<{ name: string; schema: SchemaNode; required: boolean }> {
  const object = kindChoices(node) ? branchFor(node, value) : node;
  const keys = fixedKeys(object ?? undefined);
  // Keyed by a fixed set of names (a dose per tape colour): each name is a field, in the set's order.
  const entries: Array<[string, SchemaNode]> = keys
    ? keys.map((key) => [key, object!.additionalProperties as SchemaNode])
    : Object.entries(object?.properties ?? {});
  return entries.map(([name, schema]) => ({
    name,
    schema,
    required: object?.required?.includes(name) ?? false,
  }));
}

/**
 * An empty value of a node: what a new record or a new dose rule starts as. Text, numbers,
 * choices and yes/no start blank ('') and lists empty; optional fields are left out; a union
 * told apart by `kind` starts with no kind chosen. Nothing is given a value the schema would
 * accept on its own, so an empty rule is refused until a medical director fills it in.
 */
export function emptyValue(node: SchemaNode | undefined): unknown {
  if (!node) return '';
  if (node.const !== undefined) return node.const;
  if (kindChoices(node) || kindsOrWords(node)) return { kind: '' };
  if (node.type === 'array') return [];
  if (node.type === 'object') {
    const out: Record<string, unknown> = {};
    for (const { name, schema, required } of propertiesOf(node, {})) if (required) out[name] = emptyValue(schema);
    return out;
  }
  return '';
}

/**
 * A value of a `kind` union made the chosen kind: the new kind's fields, empty, keeping those
 * the old value had under the same name (a per-kg dose's ceiling, say, is still its ceiling).
 */
export function withKind(node: SchemaNode, value: unknown, kind: string): Record<string, unknown> {
  const branch = branchFor(node, { kind });
  if (!branch) return { kind };
  const fresh = emptyValue(branch) as Record<string, unknown>;
  const old = isObject(value) ? value : {};
  for (const name of Object.keys(branch.properties ?? {}))
    if (name !== 'kind' && old[name] !== undefined) fresh[name] = old[name];
  return fresh;
}

/** A field's simple kind as the form draws it, read from its schema. */
export type FieldShape =
  | { shape: 'choice'; options: string[] }
  | { shape: 'number'; integer: boolean }
  | { shape: 'yes-no' }
  | { shape: 'text' }
  | { shape: 'choices'; options: string[] }
  | { shape: 'list' }
  | { shape: 'records'; item: SchemaNode }
  | { shape: 'object' }
  | { shape: 'unknown' };

export function shapeOf(node: SchemaNode | undefined): FieldShape {
  if (!node) return { shape: 'unknown' };
  const strings = (values: unknown[] | undefined) =>
    values?.every((v): v is string => typeof v === 'string') ? values : null;
  const options = strings(node.enum);
  if (options) return { shape: 'choice', options };
  if (node.type === 'number' || node.type === 'integer') return { shape: 'number', integer: node.type === 'integer' };
  if (node.type === 'boolean') return { shape: 'yes-no' };
  if (node.type === 'string') return { shape: 'text' };
  if (node.type === 'array' && node.items) {
    const itemOptions = strings(node.items.enum);
    if (itemOptions) return { shape: 'choices', options: itemOptions };
    if (node.items.type === 'object' || kindChoices(node.items)) return { shape: 'records', item: node.items };
    return { shape: 'list' };
  }
  if (node.type === 'object' || kindChoices(node) || kindsOrWords(node)) return { shape: 'object' };
  return { shape: 'unknown' };
}
