// Relevance: our engine beside MiniSearch and Orama on the relevance set (tests/relevance),
// both halves. The peers get the same help our engine gets from data: the synonym table
// expands their queries, and each protocol's field language (field-language.ts) is a field
// they index and boost like keywords. What they do not get is our query parser (ages,
// vitals), evidence rules or routing: those are the engine's own work.
import MiniSearch from 'minisearch';
import { create, insertMultiple, search as oramaSearch, type AnyOrama } from '@orama/orama';
import { codeDigits } from '../../src/domain/search/codes';
import { documentsFromDataset, type SearchDocument } from '../../src/domain/search/documents';
import { FIELD_LANGUAGE } from '../../src/domain/search/field-language';
import { SYNONYMS } from '../../src/domain/search/synonyms';
import { terms } from '../../src/domain/search/text';
import { loadReferenceSources } from '../../src/reference/load-reference';
import { SearchEngine } from '../../src/search/engine';
import { loadRelevanceSet, percent, scoreRelevance, type RelevanceQuery } from '../relevance/relevance';

const LIMIT = 10;
const dedupe = (codes: string[]) => [...new Set(codes)].slice(0, LIMIT);

/** The query plus every synonym expansion whose key occurs in it (whole words, after normalising). */
export function expandWithSynonyms(query: string): string {
  const q = ` ${terms(query).join(' ')} `;
  const extra: string[] = [];
  for (const [key, expansions] of Object.entries(SYNONYMS)) {
    const k = terms(key).join(' ');
    if (k !== '' && q.includes(` ${k} `)) extra.push(...expansions);
  }
  return [query, ...extra].join(' ');
}

/** Each document's field language: the phrases of entries for its protocol (both twins) or its exact code. */
function fieldLanguageOf(doc: SearchDocument): string {
  return FIELD_LANGUAGE.filter((e) => e.protocol === doc.tp_code || e.protocol === codeDigits(doc.tp_code))
    .flatMap((e) => [...e.phrases, ...(e.general ?? [])])
    .join(' · ');
}

type Ranked = (query: string) => Promise<string[]> | string[];

function peers(docs: SearchDocument[]): Array<{ name: string; ranked: () => Promise<Ranked> }> {
  const rows = docs.map((d, id) => ({
    id,
    tp_code: d.tp_code,
    name: d.name,
    keywords: d.keywords,
    lay: fieldLanguageOf(d),
    content: d.content,
  }));
  return [
    {
      name: 'MiniSearch 7 (+ synonyms, field language)',
      async ranked() {
        const index = new MiniSearch({
          fields: ['tp_code', 'name', 'keywords', 'lay', 'content'],
          storeFields: ['tp_code'],
          searchOptions: { boost: { tp_code: 4, name: 3, keywords: 2, lay: 2 }, fuzzy: 0.2, prefix: true },
        });
        index.addAll(rows);
        return (q) =>
          dedupe(
            index
              .search(expandWithSynonyms(q))
              .slice(0, LIMIT * 8)
              .map((r) => r['tp_code'] as string),
          );
      },
    },
    {
      name: 'Orama 3 (+ synonyms, field language)',
      async ranked() {
        const db: AnyOrama = create({
          schema: { tp_code: 'string', name: 'string', keywords: 'string', lay: 'string', content: 'string' } as const,
        });
        await insertMultiple(
          db,
          rows.map(({ id: _id, ...r }) => r),
        );
        return async (q) => {
          const results = await oramaSearch(db, {
            term: expandWithSynonyms(q),
            properties: ['tp_code', 'name', 'keywords', 'lay', 'content'],
            boost: { tp_code: 4, name: 3, keywords: 2, lay: 2 },
            tolerance: 1,
            limit: LIMIT * 8,
          });
          return dedupe(results.hits.map((h) => (h.document as unknown as { tp_code: string }).tp_code));
        };
      },
    },
  ];
}

export async function benchRelevance(): Promise<Array<Record<string, string | number>>> {
  const set = loadRelevanceSet();
  const halves: Array<[string, RelevanceQuery[]]> = [
    ['tuning', set.filter((q) => q.half === 'tuning')],
    ['held-back', set.filter((q) => q.half === 'held-back')],
  ];
  const docs = documentsFromDataset(loadReferenceSources());
  const engine = SearchEngine.build(docs);
  const contenders: Array<{ name: string; ranked: () => Promise<Ranked> }> = [
    {
      name: 'Rigside (FlexSearch 0.8 + ranking)',
      ranked: async () => (q) => engine.search(q, { limit: LIMIT }).map((h) => h.tp_code),
    },
    ...peers(docs),
  ];
  const rows = [];
  for (const c of contenders) {
    const ranked = await c.ranked();
    for (const [half, queries] of halves) {
      const s = await scoreRelevance(queries, ranked);
      rows.push({
        engine: c.name,
        half,
        queries: s.queries,
        'top-1': percent(s.top1),
        'top-3': percent(s.top3),
        MRR: Number(s.mrr.toFixed(3)),
      });
    }
  }
  return rows;
}
