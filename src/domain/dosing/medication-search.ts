import type { MedicationRecord } from './formulary-schema';
import type { Formulary } from './loaded-formulary';
import { normaliseName } from './medication-lookup';

export interface MedicationHit {
  id: string;
  name: string;
  status: MedicationRecord['status'];
  /** The name that matched when it is not the generic one ("Narcan"), for the result line. */
  matched: string | null;
  classes: string[];
}

type Kind = 'name' | 'brand' | 'alias' | 'class';
type Entry = { med: MedicationRecord; text: string; kind: Kind; key: string };

/** Each formulary's searchable names, built once per loaded formulary. */
const ENTRIES = new WeakMap<Formulary, Entry[]>();
function entriesOf(formulary: Formulary): Entry[] {
  let entries = ENTRIES.get(formulary);
  if (!entries) {
    const named = (med: MedicationRecord, kind: Kind, texts: readonly string[]): Entry[] =>
      texts.map((text) => ({ med, text, kind, key: normaliseName(text) }));
    entries = formulary.medications.flatMap((med) => [
      ...named(med, 'name', [med.id, med.name]),
      ...named(med, 'brand', med.brand_names),
      ...named(med, 'alias', med.aliases),
      ...named(med, 'class', med.classes),
    ]);
    ENTRIES.set(formulary, entries);
  }
  return entries;
}

const WEIGHT: Record<Kind, number> = { name: 4, brand: 3, alias: 2, class: 1 };

/** How well `query` fits `key`: whole name, start of the name, start of a word, or (3+ letters) anywhere. */
function fit(key: string, query: string): number {
  if (key === query) return 4;
  if (key.startsWith(query)) return 3;
  if (key.split(' ').some((word) => word.startsWith(query))) return 2;
  return query.length >= 3 && key.replace(/ /g, '').includes(query.replace(/ /g, '')) ? 1 : 0;
}

/**
 * Medications for the picker as the crew types: generic names, brands ("narc" -> naloxone,
 * "zof" -> ondansetron), abbreviations ("txa", "d10") and classes ("benzo"). Best first;
 * an empty query lists every medication alphabetically. Medications the engine does not
 * dose (oxygen, acetaminophen) are found too, so the crew learns why.
 */
export function searchMedications(formulary: Formulary, query: string, limit = 8): MedicationHit[] {
  const q = normaliseName(query);
  const hit = (med: MedicationRecord, matched: string | null): MedicationHit => ({
    id: med.id,
    name: med.name,
    status: med.status,
    matched,
    classes: med.classes,
  });
  if (q === '') return [...formulary.medications].sort((a, b) => a.name.localeCompare(b.name)).map((m) => hit(m, null));
  const best = new Map<string, { score: number; med: MedicationRecord; matched: string | null }>();
  for (const entry of entriesOf(formulary)) {
    const f = fit(entry.key, q);
    // A class matches from the start of a word only: "epi" inside "benzodiazepine" is noise.
    if (f === 0 || (entry.kind === 'class' && f < 2)) continue;
    const score = f * 10 + WEIGHT[entry.kind];
    const seen = best.get(entry.med.id);
    if (!seen || score > seen.score)
      best.set(entry.med.id, { score, med: entry.med, matched: entry.kind === 'name' ? null : entry.text });
  }
  return [...best.values()]
    .sort((a, b) => b.score - a.score || a.med.name.localeCompare(b.med.name))
    .slice(0, limit)
    .map((b) => hit(b.med, b.matched));
}
