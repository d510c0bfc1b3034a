// The draft form's inputs for one value each: a label, a choice, several choices, words.
import { useId, useState, type ReactNode } from 'react';
import { fieldLabel as human } from './record-schema';

type Json = unknown;

export function Label({
  htmlFor,
  name,
  optional,
  hint,
}: {
  htmlFor?: string;
  name: string | number;
  optional?: boolean;
  hint?: string;
}) {
  const extra = [optional ? 'optional' : null, hint].filter(Boolean).join(', ');
  return (
    <label htmlFor={htmlFor}>
      {human(name)} {extra && <span className="muted small">({extra})</span>}
    </label>
  );
}

export function ChoiceField({
  label,
  value,
  options,
  onChange,
  optional,
  labels,
}: {
  label: string | number;
  value: Json;
  options: readonly string[];
  onChange: (value: string) => void;
  optional?: boolean;
  /** What a choice reads as, where its value is not a word (yes and no). */
  labels?: Record<string, string>;
}) {
  const id = useId();
  const current = typeof value === 'string' || typeof value === 'boolean' ? String(value) : '';
  const stray = current !== '' && !options.includes(current);
  return (
    <div className="field">
      <Label htmlFor={id} name={label} optional={optional} />
      <select id={id} value={current} onChange={(e) => onChange(e.target.value)}>
        {(current === '' || optional) && <option value="">{optional ? '(not set)' : 'Choose…'}</option>}
        {stray && <option value={current}>{current} (not a choice devices know)</option>}
        {options.map((o) => (
          <option key={o} value={o}>
            {labels?.[o] ?? o}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Several of a few values (a rule's routes): one check box each, large enough for a gloved finger. */
export function ChoicesField({
  name,
  value,
  options,
  onChange,
}: {
  name: string | number;
  value: Json;
  options: readonly string[];
  onChange: (next: string[]) => void;
}) {
  const chosen = Array.isArray(value) ? value.map(String) : [];
  const all: string[] = [...options, ...chosen.filter((c) => !options.includes(c))];
  return (
    <fieldset className="record-group choices">
      <legend>{human(name)}</legend>
      <div className="choice-boxes">
        {all.map((option): ReactNode => (
          <label key={option} className="field checkbox">
            <input
              type="checkbox"
              checked={chosen.includes(option)}
              onChange={(e) => onChange(e.target.checked ? [...chosen, option] : chosen.filter((c) => c !== option))}
            />
            <span>{options.includes(option) ? option : `${option} (not a choice devices know)`}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Words: an input, or a box of several lines for a long text (chosen once, so that typing never swaps the box). */
export function TextField({
  name,
  value,
  optional,
  onChange,
}: {
  name: string | number;
  value: Json;
  optional?: boolean;
  onChange: (text: string) => void;
}) {
  const id = useId();
  const text = typeof value === 'string' ? value : '';
  const [long] = useState(text.length > 70);
  return (
    <div className="field">
      <Label htmlFor={id} name={name} optional={optional} />
      {long ? (
        <textarea id={id} value={text} rows={3} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input id={id} value={text} onChange={(e) => onChange(e.target.value)} />
      )}
    </div>
  );
}
