// The search adapter: FlexSearch holds the inverted index (build, export, import, bucket
// lookup); the ranking policy it answers to is pure and lives in src/domain/search/ranking.ts.
import { Index } from 'flexsearch';
import { z } from 'zod/mini';
import { searchDocumentSchema, type SearchDocument } from '../domain/search/documents';
import {
  cyrb53,
  FIELDS,
  RANKING,
  RANKING_CONFIG,
  Ranker,
  type BucketLookup,
  type DocMeta,
  type Field,
  type SearchHit,
  type SearchOptions,
} from '../domain/search/ranking';
import { terms } from '../domain/search/text';

export type { SearchHit, SearchOptions };

/** Bumped whenever tokenising or index layout changes, so stored exports are rebuilt. */
const ENGINE_VERSION = 2;

/** Identifies everything an exported index depends on; an export is only imported under the same hash. */
export function searchConfigHash(datasetId: string): string {
  return cyrb53(JSON.stringify({ ENGINE_VERSION, ...RANKING_CONFIG, datasetId }));
}

const exportedMetaSchema = z.array(z.omit(searchDocumentSchema, { name: true, keywords: true, content: true }));
/**
 * The vocabulary as its words on one line each (a term is letters and digits only: text.ts) and
 * their counts in the same order. Checked as [word, count] pairs, the 2,508 words of the County
 * dataset took 12-28 ms of every cold start in the search worker (Chromium here); as one string
 * and one array of numbers, about half that in Node.
 */
const exportedVocabSchema = z.object({ words: z.string(), counts: z.array(z.number()) });

function importVocabulary(json: string | undefined): Map<string, number> {
  const { words, counts } = exportedVocabSchema.parse(JSON.parse(json ?? 'null'));
  const list = words === '' ? [] : words.split('\n');
  if (list.length !== counts.length)
    throw new Error(
      `the saved search index's vocabulary has ${list.length} words but ${counts.length} counts; rebuild the index`,
    );
  const vocabulary = new Map<string, number>();
  list.forEach((word, i) => vocabulary.set(word, counts[i]!));
  return vocabulary;
}

type FieldIndexes = Record<Field, Index>;

function newIndexes(): FieldIndexes {
  // Whole words only: our own normaliser (text.ts) runs first, so the encoder just splits on
  // spaces, and prefixes come from the vocabulary (completions), where the ranking weighs them.
  const make = () =>
    new Index({
      tokenize: 'strict',
      resolution: RANKING.resolution,
      encoder: { normalize: false, split: ' ', numeric: false, dedupe: false, cache: true },
    });
  return { name: make(), keywords: make(), content: make() };
}

/** FlexSearch returns no scores; with `resolve: false` it hands back its position buckets, which the ranking scores. */
function bucketLookup(indexes: FieldIndexes): BucketLookup {
  return (field, term, limit) =>
    indexes[field].search(term, { resolve: false, limit }).result as unknown as Array<number[] | undefined> | undefined;
}

export class SearchEngine {
  private readonly ranker: Ranker;

  private constructor(
    private readonly indexes: FieldIndexes,
    private readonly docs: DocMeta[],
    private readonly vocabulary: Map<string, number>,
  ) {
    this.ranker = new Ranker(docs, vocabulary, bucketLookup(indexes));
  }

  static build(documents: readonly SearchDocument[]): SearchEngine {
    const indexes = newIndexes();
    const vocabulary = new Map<string, number>();
    const docs: DocMeta[] = [];
    documents.forEach((doc, id) => {
      docs.push({ tp_code: doc.tp_code, tp_name: doc.tp_name, population: doc.population, popularity: doc.popularity });
      for (const { field } of FIELDS) {
        const ts = terms(doc[field]);
        for (const t of ts) vocabulary.set(t, (vocabulary.get(t) ?? 0) + 1);
        if (ts.length > 0) indexes[field].add(id, ts.join(' '));
      }
    });
    return new SearchEngine(indexes, docs, vocabulary);
  }

  /** Chunks to persist (IndexedDB, a file); `SearchEngine.import` turns them back into an engine. */
  export(): Record<string, string> {
    const chunks: Record<string, string> = {
      'rigside/docs': JSON.stringify(this.docs),
      'rigside/vocab': JSON.stringify({
        words: [...this.vocabulary.keys()].join('\n'),
        counts: [...this.vocabulary.values()],
      }),
    };
    for (const { field } of FIELDS) this.indexes[field].export((key, data) => void (chunks[`${field}/${key}`] = data));
    return chunks;
  }

  static import(chunks: Record<string, string>): SearchEngine {
    const docs = exportedMetaSchema.parse(JSON.parse(chunks['rigside/docs'] ?? 'null'));
    const vocabulary = importVocabulary(chunks['rigside/vocab']);
    const indexes = newIndexes();
    for (const [key, data] of Object.entries(chunks)) {
      const slash = key.indexOf('/');
      const field = key.slice(0, slash);
      if (field === 'rigside') continue;
      if (!(field in indexes)) throw new Error(`search index chunk "${key}" names no known field; rebuild the index`);
      indexes[field as Field].import(key.slice(slash + 1), data);
    }
    return new SearchEngine(indexes, docs, vocabulary);
  }

  get size(): number {
    return this.docs.length;
  }

  search(query: string, options: SearchOptions = {}): SearchHit[] {
    return this.ranker.search(query, options);
  }
}
