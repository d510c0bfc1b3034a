// zod's mini build: these schemas run in the search worker, which must start fast (issue 13).
import { z } from 'zod/mini';
import type { DatasetContent } from '../protocols/dataset';
import type { ProtocolChunk } from '../protocols/import-manual';
import { isPediatricCode } from './codes';

/**
 * What the search engine indexes. A document is a whole protocol (our dataset) or one
 * section of one (an imported manual, the generated benchmark corpus); results are grouped
 * by `tp_code`, so a protocol appears once, with its best-matching document's score.
 */
export const searchDocumentSchema = z.object({
  tp_code: z.string().check(z.minLength(1)),
  tp_name: z.string().check(z.minLength(1)),
  population: z.enum(['adult', 'pediatric']),
  /** The protocol's name (and category): the heaviest field. */
  name: z.string(),
  keywords: z.string(),
  content: z.string(),
  popularity: z.number().check(z.gte(0), z.lte(1)),
});
export type SearchDocument = z.infer<typeof searchDocumentSchema>;

/**
 * One document per protocol. The names of impressions that lead to a protocol join its name,
 * and their codes and keywords its keywords, so "hypoglycemia" or "CPMI" find the protocol
 * the impression routes to.
 */
export function documentsFromDataset(
  dataset: Pick<DatasetContent, 'protocols' | 'provider_impressions'>,
): SearchDocument[] {
  const impressionWords = new Map<string, string[]>();
  const impressionNames = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, tp: string, words: string[]) =>
    map.set(tp, [...(map.get(tp) ?? []), ...words]);
  for (const pi of dataset.provider_impressions) {
    for (const tp of [pi.adult_tp, pi.pediatric_tp]) {
      if (!tp) continue;
      add(impressionWords, tp, [pi.code, ...pi.keywords]);
      add(impressionNames, tp, [positivePart(pi.name)]);
    }
  }
  return dataset.protocols.map((p) => ({
    tp_code: p.tp_code,
    tp_name: p.name,
    population: p.population,
    // An impression's name names the protocol too: "Hypoglycemia" is how crews say 1203.
    name: [p.name, p.category, ...new Set(impressionNames.get(p.tp_code))].join(' · '),
    keywords: [...p.keywords, ...p.provider_impressions, ...(impressionWords.get(p.tp_code) ?? [])].join(' · '),
    content: [
      ...p.sections.flatMap((s) => [s.title, ...s.items]),
      ...p.medications.map((m) => `${m.medication_id.replace(/-/g, ' ')} ${m.indication ?? ''} ${m.dose_text}`),
    ].join('\n'),
    popularity: p.popularity,
  }));
}

/** An imported manual's section chunks (src/domain/protocols/import-manual.ts), one document each. */
export function documentsFromChunks(
  chunks: readonly ProtocolChunk[],
  popularity: (tpCode: string) => number = () => 0.5,
): SearchDocument[] {
  return chunks.map((c) => ({
    tp_code: c.tp_code,
    tp_name: c.tp_name,
    population: isPediatricCode(c.tp_code) ? 'pediatric' : 'adult',
    name: c.tp_name,
    keywords: c.heading,
    content: c.text,
    popularity: popularity(c.tp_code),
  }));
}

/**
 * An impression name without its exclusions: "ALOC - Not Hypoglycemia or Seizure" is not a
 * name for hypoglycemia, and "Cardiac Arrest - Non-traumatic" none for traumatic arrest.
 */
export function positivePart(name: string): string {
  return name
    .replace(/\bnot\b.*$/i, '')
    .replace(/\bnon[- ]?[a-z]+/gi, '')
    .replace(/[\s-]+$/, '')
    .trim();
}
