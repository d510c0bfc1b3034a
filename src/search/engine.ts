// The search adapter: FlexSearch holds the inverted index; src/domain/search has the pure rules it ranks by.
import { Index } from 'flexsearch';
import { z } from 'zod';
import { isPediatricAge } from '../domain/protocols/impression-routing';
import { codeMatchScore, parseQuery, type CodeQuery } from '../domain/search/codes';
import { searchDocumentSchema, type SearchDocument } from '../domain/search/documents';
import { LONGEST_SYNONYM, SYNONYMS } from '../domain/search/synonyms';
import { Corrector } from '../domain/search/typo';
import { isStopword, stem, terms } from '../domain/search/text';

/**
 * Protocol search: FlexSearch finds which documents hold a term and where (its resolution
 * buckets), and this layer does the ranking FlexSearch does not: codes before text, name over
 * keywords over content, synonyms, typo correction, credit for matching more of the query,
 * 70% relevance + 30% popularity, and routing by the patient's age.
 */

const FIELDS = [
  { field: 'name', weight: 1 },
  { field: 'keywords', weight: 0.75 },
  { field: 'content', weight: 0.4 },
] as const;
type Field = (typeof FIELDS)[number]['field'];

export const RANKING = {
  relevanceShare: 0.7,
  popularityShare: 0.3,
  synonymWeight: 0.9,
  correctionWeight: 0.85,
  /** The word still being typed also matches vocabulary words it begins ("sei" -> "seizure"). */
  completionWeight: 0.8,
  completions: 6,
  /** A protocol for the other population (adult vs pediatric) keeps this share of its score. */
  otherPopulationFactor: 0.6,
  /** Buckets are FlexSearch's term-position ranks; a term early in a field scores higher. */
  resolution: 9,
  lateBucketPenalty: 0.3,
  /** Documents read per term and field; the rest of a very common term's hits are noise. */
  perTermLimit: 1000,
} as const;

/** Bumped whenever tokenising or index layout changes, so stored exports are rebuilt. */
const ENGINE_VERSION = 1;

/** Identifies everything an exported index depends on; an export is only imported under the same hash. */
export function searchConfigHash(datasetId: string): string {
  return cyrb53(JSON.stringify({ ENGINE_VERSION, FIELDS, RANKING, SYNONYMS, datasetId }));
}

export interface SearchOptions {
  /** The patient's age in years when a context is open: routes adult vs pediatric protocols. */
  ageYears?: number;
  limit?: number;
}

export interface SearchHit {
  tp_code: string;
  tp_name: string;
  population: 'adult' | 'pediatric';
  /** Above 1 for a code match; otherwise 0..1 (70% relevance, 30% popularity). */
  score: number;
  /** Index terms that matched, for highlighting. */
  matched: string[];
}

interface Alternative {
  terms: string[];
  weight: number;
}
type Clause = Alternative[];

type DocMeta = Omit<SearchDocument, 'name' | 'keywords' | 'content'>;
const exportedMetaSchema = z.array(searchDocumentSchema.omit({ name: true, keywords: true, content: true }));
const exportedVocabSchema = z.array(z.tuple([z.string(), z.number()]));

type FieldIndexes = Record<Field, Index>;

function newIndexes(): FieldIndexes {
  // Whole words only: our own normaliser (text.ts) runs first, so the encoder just splits on
  // spaces, and prefixes come from the vocabulary (completions), where we can weigh them.
  const make = () =>
    new Index({ tokenize: 'strict', resolution: RANKING.resolution, encoder: { normalize: false, split: ' ', numeric: false, dedupe: false } });
  return { name: make(), keywords: make(), content: make() };
}

export class SearchEngine {
  private corrector: Corrector | undefined;
  private sortedVocabulary: string[] | undefined;

  private constructor(
    private readonly indexes: FieldIndexes,
    private readonly docs: DocMeta[],
    private readonly vocabulary: Map<string, number>,
  ) {}

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
      'rigside/vocab': JSON.stringify([...this.vocabulary]),
    };
    for (const { field } of FIELDS) this.indexes[field].export((key, data) => void (chunks[`${field}/${key}`] = data));
    return chunks;
  }

  static import(chunks: Record<string, string>): SearchEngine {
    const docs = exportedMetaSchema.parse(JSON.parse(chunks['rigside/docs'] ?? 'null'));
    const vocabulary = new Map(exportedVocabSchema.parse(JSON.parse(chunks['rigside/vocab'] ?? 'null')));
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
    const limit = options.limit ?? 10;
    const parsed = parseQuery(query);
    const codeScores = this.scoreCodes(parsed.codes, parsed.rest.length === 0);
    // Digits that are no protocol code ("5150", "12 lead") are searched as words.
    const textWords = [...parsed.rest];
    for (const c of parsed.codes) if (!codeScores.matchedAny.has(c)) textWords.push(c.digits);

    // A query that does not end in a space has its last word still being typed.
    const typing = /[a-z0-9]$/i.test(query) && parsed.rest.length > 0 ? parsed.rest.length - 1 : -1;
    const clauses = this.clauses(textWords, typing);
    const perTerm = new Map<string, Map<number, number>>();
    const relevance = new Map<number, number>();
    for (const clause of clauses) {
      const best = new Map<number, number>();
      for (const alt of clause) {
        const sums = new Map<number, number>();
        for (const term of alt.terms) {
          for (const [doc, s] of this.termScores(term, perTerm)) sums.set(doc, (sums.get(doc) ?? 0) + s);
        }
        for (const [doc, sum] of sums) {
          const s = (alt.weight * sum) / alt.terms.length;
          if (s > (best.get(doc) ?? 0)) best.set(doc, s);
        }
      }
      for (const [doc, s] of best) relevance.set(doc, (relevance.get(doc) ?? 0) + s / clauses.length);
    }

    const patientPopulation =
      options.ageYears === undefined ? undefined : isPediatricAge(options.ageYears) ? 'pediatric' : 'adult';
    const byCode = new Map<string, { doc: number; score: number }>();
    const consider = (doc: number, textScore: number, codeScore: number) => {
      const meta = this.docs[doc]!;
      // Routing reorders text matches only: a code the medic typed is what they asked for.
      if (patientPopulation && meta.population !== patientPopulation) textScore *= RANKING.otherPopulationFactor;
      const score = textScore + codeScore;
      const prev = byCode.get(meta.tp_code);
      if (!prev || score > prev.score) byCode.set(meta.tp_code, { doc, score });
    };
    for (const [doc, rel] of relevance) {
      const meta = this.docs[doc]!;
      consider(doc, RANKING.relevanceShare * rel + RANKING.popularityShare * meta.popularity, codeScores.scores.get(doc) ?? 0);
    }
    for (const [doc, s] of codeScores.scores) if (!relevance.has(doc)) consider(doc, 0, s);

    const top = [...byCode.values()].sort((a, b) => b.score - a.score).slice(0, limit);
    return top.map(({ doc, score }) => {
      const meta = this.docs[doc]!;
      const matched: string[] = [];
      for (const [term, scores] of perTerm) if (scores.has(doc)) matched.push(term);
      return { tp_code: meta.tp_code, tp_name: meta.tp_name, population: meta.population, score: round(score), matched };
    });
  }

  /** Code matches add 1 + their closeness, so they always rank above text-only matches. */
  private scoreCodes(codes: CodeQuery[], codeOnly: boolean) {
    const scores = new Map<number, number>();
    const matchedAny = new Set<CodeQuery>();
    for (const code of codes) {
      if (code.digits.length < 4 && !codeOnly) continue;
      this.docs.forEach((meta, doc) => {
        const s = codeMatchScore(meta.tp_code, code);
        if (s <= 0) return;
        matchedAny.add(code);
        if (1 + s > (scores.get(doc) ?? 0)) scores.set(doc, 1 + s);
      });
    }
    return { scores, matchedAny };
  }

  /** Query words to clauses: each clause is one thing the medic asked for, with its alternatives. */
  private clauses(queryWords: string[], typingIndex: number): Clause[] {
    const clauses: Clause[] = [];
    for (let i = 0; i < queryWords.length; ) {
      let matched = false;
      for (let len = Math.min(LONGEST_SYNONYM, queryWords.length - i); len >= 1 && !matched; len--) {
        const phrase = queryWords.slice(i, i + len).join(' ');
        const expansions = SYNONYMS[phrase];
        if (!expansions) continue;
        const clause: Clause = [];
        const own = terms(phrase);
        if (own.length > 0) clause.push({ terms: own, weight: 1 });
        for (const e of expansions) clause.push({ terms: terms(e), weight: RANKING.synonymWeight });
        clauses.push(clause);
        i += len;
        matched = true;
      }
      if (matched) continue;
      const word = queryWords[i]!;
      const typing = i === typingIndex;
      i++;
      if (isStopword(word) && !typing) continue;
      const term = stem(word);
      const clause: Clause = [{ terms: [term], weight: 1 }];
      if (typing) for (const c of this.completions(word)) if (c !== term) clause.push({ terms: [c], weight: RANKING.completionWeight });
      if (clause.length === 1 && !this.vocabulary.has(term)) {
        const corrected = this.getCorrector().correct(term);
        if (corrected) clause.push({ terms: [corrected], weight: RANKING.correctionWeight });
      }
      clauses.push(clause);
    }
    return clauses;
  }

  /** The most frequent vocabulary words that begin with `prefix` (two letters at least). */
  private completions(prefix: string): string[] {
    if (prefix.length < 2) return [];
    this.sortedVocabulary ??= [...this.vocabulary.keys()].sort();
    const vocab = this.sortedVocabulary;
    let lo = 0;
    let hi = vocab.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (vocab[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const found: string[] = [];
    for (let i = lo; i < vocab.length && vocab[i]!.startsWith(prefix) && found.length < 200; i++) found.push(vocab[i]!);
    return found
      .sort((a, b) => (this.vocabulary.get(b) ?? 0) - (this.vocabulary.get(a) ?? 0))
      .slice(0, RANKING.completions);
  }

  private getCorrector(): Corrector {
    this.corrector ??= new Corrector(this.vocabulary);
    return this.corrector;
  }

  private termScores(term: string, cache: Map<string, Map<number, number>>): Map<number, number> {
    let scores = cache.get(term);
    if (!scores) {
      scores = this.lookup(term);
      if (scores.size > 0) cache.set(term, scores);
    }
    return scores;
  }

  /** Best field score per document for one term: field weight, less a little for late positions. */
  private lookup(term: string): Map<number, number> {
    const scores = new Map<number, number>();
    for (const { field, weight } of FIELDS) {
      const buckets = this.indexes[field].search(term, { resolve: false, limit: RANKING.perTermLimit }).result as unknown as
        | Array<Array<number> | undefined>
        | undefined;
      if (!buckets) continue;
      for (let b = 0; b < buckets.length; b++) {
        const ids = buckets[b];
        if (!ids) continue;
        const s = weight * (1 - (RANKING.lateBucketPenalty * b) / (RANKING.resolution - 1));
        for (const id of ids) if (s > (scores.get(id) ?? 0)) scores.set(id, s);
      }
    }
    return scores;
  }
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

/** A fast 53-bit string hash (cyrb53): identity for configs, not security. */
function cyrb53(str: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}
