import { CHANGE_TYPES, type ChangeLogEntry } from '../../domain/versions/drafts';
import { SelectField } from '../SelectField';

/** The change log in the County's form: one row per change, Addition / Revision / Deletion, section, description. */
export function ChangeLogEditor({
  entries,
  onChange,
}: {
  entries: ChangeLogEntry[];
  onChange: (next: ChangeLogEntry[]) => void;
}) {
  const set = (i: number, patch: Partial<ChangeLogEntry>) =>
    onChange(entries.map((e, k) => (k === i ? { ...e, ...patch } : e)));
  return (
    <fieldset className="change-log-editor">
      <legend>Change log (what crews will read under “what changed”)</legend>
      {entries.map((entry, i) => (
        <div key={i} className="change-log-row" role="group" aria-label={`Change ${i + 1}`}>
          <SelectField
            label="Type"
            value={entry.type}
            onChange={(type) => set(i, { type: type as ChangeLogEntry['type'] })}
          >
            {CHANGE_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </SelectField>
          <label className="field">
            <span>Section</span>
            <input value={entry.section} maxLength={200} onChange={(e) => set(i, { section: e.target.value })} />
          </label>
          <label className="field grow">
            <span>Description</span>
            <input
              value={entry.description}
              maxLength={2000}
              onChange={(e) => set(i, { description: e.target.value })}
            />
          </label>
          <button
            type="button"
            className="button small"
            disabled={entries.length === 1}
            onClick={() => onChange(entries.filter((_, k) => k !== i))}
          >
            Remove change {i + 1}
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button small"
        onClick={() => onChange([...entries, { type: 'Revision', section: '', description: '' }])}
      >
        Add a change
      </button>
    </fieldset>
  );
}
