import type { MedicationRecord } from './formulary-schema';

/** Lower case, single spaces, hyphens and underscores as spaces: "Calcium_Chloride" -> "calcium chloride". */
export function normaliseName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
}

export type NameIndex<M extends MedicationRecord> =
  { ok: true; value: ReadonlyMap<string, M> } | { ok: false; message: string };

/**
 * Every name a request may use for a medication: its id, generic name, brands and aliases,
 * matched exactly (case and spacing aside). No fuzzy matching here: the picker does the
 * searching, the engine only accepts a name that means one drug. A name that could mean two
 * drugs makes the whole formulary unusable rather than resolving silently to either.
 */
export function indexNames<M extends MedicationRecord>(medications: readonly M[]): NameIndex<M> {
  const byName = new Map<string, M>();
  for (const med of medications) {
    for (const name of [med.id, med.name, ...med.brand_names, ...med.aliases]) {
      const key = normaliseName(name);
      const clash = byName.get(key);
      if (clash && clash !== med) return { ok: false, message: `"${name}" names both ${clash.id} and ${med.id}` };
      byName.set(key, med);
    }
  }
  return { ok: true, value: byName };
}

/** The canonical indication id for what the request says, or null when the medication has no such indication. */
export function resolveIndication(med: MedicationRecord, said: string): string | null {
  const key = normaliseName(said);
  for (const indication of med.indications) {
    if (normaliseName(indication.id) === key || indication.aliases.some((a) => normaliseName(a) === key))
      return indication.id;
  }
  return null;
}
