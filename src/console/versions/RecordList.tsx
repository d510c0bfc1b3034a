import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ConfirmRemove } from './ConfirmRemove';
import type { FormContext, Path } from './RecordForm';
import { emptyValue, fieldLabel, isObject, type SchemaNode } from './record-schema';

/** What one element of a list is called, by the list's name: "Add dose rule", "Remove this rule". */
const NOUNS: Record<string, { one: string; short: string }> = {
  rules: { one: 'dose rule', short: 'rule' },
  sections: { one: 'section', short: 'section' },
  steps: { one: 'step', short: 'step' },
  doses: { one: 'dose', short: 'dose' },
  indications: { one: 'indication', short: 'indication' },
  interactions: { one: 'interaction', short: 'interaction' },
  referrals: { one: 'referral', short: 'referral' },
  age_cautions: { one: 'age caution', short: 'age caution' },
  medications: { one: 'medication', short: 'medication' },
};

/** What names an element of a list of records: its id, title or label, else its place in the list. */
function nameOf(item: unknown, index: number, one: string): { summary: string; phrase: string } {
  if (isObject(item)) {
    for (const key of ['id', 'medication_id', 'title', 'label']) {
      const name = item[key];
      if (typeof name === 'string' && name) return { summary: name, phrase: `${one} ${name}` };
    }
  }
  return { summary: `${one} #${index + 1}`, phrase: `${one} #${index + 1}` };
}

/**
 * Keys that stay with an element while the list changes around it (an element added, one
 * removed), so that which groups are open, and a question half asked, stay where they were.
 * A list changed from outside (the JSON view) gets fresh keys.
 */
function useStableKeys(length: number) {
  const [state, setState] = useState(() => ({ keys: Array.from({ length }, (_, i) => i), next: length }));
  let current = state;
  if (state.keys.length !== length) {
    current = { keys: Array.from({ length }, (_, i) => state.next + i), next: state.next + length };
    setState(current);
  }
  return {
    keys: current.keys,
    added: (): number => {
      const key = current.next;
      setState((s) => ({ keys: [...s.keys, s.next], next: s.next + 1 }));
      return key;
    },
    removed: (index: number) => setState((s) => ({ ...s, keys: s.keys.filter((_, i) => i !== index) })),
  };
}

/**
 * A list of records (a medication's dose rules, a protocol's sections), one collapsible group
 * each. With the list's schema it can grow by an empty element (opened, its first field focused)
 * and lose one after a confirmation (focus then goes to the add button).
 */
export function RecordList({
  name,
  value,
  path,
  item,
  context,
  fields,
}: {
  name: string | number;
  value: unknown[];
  path: Path;
  /** The schema of one element; without it the list keeps its length (the JSON view changes it). */
  item: SchemaNode | undefined;
  context: FormContext;
  /** The fields of one element. */
  fields: (element: unknown, path: Path) => ReactNode;
}) {
  const noun = (typeof name === 'string' && NOUNS[name]) || { one: 'item', short: 'item' };
  const { keys, added, removed } = useStableKeys(value.length);
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const [focusKey, setFocusKey] = useState<number | null>(null);
  const [focusAdd, setFocusAdd] = useState(false);
  const groups = useRef(new Map<number, HTMLDetailsElement>());
  const addRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (focusKey === null) return;
    groups.current.get(focusKey)?.querySelector<HTMLElement>('input, select, textarea')?.focus();
    setFocusKey(null);
  }, [focusKey]);
  useEffect(() => {
    if (!focusAdd) return;
    addRef.current?.focus();
    setFocusAdd(false);
  }, [focusAdd]);

  const toggle = (key: number, isOpen: boolean) =>
    setOpen((was) => {
      if (was.has(key) === isOpen) return was;
      const next = new Set(was);
      if (isOpen) next.add(key);
      else next.delete(key);
      return next;
    });

  return (
    <fieldset className="record-group">
      <legend>
        {fieldLabel(name)} ({value.length})
      </legend>
      {value.map((element, i) => {
        const key = keys[i] ?? -1 - i;
        const { summary, phrase } = nameOf(element, i, noun.one);
        return (
          <details
            key={key}
            className="record-item"
            open={open.has(key)}
            onToggle={(e) => toggle(key, e.currentTarget.open)}
            ref={(node) => {
              if (node) groups.current.set(key, node);
              else groups.current.delete(key);
            }}
          >
            <summary>{summary}</summary>
            {fields(element, [...path, i])}
            {item && (
              <ConfirmRemove
                label={`Remove this ${noun.short}`}
                question={`Remove ${phrase} from this draft? Only the draft changes: rigs keep what they have until a version is approved.`}
                confirmLabel={`Yes, remove ${summary}`}
                onRemove={() => {
                  removed(i);
                  context.remove([...path, i]);
                  setFocusAdd(true);
                }}
              />
            )}
          </details>
        );
      })}
      {item && (
        <button
          ref={addRef}
          type="button"
          className="button add-button"
          onClick={() => {
            const key = added();
            context.update(path, [...value, emptyValue(item)]);
            toggle(key, true);
            setFocusKey(key);
          }}
        >
          Add {noun.one}
        </button>
      )}
    </fieldset>
  );
}
