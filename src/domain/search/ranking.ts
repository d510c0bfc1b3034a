// The ranking policy: pure, with no index inside. An adapter (src/search/engine.ts holds the
// FlexSearch one) answers "which documents hold this term in this field, in which position
// bucket", and everything that decides the order of results lives here: field weights,
// clause building (synonyms, completions, typo correction), scoring, routing and top-k.
import { isPediatricAge } from '../protocols/impression-routing';
import { codeDigits, codeMatchScore, parseQuery, type CodeQuery } from './codes';
import type { SearchDocument } from './documents';
import { EVERYDAY_WORDS } from './everyday-words';
import { FIELD_LANGUAGE } from './field-language';
import { parsePatientQuery } from './patient-query';
import { SYNONYMS } from './synonyms';
import { Corrector } from './typo';
import { isStopword, stem, terms } from './text';
import { EVIDENCE_RULES, evidenceFrom, FINDING_LABELS } from './vitals-evidence';

// `limit`: documents read per term and field. Names and keywords are short, so a term's
// hits there all count; in content the first few hundred (earliest positions) are plenty.
// `latePenalty`: how much a term loses for sitting late in the field (the index's position
// buckets). Small in a name, where every word is the subject; larger in running text.
export const FIELDS = [
  { field: 'name', weight: 1, limit: 2000, latePenalty: 0.08 },
  { field: 'keywords', weight: 0.75, limit: 2000, latePenalty: 0.08 },
  { field: 'content', weight: 0.4, limit: 300, latePenalty: 0.3 },
] as const;
export type Field = (typeof FIELDS)[number]['field'];

export const RANKING = {
  relevanceShare: 0.7,
  popularityShare: 0.3,
  /**
   * Added to relevance when every part of the query is in the protocol's name (or the name of
   * an impression that leads to it): "crush injury" asks for Crush Injury, however rare.
   */
  fullNameBonus: 0.3,
  synonymWeight: 0.9,
  correctionWeight: 0.85,
  /** The word still being typed also matches vocabulary words it begins ("sei" -> "seizure"). */
  completionWeight: 0.8,
  completions: 6,
  /** A protocol for the other population (adult vs pediatric) keeps this share of its score. */
  otherPopulationFactor: 0.6,
  /** Buckets are the index's term-position ranks; a term early in a field scores higher. */
  resolution: 9,
  /** A lay or field phrase (field-language.ts) counts this much for its protocol: more than a word in its name, since the phrase was written for it. */
  fieldLanguageWeight: 1.5,
  /** A symptom many conditions share (field-language.ts `general`) counts less. */
  generalFieldWeight: 0.7,
  /** Vitals evidence (vitals-evidence.ts) is scaled by its rule's weight times this. */
  evidenceWeight: 1.5,
} as const;

export interface SearchOptions {
  /** The patient's age in years when a context is open: routes adult vs pediatric protocols. */
  ageYears?: number;
  limit?: number;
}

export interface SearchHit {
  tp_code: string;
  tp_name: string;
  population: 'adult' | 'pediatric';
  /** Above 1 for a code match; otherwise 70% relevance (0..1, plus the full-name bonus) and 30% popularity. */
  score: number;
  /** Index terms that matched, for highlighting. */
  matched: string[];
  /** Why it ranked where it did; `formatWhy` (why.ts) makes the compact line. */
  why: WhyRanked;
}

/** The reasons behind one result, in the order a medic would check them. */
export interface WhyRanked {
  /** The protocol code typed, when the hit is a code match. */
  code?: string;
  /** Typed words found in the protocol, as typed (stemmed). */
  words: string[];
  /** A typed word read as another: shorthand, a lay phrase, a corrected typo, a completion. */
  readAs: Array<{ typed: string; as: string; kind: 'synonym' | 'field' | 'correction' | 'completion' }>;
  /** Vitals that point to this protocol's impression. */
  evidence: Array<{ findings: string[]; impression: string; source: string }>;
  /** The age that routed adult vs pediatric, and where it came from. */
  routing?: {
    ageYears: number | undefined;
    from: 'patient' | 'query';
    text: string;
    population: 'adult' | 'pediatric';
    matches: boolean;
  };
}

/** What the ranking keeps of a document: the index holds the text. */
export type DocMeta = Omit<SearchDocument, 'name' | 'keywords' | 'content'>;

/**
 * The documents holding `term` in `field`, grouped by position bucket (earliest first), at
 * most `limit` of them; undefined when none. Buckets may be sparse.
 */
export type BucketLookup = (
  field: Field,
  term: string,
  limit: number,
) => ReadonlyArray<readonly number[] | undefined> | undefined;

interface Alternative {
  terms: string[];
  weight: number;
  kind: 'own' | 'synonym' | 'correction' | 'completion';
  /** What the alternative reads the typed words as, for the "why" line. */
  as: string;
}

/** Evidence that names protocols directly (a lay phrase, vitals), not through the index. */
interface Direct {
  /** Protocol codes; without "-P" for both twins. */
  protocols: readonly string[];
  /** The phrase names a condition of children: routes pediatric when no age is known. */
  population?: 'pediatric';
  weight: number;
  kind: 'field' | 'vitals';
  label: string;
}

/** One thing the medic asked for: the words typed, their alternatives, and any direct evidence. */
interface Clause {
  typed: string;
  alts: Alternative[];
  direct: Direct[];
}

interface PhraseEntry {
  /** Synonym expansions, with their terms worked out once. */
  synonyms: ReadonlyArray<{ text: string; terms: string[] }>;
  /** Protocols the phrase is field language for, with the label the "why" line shows. */
  field: Array<{ protocol: string; label: string; population?: 'pediatric'; general: boolean }>;
}

/** Synonyms and field language under one key: the phrase's terms (normalised, stopwords out). */
function compilePhrases(): { table: Map<string, PhraseEntry>; longest: number } {
  const table = new Map<string, PhraseEntry>();
  const entry = (phrase: string) => {
    const key = terms(phrase).join(' ');
    let e = table.get(key);
    if (!e) table.set(key, (e = { synonyms: [], field: [] }));
    return { key, e };
  };
  for (const [phrase, expansions] of Object.entries(SYNONYMS)) {
    const { e } = entry(phrase);
    e.synonyms = [...e.synonyms, ...expansions.map((text) => ({ text, terms: terms(text) }))];
  }
  for (const fl of FIELD_LANGUAGE) {
    for (const [list, general] of [
      [fl.phrases, false],
      [fl.general ?? [], true],
    ] as const) {
      for (const phrase of list) {
        const { key, e } = entry(phrase);
        if (key === '') continue;
        if (!e.field.some((f) => f.protocol === fl.protocol))
          e.field.push({ protocol: fl.protocol, label: fl.label, population: fl.population, general });
      }
    }
  }
  table.delete('');
  let longest = 1;
  for (const key of table.keys()) longest = Math.max(longest, key.split(' ').length);
  return { table, longest };
}

let phrases: ReturnType<typeof compilePhrases> | undefined;
function phraseTable() {
  return (phrases ??= compilePhrases());
}

/** The documents a term hits, with their best field score, as parallel arrays. */
interface TermHits {
  ids: Uint32Array;
  scores: Float64Array;
  /**
   * How many of the hits are in the name field: fields are read name first and a document is
   * listed at its first hit, so those are the first `inName` entries.
   */
  inName: number;
}

/** Population a patient's age routes to; undefined without an age. */
export function populationForAge(ageYears: number | undefined): 'adult' | 'pediatric' | undefined {
  return ageYears === undefined ? undefined : isPediatricAge(ageYears) ? 'pediatric' : 'adult';
}

/** A list of document ids in a buffer sized once (a document joins a list at most once per use). */
class DocList {
  readonly items: Uint32Array;
  length = 0;
  constructor(capacity: number) {
    this.items = new Uint32Array(capacity);
  }
  push(id: number): void {
    this.items[this.length++] = id;
  }
}

export class Ranker {
  private corrector: Corrector | undefined;
  private sortedVocabulary: string[] | undefined;
  /** Each document's protocol, numbered: results group by it. */
  private readonly codeOf: Uint32Array;
  /** Popularity and population per document, as typed arrays for the scoring loop. */
  private readonly popularity: Float64Array;
  private readonly pediatric: Uint8Array;
  /** Documents per protocol code without "-P" (adult and pediatric twins together), for direct evidence. */
  private readonly docsOfProtocol = new Map<string, number[]>();
  /** Per-query working arrays, sized once; every query leaves them zeroed. */
  private readonly scratch: {
    sum: Float64Array;
    best: Float64Array;
    relevance: Float64Array;
    codeBest: Float64Array;
    codeDoc: Uint32Array;
    mark: Uint8Array;
    nameClauses: Uint16Array;
    nameTerms: Uint16Array;
    inNameNow: Uint8Array;
    /** A term's position in its hit list, plus one (0: not hit yet). */
    slot: Uint32Array;
    /** One term's hits while they are gathered (a document at most once). */
    termIds: Uint32Array;
    termScores: Float64Array;
    /** Documents touched: by the query, by the clause, by an alternative's words, named by the clause. */
    touched: DocList;
    bestTouched: DocList;
    sumTouched: DocList;
    namedNow: DocList;
  };

  constructor(
    private readonly docs: readonly DocMeta[],
    private readonly vocabulary: ReadonlyMap<string, number>,
    private readonly lookupBuckets: BucketLookup,
  ) {
    const codeNumbers = new Map<string, number>();
    this.codeOf = Uint32Array.from(docs, (d) => {
      let c = codeNumbers.get(d.tp_code);
      if (c === undefined) codeNumbers.set(d.tp_code, (c = codeNumbers.size));
      return c;
    });
    this.popularity = Float64Array.from(docs, (d) => d.popularity);
    this.pediatric = Uint8Array.from(docs, (d) => (d.population === 'pediatric' ? 1 : 0));
    docs.forEach((d, id) => {
      // Under its base code (both twins) and, for a pediatric protocol, under its own code too.
      for (const key of new Set([codeDigits(d.tp_code), d.tp_code])) {
        const list = this.docsOfProtocol.get(key);
        if (list) list.push(id);
        else this.docsOfProtocol.set(key, [id]);
      }
    });
    const n = docs.length;
    this.scratch = {
      sum: new Float64Array(n),
      best: new Float64Array(n),
      relevance: new Float64Array(n),
      codeBest: new Float64Array(codeNumbers.size),
      codeDoc: new Uint32Array(codeNumbers.size),
      mark: new Uint8Array(n),
      nameClauses: new Uint16Array(n),
      nameTerms: new Uint16Array(n),
      inNameNow: new Uint8Array(n),
      slot: new Uint32Array(n),
      termIds: new Uint32Array(n),
      termScores: new Float64Array(n),
      touched: new DocList(n),
      bestTouched: new DocList(n),
      sumTouched: new DocList(n),
      namedNow: new DocList(n),
    };
  }

  search(query: string, options: SearchOptions = {}): SearchHit[] {
    const limit = Math.min(Math.max(1, options.limit ?? 10), 200);
    // The patient in the query (age, sex, vitals, weight) is read first; the rest is text.
    const patient = parsePatientQuery(query);
    // An open patient's age routes; the query's age does when no patient is open.
    const routingAge = options.ageYears ?? patient.age?.years;
    const parsed = parseQuery(patient.rest);
    const codeScores = this.scoreCodes(parsed.codes, parsed.rest.length === 0);
    // Digits that are no protocol code ("5150", "12 lead") are searched as words.
    const textWords = [...parsed.rest];
    for (const c of parsed.codes) if (!codeScores.matchedAny.has(c)) textWords.push(c.digits);

    // A query that does not end in a space has its last word still being typed.
    const typing = /[a-z0-9]$/i.test(patient.rest) && parsed.rest.length > 0 ? parsed.rest.length - 1 : -1;
    const clauses = this.clauses(textWords, typing);
    for (const e of evidenceFrom(patient.vitals, routingAge)) {
      const findings = e.findings.map((f) => FINDING_LABELS[f]).join(' + ');
      clauses.push({
        typed: findings,
        alts: [],
        direct: [
          {
            protocols: [e.rule.protocol],
            weight: e.rule.weight * RANKING.evidenceWeight,
            kind: 'vitals',
            label: e.rule.impression,
          },
        ],
      });
    }
    // Without any age, a word for a child ("kid", "peds") or a condition of children ("croup") routes pediatric.
    const childPhrase =
      routingAge === undefined
        ? clauses.find((c) => c.direct.some((d) => d.population === 'pediatric'))?.typed
        : undefined;
    const childHint = routingAge === undefined ? (patient.childWord ?? childPhrase) : undefined;
    const perTerm = new Map<string, TermHits>();
    const { relevance, touched } = this.accumulate(clauses, perTerm);
    const patientPopulation = childHint !== undefined ? 'pediatric' : populationForAge(routingAge);

    // Best document per protocol code, in dense arrays indexed by code number.
    const { codeBest, codeDoc, mark } = this.scratch;
    const { popularity, pediatric, codeOf } = this;
    const codesTouched: number[] = [];
    // Routing scales text matches of the other population; a code the medic typed is never reordered.
    const routeChild = patientPopulation === undefined ? -1 : patientPopulation === 'pediatric' ? 1 : 0;
    const codeScore = codeScores.scores;
    const hasCodes = codeScore.size > 0;
    const relevanceShare = RANKING.relevanceShare;
    const popularityShare = RANKING.popularityShare;
    const otherFactor = RANKING.otherPopulationFactor;
    for (let k = 0; k < touched.length; k++) {
      const doc = touched.items[k]!;
      let score = relevanceShare * relevance[doc]! + popularityShare * popularity[doc]!;
      if (routeChild >= 0 && pediatric[doc] !== routeChild) score *= otherFactor;
      if (hasCodes) score += codeScore.get(doc) ?? 0;
      const c = codeOf[doc]!;
      if (codeBest[c] === 0) codesTouched.push(c);
      if (score > codeBest[c]!) {
        codeBest[c] = score;
        codeDoc[c] = doc;
      }
    }
    for (const [doc, score] of codeScore) {
      if (relevance[doc] !== 0) continue;
      const c = codeOf[doc]!;
      if (codeBest[c] === 0) codesTouched.push(c);
      if (score > codeBest[c]!) {
        codeBest[c] = score;
        codeDoc[c] = doc;
      }
    }
    for (let k = 0; k < touched.length; k++) relevance[touched.items[k]!] = 0;

    const top = topCodes(codesTouched, codeBest, limit).map((c) => ({ doc: codeDoc[c]!, score: codeBest[c]! }));
    for (const c of codesTouched) codeBest[c] = 0;

    // Which terms matched each shown document, for highlighting.
    top.forEach(({ doc }, i) => (mark[doc] = i + 1));
    const matched = top.map(() => [] as string[]);
    for (const [term, hits] of perTerm) {
      for (const id of hits.ids) {
        const at = mark[id]!;
        if (at > 0 && matched[at - 1]!.at(-1) !== term) matched[at - 1]!.push(term);
      }
    }
    for (const { doc } of top) mark[doc] = 0;

    const routing =
      patientPopulation === undefined
        ? undefined
        : {
            ageYears: routingAge,
            from: options.ageYears !== undefined ? ('patient' as const) : ('query' as const),
            text: options.ageYears !== undefined ? 'patient open' : (patient.age?.text ?? childHint ?? ''),
            population: patientPopulation,
          };
    const typedCode = parsed.codes.find((c) => codeScores.matchedAny.has(c));
    return top.map(({ doc }, i) => {
      const meta = this.docs[doc]!;
      const why = explain(clauses, matched[i]!, codeDigits(meta.tp_code));
      if (typedCode && (codeScores.scores.get(doc) ?? 0) > 0)
        why.code = typedCode.digits + (typedCode.pediatric ? '-P' : '');
      if (routing) why.routing = { ...routing, matches: meta.population === routing.population };
      return {
        tp_code: meta.tp_code,
        tp_name: meta.tp_name,
        population: meta.population,
        score: round(top[i]!.score),
        matched: matched[i]!,
        why,
      };
    });
  }

  /**
   * Relevance per document: each clause scores its best alternative (the mean of that
   * alternative's term scores, times its weight), and clauses average, so matching more of
   * the query scores higher. Dense scratch arrays keep this allocation-free per document.
   */
  private accumulate(clauses: Clause[], perTerm: Map<string, TermHits>): { relevance: Float64Array; touched: DocList } {
    const { sum, best, relevance, nameClauses, nameTerms, inNameNow, touched, bestTouched, sumTouched, namedNow } =
      this.scratch;
    touched.length = 0;
    for (const clause of clauses) {
      bestTouched.length = 0;
      namedNow.length = 0;
      for (const alt of clause.alts) {
        if (alt.terms.length === 1) {
          // One word (most alternatives): its score is the clause's, with no sum to stage.
          const { ids, scores, inName } = this.termHits(alt.terms[0]!, perTerm);
          const weight = alt.weight;
          for (let k = 0; k < ids.length; k++) {
            const id = ids[k]!;
            const s = scores[k]! * weight;
            if (best[id] === 0) bestTouched.push(id);
            if (s > best[id]!) best[id] = s;
            if (k < inName && inNameNow[id] === 0) {
              inNameNow[id] = 1;
              namedNow.push(id);
            }
          }
          continue;
        }
        sumTouched.length = 0;
        for (const term of alt.terms) {
          const hits = this.termHits(term, perTerm);
          for (let k = 0; k < hits.ids.length; k++) {
            const id = hits.ids[k]!;
            if (sum[id] === 0) sumTouched.push(id);
            sum[id]! += hits.scores[k]!;
            if (k < hits.inName) nameTerms[id]!++;
          }
        }
        // The clause is in the name when one alternative has all its words there.
        const factor = alt.weight / alt.terms.length;
        for (let j = 0; j < sumTouched.length; j++) {
          const id = sumTouched.items[j]!;
          if (nameTerms[id] === alt.terms.length && inNameNow[id] === 0) {
            inNameNow[id] = 1;
            namedNow.push(id);
          }
          nameTerms[id] = 0;
          const s = sum[id]! * factor;
          sum[id] = 0;
          if (best[id] === 0) bestTouched.push(id);
          if (s > best[id]!) best[id] = s;
        }
      }
      // Direct evidence counts like a word in the protocol's name.
      for (const d of clause.direct) {
        for (const protocol of d.protocols) {
          for (const id of this.docsOfProtocol.get(protocol) ?? []) {
            if (best[id] === 0) bestTouched.push(id);
            if (d.weight > best[id]!) best[id] = d.weight;
            if (inNameNow[id] === 0) {
              inNameNow[id] = 1;
              namedNow.push(id);
            }
          }
        }
      }
      for (let j = 0; j < bestTouched.length; j++) {
        const id = bestTouched.items[j]!;
        if (relevance[id] === 0) touched.push(id);
        relevance[id]! += best[id]! / clauses.length;
        best[id] = 0;
      }
      for (let j = 0; j < namedNow.length; j++) {
        const id = namedNow.items[j]!;
        nameClauses[id]!++;
        inNameNow[id] = 0;
      }
    }
    for (let j = 0; j < touched.length; j++) {
      const id = touched.items[j]!;
      if (nameClauses[id] === clauses.length) relevance[id]! += RANKING.fullNameBonus;
      nameClauses[id] = 0;
    }
    return { relevance, touched };
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
    // Stopwords drop out (unless still being typed); phrases match on the remaining terms.
    const tokens: Array<{ word: string; term: string; typing: boolean }> = [];
    queryWords.forEach((word, i) => {
      const typing = i === typingIndex;
      if (isStopword(word) && !typing) return;
      tokens.push({ word, term: stem(word), typing });
    });
    const { table, longest } = phraseTable();
    const clauses: Clause[] = [];
    for (let i = 0; i < tokens.length;) {
      let matched = false;
      for (let len = Math.min(longest, tokens.length - i); len >= 1 && !matched; len--) {
        const slice = tokens.slice(i, i + len);
        const entry = table.get(slice.map((t) => t.term).join(' '));
        if (!entry) continue;
        const typed = slice.map((t) => t.word).join(' ');
        const own = slice.map((t) => t.term);
        const clause: Clause = { typed, alts: [{ terms: own, weight: 1, kind: 'own', as: typed }], direct: [] };
        for (const e of entry.synonyms)
          clause.alts.push({ terms: e.terms, weight: RANKING.synonymWeight, kind: 'synonym', as: e.text });
        for (const f of entry.field) {
          const weight = f.general ? RANKING.generalFieldWeight : RANKING.fieldLanguageWeight;
          clause.direct.push({
            protocols: [f.protocol],
            weight,
            kind: 'field',
            label: f.label,
            population: f.population,
          });
        }
        clauses.push(clause);
        i += len;
        matched = true;
      }
      if (matched) continue;
      const { word, term, typing } = tokens[i]!;
      i++;
      const clause: Clause = { typed: word, alts: [{ terms: [term], weight: 1, kind: 'own', as: word }], direct: [] };
      if (typing)
        for (const c of this.completions(word))
          if (c !== term) clause.alts.push({ terms: [c], weight: RANKING.completionWeight, kind: 'completion', as: c });
      if (clause.alts.length === 1 && !this.vocabulary.has(term)) {
        const corrected = this.getCorrector().correct(term);
        if (corrected)
          clause.alts.push({ terms: [corrected], weight: RANKING.correctionWeight, kind: 'correction', as: corrected });
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
    this.corrector ??= new Corrector(this.vocabulary, EVERYDAY_WORDS.map(stem));
    return this.corrector;
  }

  private termHits(term: string, cache: Map<string, TermHits>): TermHits {
    let hits = cache.get(term);
    if (!hits) {
      hits = this.scoreTerm(term);
      if (hits.ids.length > 0) cache.set(term, hits);
    }
    return hits;
  }

  /** Best field score per document for one term: field weight, less a little for late positions. */
  private scoreTerm(term: string): TermHits {
    let n = 0;
    let inName = 0;
    const { slot, termIds: ids, termScores: scores } = this.scratch;
    for (const { field, weight, limit, latePenalty } of FIELDS) {
      const buckets = this.lookupBuckets(field, term, limit);
      if (!buckets) continue;
      for (let b = 0; b < buckets.length; b++) {
        const bucket = buckets[b];
        if (!bucket) continue;
        const s = weight * (1 - (latePenalty * b) / (RANKING.resolution - 1));
        for (let j = 0; j < bucket.length; j++) {
          const id = bucket[j]!;
          const k = slot[id]!;
          if (k === 0) {
            ids[n] = id;
            scores[n] = s;
            slot[id] = ++n;
            if (field === 'name') inName++;
          } else if (s > scores[k - 1]!) scores[k - 1] = s;
        }
      }
    }
    for (let j = 0; j < n; j++) slot[ids[j]!] = 0;
    return { ids: ids.slice(0, n), scores: scores.slice(0, n), inName };
  }
}

/** The reasons a shown protocol ranked: which clause alternatives and which direct evidence reached it. */
function explain(clauses: readonly Clause[], matchedTerms: readonly string[], protocol: string): WhyRanked {
  const why: WhyRanked = { words: [], readAs: [], evidence: [] };
  const hit = new Set(matchedTerms);
  for (const clause of clauses) {
    const direct = clause.direct.find((d) => d.protocols.includes(protocol));
    if (direct?.kind === 'vitals') {
      const rule = EVIDENCE_RULES.find((r) => r.impression === direct.label && r.protocol === protocol);
      why.evidence.push({ findings: clause.typed.split(' + '), impression: direct.label, source: rule?.source ?? '' });
      continue;
    }
    const own = clause.alts[0];
    if (own && own.terms.length > 0 && own.terms.every((t) => hit.has(t))) {
      why.words.push(clause.typed);
      continue;
    }
    if (direct) {
      why.readAs.push({ typed: clause.typed, as: direct.label, kind: 'field' });
      continue;
    }
    const alt = clause.alts.find((a) => a.kind !== 'own' && a.terms.every((t) => hit.has(t)));
    if (alt && alt.kind !== 'own') why.readAs.push({ typed: clause.typed, as: alt.as, kind: alt.kind });
    else if (own && own.terms.some((t) => hit.has(t))) why.words.push(clause.typed);
  }
  return why;
}

/** The k code numbers with the best scores, best first, without sorting them all or allocating per code. */
function topCodes(codes: readonly number[], score: Float64Array, k: number): number[] {
  const top: number[] = [];
  for (const c of codes) {
    const sc = score[c]!;
    if (top.length === k && sc <= score[top[k - 1]!]!) continue;
    let i = top.length < k ? top.length : k - 1;
    while (i > 0 && score[top[i - 1]!]! < sc) {
      top[i] = top[i - 1]!;
      i--;
    }
    top[i] = c;
  }
  return top;
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

/** A fast 53-bit string hash (cyrb53): identity for configs, not security. */
export function cyrb53(str: string): string {
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

/** Everything in the ranking an exported index depends on, for the adapter's config hash. */
export const RANKING_CONFIG = { FIELDS, RANKING, SYNONYMS, FIELD_LANGUAGE, EVIDENCE_RULES } as const;
