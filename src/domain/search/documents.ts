import { z } from 'zod';
import type { DatasetContent } from '../protocols/dataset';
import type { ProtocolChunk } from '../protocols/import-manual';
import { isPediatricCode } from './codes';

/**
 * What the search engine indexes. A document is a whole protocol (our dataset) or one
 * section of one (an imported manual, the generated benchmark corpus); results are grouped
 * by `tp_code`, so a protocol appears once, with its best-matching document's score.
 */
export const searchDocumentSchema = z.object({
  tp_code: z.string().min(1),
  tp_name: z.string().min(1),
  population: z.enum(['adult', 'pediatric']),
  /** The protocol's name (and category): the heaviest field. */
  name: z.string(),
  keywords: z.string(),
  content: z.string(),
  popularity: z.number().min(0).max(1),
});
export type SearchDocument = z.infer<typeof searchDocumentSchema>;

/**
 * One document per protocol. Impression names, codes and keywords that lead to a protocol
 * join its keywords, so "hypoglycemia" or "CPMI" find the protocol the impression routes to.
 */
export function documentsFromDataset(dataset: Pick<DatasetContent, 'protocols' | 'provider_impressions'>): SearchDocument[] {
  const impressionWords = new Map<string, string[]>();
  for (const pi of dataset.provider_impressions) {
    for (const tp of [pi.adult_tp, pi.pediatric_tp]) {
      if (!tp) continue;
      const list = impressionWords.get(tp) ?? [];
      list.push(pi.code, pi.name, ...pi.keywords);
      impressionWords.set(tp, list);
    }
  }
  return dataset.protocols.map((p) => ({
    tp_code: p.tp_code,
    tp_name: p.name,
    population: p.population,
    name: `${p.name} ${p.category}`,
    keywords: [...p.keywords, ...p.provider_impressions, ...(impressionWords.get(p.tp_code) ?? [])].join(' · '),
    content: [
      ...p.sections.flatMap((s) => [s.title, ...s.items]),
      ...p.medications.map((m) => `${m.medication_id.replace(/-/g, ' ')} ${m.indication ?? ''} ${m.dose_text}`),
    ].join('\n'),
    popularity: p.popularity,
  }));
}

/** An imported manual's section chunks (src/domain/protocols/import-manual.ts), one document each. */
export function documentsFromChunks(chunks: readonly ProtocolChunk[], popularity: (tpCode: string) => number = () => 0.5): SearchDocument[] {
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
