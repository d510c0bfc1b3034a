import { useId, useRef } from 'react';

/**
 * A form over a protocol or formulary record: every value the record holds gets an input of its
 * kind (a number, a word, a yes/no, a list one item per line), grouped as the record nests them;
 * a list of records (dose rules, sections) gets one collapsible group each, named by its id or
 * title. The structure stays as it is here (add a rule or change a dose's kind in the JSON
 * editor); the same zod schemas as the device check what is typed, live, beside the form.
 */
type Path = Array<string | number>;
type Json = unknown;

export function RecordForm({
  record,
  onChange,
}: {
  record: Record<string, Json>;
  onChange: (next: Record<string, Json>) => void;
}) {
  const numeric = useRef(new Set<string>()).current;
  collectNumbers(record, [], numeric);
  const update = (path: Path, value: Json) => onChange(setAt(record, path, value) as Record<string, Json>);
  return (
    <div className="record-form">
      <ObjectFields value={record} path={[]} update={update} numeric={numeric} />
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
  const object = root as Record<string, Json>;
  return { ...object, [head as string]: setAt(object[head as string], rest, value) };
}

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPrimitiveList = (v: Json): v is Array<string | number> =>
  Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number');
const human = (key: string | number) => (typeof key === 'number' ? `#${key + 1}` : key.replace(/_/g, ' '));

/** What names an element of a list of records: its id, title or label. */
function nameOf(item: Json, index: number): string {
  if (isObject(item)) {
    for (const key of ['id', 'medication_id', 'title', 'label'])
      if (typeof item[key] === 'string' && item[key]) return item[key];
  }
  return `#${index + 1}`;
}

interface FieldProps {
  value: Json;
  path: Path;
  update: (path: Path, value: Json) => void;
  /** Paths that held a number: they stay number fields while a number is half typed. */
  numeric: Set<string>;
}

function ObjectFields({ value, path, update, numeric }: FieldProps) {
  const object = value as Record<string, Json>;
  return (
    <>
      {Object.entries(object).map(([key, v]) => (
        <Field key={key} name={key} value={v} path={[...path, key]} update={update} numeric={numeric} />
      ))}
    </>
  );
}

function Field({ name, value, path, update, numeric }: FieldProps & { name: string | number }) {
  const id = useId();
  if (typeof value === 'boolean')
    return (
      <label className="field checkbox">
        <input type="checkbox" checked={value} onChange={(e) => update(path, e.target.checked)} />
        <span>{human(name)}</span>
      </label>
    );
  if (typeof value === 'number' || numeric.has(path.join('.')))
    return (
      <div className="field">
        <label htmlFor={id}>{human(name)}</label>
        <input
          id={id}
          inputMode="decimal"
          value={String(value)}
          onChange={(e) => {
            const text = e.target.value.trim();
            // A whole number as typed becomes one; half-typed ("0.") stays text until it is, and the check says so.
            update(path, /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : e.target.value);
          }}
        />
      </div>
    );
  if (typeof value === 'string')
    return (
      <div className="field">
        <label htmlFor={id}>{human(name)}</label>
        {value.length > 70 ? (
          <textarea id={id} value={value} rows={3} onChange={(e) => update(path, e.target.value)} />
        ) : (
          <input id={id} value={value} onChange={(e) => update(path, e.target.value)} />
        )}
      </div>
    );
  if (isPrimitiveList(value))
    return (
      <div className="field">
        <label htmlFor={id}>
          {human(name)} <span className="muted small">(one per line)</span>
        </label>
        <textarea
          id={id}
          value={value.join('\n')}
          rows={Math.min(8, Math.max(2, value.length + 1))}
          onChange={(e) =>
            update(
              path,
              e.target.value
                .split('\n')
                .map((line) =>
                  value.every((x) => typeof x === 'number') && line.trim() !== '' && Number.isFinite(Number(line))
                    ? Number(line)
                    : line,
                ),
            )
          }
        />
      </div>
    );
  if (Array.isArray(value))
    return (
      <fieldset className="record-group">
        <legend>
          {human(name)} ({value.length})
        </legend>
        {value.map((item: Json, i) => (
          <details key={i} className="record-item">
            <summary>{nameOf(item, i)}</summary>
            {isObject(item) ? (
              <ObjectFields value={item} path={[...path, i]} update={update} numeric={numeric} />
            ) : (
              <Field name={i} value={item} path={[...path, i]} update={update} numeric={numeric} />
            )}
          </details>
        ))}
      </fieldset>
    );
  if (isObject(value))
    return (
      <fieldset className="record-group">
        <legend>{human(name)}</legend>
        <ObjectFields value={value} path={path} update={update} numeric={numeric} />
      </fieldset>
    );
  return null;
}
