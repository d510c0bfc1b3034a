import { FORMULARY } from './formulary';
import type { MedicationRecord } from './formulary-schema';

/** Lower case, single spaces, hyphens and underscores as spaces: "Calcium_Chloride" -> "calcium chloride". */
export function normaliseName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
}

const BY_NAME = new Map<string, MedicationRecord>();
for (const med of FORMULARY) {
  for (const name of [med.id, med.name, ...med.brand_names, ...med.aliases]) {
    const key = normaliseName(name);
    const clash = BY_NAME.get(key);
    // A name that could mean two drugs must never resolve silently.
    if (clash && clash !== med) throw new Error(`formulary: "${name}" names both ${clash.id} and ${med.id}`);
    BY_NAME.set(key, med);
  }
}

/**
 * The medication a request names: its id, generic name, a brand or an alias, matched
 * exactly (case and spacing aside). No fuzzy matching here: the picker does the
 * searching, the engine only accepts a name that means one drug.
 */
export function medicationByName(name: string): MedicationRecord | undefined {
  return BY_NAME.get(normaliseName(name));
}

export function medicationById(id: string): MedicationRecord | undefined {
  return FORMULARY.find((m) => m.id === id);
}

/** The canonical indication id for what the request says, or null when the medication has no such indication. */
export function resolveIndication(med: MedicationRecord, said: string): string | null {
  const key = normaliseName(said);
  for (const indication of med.indications) {
    if (normaliseName(indication.id) === key || indication.aliases.some((a) => normaliseName(a) === key)) return indication.id;
  }
  return null;
}
