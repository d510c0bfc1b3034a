import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import type { Formulary } from '../../domain/dosing/loaded-formulary';
import { searchMedications, type MedicationHit } from '../../domain/dosing/medication-search';

const NOT_DOSED: Record<Exclude<MedicationHit['status'], 'calculated'>, string> = {
  titrated: 'titrated, not calculated',
  not_in_formulary: 'not in the formulary',
};

/**
 * Search-as-you-type medication picker (WAI-ARIA combobox): type a generic name, a brand or
 * an abbreviation, move with the arrow keys, Enter or tap to choose, Escape to close.
 */
export function MedicationPicker({
  formulary,
  selected,
  onSelect,
}: {
  formulary: Formulary;
  selected: string | null;
  onSelect: (id: string | null) => void;
}) {
  const [query, setQuery] = useState(() => (selected ? (formulary.byId(selected)?.name ?? '') : ''));
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const hits = useMemo(() => searchMedications(formulary, query, 8), [formulary, query]);
  const listId = useId();
  const showList = open && hits.length > 0;

  function choose(hit: MedicationHit) {
    onSelect(hit.id);
    setQuery(hit.name);
    setOpen(false);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((i) => Math.min(i + 1, hits.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter' && showList) {
      e.preventDefault();
      const hit = hits[active];
      if (hit) choose(hit);
    } else if (e.key === 'Escape') {
      setOpen(false);
    }
  }

  return (
    <div className="field med-picker">
      <label htmlFor="dose-medication">Medication</label>
      <input
        id="dose-medication"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={showList}
        aria-controls={listId}
        aria-activedescendant={showList ? `${listId}-${active}` : undefined}
        autoComplete="off"
        spellCheck={false}
        placeholder="Name or brand, e.g. epi"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
          setActive(0);
          if (selected) onSelect(null);
        }}
        onFocus={() => setOpen(!selected)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      {showList && (
        <ul id={listId} role="listbox" aria-label="Medications" className="med-options">
          {hits.map((hit, i) => (
            <li
              key={hit.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              // Keep focus in the input so the list does not close before the tap lands.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(hit)}
            >
              <strong>{hit.name}</strong>
              {hit.matched && <span className="med-matched"> · {hit.matched}</span>}
              {hit.status !== 'calculated' && <span className="med-not-dosed"> · {NOT_DOSED[hit.status]}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
