import { useEffect, useId, useRef, useState } from 'react';
import { RecordList } from './RecordList';
import {
  childSchema,
  emptyValue,
  fieldLabel,
  fixedKeys,
  isObject,
  kindChoices,
  kindsOrWords,
  propertiesOf,
  shapeOf,
  withKind,
  type SchemaNode,
} from './record-schema';
import { ConfirmRemove } from './ConfirmRemove';
import { ChoiceField, ChoicesField, Label, TextField } from './field-inputs';

/**
 * A form over a protocol or formulary record. What each field is comes from the draft's schema
 * (the device's zod schemas as JSON Schema, record-schema.ts): a number, a word, a choice among
 * the schema's values, yes/no, several routes as check boxes, a list one item per line, a list
 * of records (dose rules, sections) one collapsible group each, named by its id or title, with
 * "Add dose rule" and "Remove this rule" (after a confirmation), and a dose per tape colour one
 * small group per colour in tape order (every colour for by_band; any for an unknown age, each
 * a dose or "ask"). Optional fields the record lacks are offered empty; emptied again, they
 * leave the record. A new element starts empty, nothing clinical filled in for the director,
 * and the same schemas check what is typed, live, beside the form. Without a schema the form
 * draws what the record holds, as before.
 */
export type Path = Array<string | number>;
type Json = unknown;

export interface FormContext {
  update: (path: Path, value: Json) => void;
  /** Takes a field out of its object, or an element out of its list. */
  remove: (path: Path) => void;
  /** Paths that held a number: they stay number fields while a number is half typed (no schema). */
  numeric: Set<string>;
}

export function RecordForm({
  record,
  onChange,
  schema,
  identity,
}: {
  record: Record<string, Json>;
  onChange: (next: Record<string, Json>) => void;
  schema?: SchemaNode;
  /** Fields that say which record this is, drawn first under their own heading (a new record's). */
  identity?: { legend: string; fields: readonly string[] };
}) {
  const numeric = useRef(new Set<string>()).current;
  collectNumbers(record, [], numeric);
  const context: FormContext = {
    update: (path, value) => onChange(setAt(record, path, value) as Record<string, Json>),
    remove: (path) => onChange(removeAt(record, path) as Record<string, Json>),
    numeric,
  };
  return (
    <div className="record-form">
      {identity && (
        <fieldset className="record-group identity-group">
          <legend>{identity.legend}</legend>
          <ObjectFields value={record} path={[]} schema={schema} context={context} only={identity.fields} />
        </fieldset>
      )}
      <ObjectFields value={record} path={[]} schema={schema} context={context} skip={identity?.fields} />
    </div>
  );
}

function collectNumbers(value: Json, path: Path, into: Set<string>): void {
  if (typeof value === 'number') into.add(path.join('.'));
  else if (Array.isArray(value)) value.forEach((v: Json, i) => collectNumbers(v, [...path, i], into));
  else if (isObject(value)) for (const [k, v] of Object.entries(value)) collectNumbers(v, [...path, k], into);
}

function setAt(root: Json, path: Path, value: Json): Json {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(root)) return root.map((item: Json, i) => (i === head ? setAt(item, rest, value) : item));
  const object = isObject(root) ? root : {};
  return { ...object, [head as string]: setAt(object[head as string], rest, value) };
}

function removeAt(root: Json, path: Path): Json {
  const [head, ...rest] = path;
  if (rest.length > 0) {
    if (Array.isArray(root)) return root.map((item: Json, i) => (i === head ? removeAt(item, rest) : item));
    const object = root as Record<string, Json>;
    return { ...object, [head as string]: removeAt(object[head as string], rest) };
  }
  if (Array.isArray(root)) return root.filter((_, i) => i !== head);
  const { [head as string]: _gone, ...kept } = root as Record<string, Json>;
  return kept;
}

const human = fieldLabel;

interface FieldProps {
  name: string | number;
  value: Json;
  path: Path;
  schema: SchemaNode | undefined;
  context: FormContext;
  /** Optional in the schema: emptied, it leaves the record. */
  optional?: boolean;
}

function ObjectFields({
  value,
  path,
  schema: given,
  context,
  only,
  skip,
}: {
  value: Json;
  path: Path;
  schema: SchemaNode | undefined;
  context: FormContext;
  only?: readonly string[];
  skip?: readonly string[];
}) {
  const object = isObject(value) ? value : {};
  // A union that may instead be a word ("ask"): the word is one more choice of kind, with no fields.
  const orWords = kindsOrWords(given);
  const schema = orWords?.union ?? given;
  const words = orWords?.words ?? [];
  const word = typeof value === 'string' && words.includes(value) ? value : null;
  const kinds = kindChoices(schema);
  const properties = propertiesOf(schema, object);
  const shown = (key: string) => (!only || only.includes(key)) && !skip?.includes(key) && !(kinds && key === 'kind');
  // The schema's fields in the schema's order, there or not, so that a field keeps its place (and
  // its input, and the focus) when it comes into the record or leaves it; then any the schema lacks.
  const fields = [
    ...properties.filter((p) => shown(p.name)).map((p) => ({ name: p.name, schema: p.schema, optional: !p.required })),
    ...Object.keys(object)
      .filter((key) => shown(key) && !properties.some((p) => p.name === key))
      .map((key) => ({ name: key, schema: undefined, optional: schema !== undefined })),
  ];
  return (
    <>
      {kinds && (!only || only.includes('kind')) && !skip?.includes('kind') && (
        <ChoiceField
          label="kind"
          value={word ?? object['kind']}
          options={[...kinds, ...words]}
          onChange={(kind) => context.update(path, words.includes(kind) ? kind : withKind(schema!, object, kind))}
        />
      )}
      {fields.map((field) => (
        <Field
          key={field.name}
          name={field.name}
          value={object[field.name]}
          path={[...path, field.name]}
          schema={field.schema ?? childSchema(schema, object, field.name)}
          context={context}
          optional={field.optional}
        />
      ))}
    </>
  );
}

function Field({ name, value, path, schema, context, optional }: FieldProps) {
  const id = useId();
  const { update, remove } = context;
  /** Emptied, an optional field leaves the record; a required one stays, empty, for the check to name. */
  const setOrClear = (next: Json) => (next === '' && optional ? remove(path) : update(path, next));
  const shape = schema ? shapeOf(schema) : shapeFromValue(value, path, context.numeric);

  switch (shape.shape) {
    case 'yes-no':
      // Optional: a check box (unticked is the same as absent). Required: a yes/no choice, so that a new
      // record assumes no answer, and the same control before and after it is given.
      if (optional || (!schema && typeof value === 'boolean'))
        return (
          <label className="field checkbox">
            <input type="checkbox" checked={value === true} onChange={(e) => update(path, e.target.checked)} />
            <span>
              {human(name)} {optional && <span className="muted small">(optional)</span>}
            </span>
          </label>
        );
      return (
        <ChoiceField
          label={name}
          value={value}
          options={['true', 'false']}
          labels={{ true: 'yes', false: 'no' }}
          onChange={(v) => update(path, v === '' ? '' : v === 'true')}
        />
      );
    case 'choice':
      return (
        <ChoiceField label={name} value={value} options={shape.options} optional={optional} onChange={setOrClear} />
      );
    case 'number':
      return (
        <div className="field">
          <Label htmlFor={id} name={name} optional={optional} hint={shape.integer ? 'a whole number' : undefined} />
          <input
            id={id}
            inputMode="decimal"
            value={typeof value === 'number' || typeof value === 'string' ? String(value) : ''}
            onChange={(e) => {
              const text = e.target.value.trim();
              // A whole number as typed becomes one; half-typed ("0.") stays text until it is, and the check says so.
              setOrClear(/^-?\d+(\.\d+)?$/.test(text) ? Number(text) : e.target.value);
            }}
          />
        </div>
      );
    case 'text':
      return <TextField name={name} value={value} optional={optional} onChange={setOrClear} />;
    case 'choices':
      return <ChoicesField name={name} value={value} options={shape.options} onChange={(v) => update(path, v)} />;
    case 'list': {
      const list = Array.isArray(value) ? (value as Array<string | number>) : [];
      return (
        <div className="field">
          <Label htmlFor={id} name={name} hint="one per line" />
          <textarea
            id={id}
            value={list.join('\n')}
            rows={Math.min(8, Math.max(2, list.length + 1))}
            onChange={(e) =>
              update(
                path,
                e.target.value === ''
                  ? []
                  : e.target.value
                      .split('\n')
                      .map((line) =>
                        list.length > 0 &&
                        list.every((x) => typeof x === 'number') &&
                        line.trim() !== '' &&
                        Number.isFinite(Number(line))
                          ? Number(line)
                          : line,
                      ),
              )
            }
          />
        </div>
      );
    }
    case 'records':
      return (
        <RecordList
          name={name}
          value={Array.isArray(value) ? value : []}
          path={path}
          item={schema ? shape.item : undefined}
          context={context}
          fields={(element, at) =>
            isObject(element) || schema ? (
              <ObjectFields value={element} path={at} schema={schema ? shape.item : undefined} context={context} />
            ) : (
              <Field name={at[at.length - 1]!} value={element} path={at} schema={undefined} context={context} />
            )
          }
        />
      );
    case 'object':
      return (
        <ObjectGroup name={name} value={value} path={path} schema={schema} context={context} optional={optional} />
      );
    case 'unknown':
      return null;
  }
}

/** Without a schema: what the value is (a number stays one while half typed). */
function shapeFromValue(value: Json, path: Path, numeric: Set<string>): ReturnType<typeof shapeOf> {
  if (typeof value === 'boolean') return { shape: 'yes-no' };
  if (typeof value === 'number' || numeric.has(path.join('.'))) return { shape: 'number', integer: false };
  if (typeof value === 'string') return { shape: 'text' };
  if (Array.isArray(value))
    return value.every((x) => typeof x === 'string' || typeof x === 'number')
      ? { shape: 'list' }
      : { shape: 'records', item: {} };
  if (isObject(value)) return { shape: 'object' };
  return { shape: 'unknown' };
}

/**
 * A group of fields (a dose, a rule's limits). An optional one the record lacks is a button that
 * adds it, empty, and takes the focus into it; taken out again (after a question), the focus
 * goes back to that button.
 */
function ObjectGroup({
  name,
  value,
  path,
  schema,
  context,
  optional,
}: Omit<FieldProps, 'name'> & { name: string | number }) {
  const [focus, setFocus] = useState<'first field' | 'add button' | null>(null);
  const groupRef = useRef<HTMLFieldSetElement>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focus === 'first field') groupRef.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
    if (focus === 'add button') addRef.current?.focus();
    if (focus) setFocus(null);
  }, [focus]);

  if (optional && value === undefined)
    return (
      <div className="field">
        <button
          ref={addRef}
          type="button"
          className="button small add-optional"
          onClick={() => {
            context.update(path, emptyValue(schema));
            setFocus('first field');
          }}
        >
          Add {human(name)} <span className="muted small">(optional)</span>
        </button>
      </div>
    );
  const fields = <ObjectFields value={value} path={path} schema={schema} context={context} />;
  return (
    <fieldset className="record-group" ref={groupRef}>
      <legend>{human(name)}</legend>
      {fixedKeys(schema) ? (
        // One small group per name (a dose per tape colour), side by side as wide as the form allows.
        <div className="keyed-grid">{fields}</div>
      ) : (
        fields
      )}
      {optional && (
        <ConfirmRemove
          label={`Remove ${human(name)}`}
          question={`Take ${human(name)} out of this draft?`}
          onRemove={() => {
            context.remove(path);
            setFocus('add button');
          }}
        />
      )}
    </fieldset>
  );
}
