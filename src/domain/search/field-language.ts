/**
 * Lay and field language: what patients, bystanders, dispatchers and crews say for each
 * provider impression and protocol, when the protocol's own words are not what they say.
 * Written for Rigside from the County's impression definitions and each protocol's scope.
 * Ranking reads a phrase found here as evidence for its protocol, with its own weight
 * (RANKING.fieldLanguageWeight); the words are searched as text too.
 *
 * `protocol` is the protocol code without "-P": age routing picks adult or pediatric.
 */
export interface FieldLanguageEntry {
  /** Provider impression code, when the entry is an impression's (src/reference/provider-impressions.json). */
  impression?: string;
  /** The impression's or protocol's name, as the "why" line shows it. */
  label: string;
  protocol: string;
  phrases: readonly string[];
}

export const FIELD_LANGUAGE: readonly FieldLanguageEntry[] = [];
