// Search: our engine against MiniSearch and Orama on the same documents and queries, in one
// run. Every engine gets three fields (name, keywords, content) plus the code, name boosted
// over keywords over content, typo tolerance and prefix search where it has them. Results
// are grouped by protocol code, as the app shows them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import MiniSearch from 'minisearch';
import { create, insertMultiple, load, save, search as oramaSearch, type AnyOrama } from '@orama/orama';
import { chunkDocument, type ProtocolChunk } from '../../src/domain/protocols/import-manual';
import { documentsFromChunks, documentsFromDataset, type SearchDocument } from '../../src/domain/search/documents';
import { loadReferenceSources } from '../../src/reference/load-reference';
import { SearchEngine } from '../../src/search/engine';
import { FIELD_QUERIES, generateCorpus, type BenchQuery } from './corpus';
import { parsePatientQuery } from '../../src/domain/search/patient-query';
import { loadRelevanceSet } from '../relevance/relevance';

interface Contender {
  name: string;
  build(docs: SearchDocument[]): Promise<void>;
  exportIndex(): Promise<string>;
  importIndex(data: string): Promise<void>;
  search(query: string): Promise<string[]>;
  /** Drops the index, so the next engine's heap figure starts clean. */
  dispose(): void;
}

const LIMIT = 10;
const dedupe = (codes: string[]) => [...new Set(codes)].slice(0, LIMIT);

function rigside(): Contender {
  let engine: SearchEngine;
  return {
    name: 'Rigside (FlexSearch 0.8 + ranking)',
    async build(docs) {
      engine = SearchEngine.build(docs);
    },
    async exportIndex() {
      return JSON.stringify(engine.export());
    },
    async importIndex(data) {
      engine = SearchEngine.import(JSON.parse(data) as Record<string, string>);
    },
    async search(q) {
      return engine.search(q, { limit: LIMIT }).map((h) => h.tp_code);
    },
    dispose() {
      engine = undefined as unknown as SearchEngine;
    },
  };
}

function minisearch(): Contender {
  const options = {
    fields: ['tp_code', 'name', 'keywords', 'content'],
    storeFields: ['tp_code'],
    searchOptions: { boost: { tp_code: 4, name: 3, keywords: 2 }, fuzzy: 0.2, prefix: true },
  };
  let index: MiniSearch;
  return {
    name: 'MiniSearch 7',
    async build(docs) {
      index = new MiniSearch(options);
      index.addAll(docs.map((d, id) => ({ id, ...d })));
    },
    async exportIndex() {
      return JSON.stringify(index);
    },
    async importIndex(data) {
      index = MiniSearch.loadJSON(data, options);
    },
    async search(q) {
      return dedupe(
        index
          .search(q)
          .slice(0, LIMIT * 8)
          .map((r) => r['tp_code'] as string),
      );
    },
    dispose() {
      index = undefined as unknown as MiniSearch;
    },
  };
}

function orama(): Contender {
  const schema = { tp_code: 'string', name: 'string', keywords: 'string', content: 'string' } as const;
  let db: AnyOrama;
  return {
    name: 'Orama 3',
    async build(docs) {
      db = create({ schema });
      await insertMultiple(
        db,
        docs.map((d) => ({ tp_code: d.tp_code, name: d.name, keywords: d.keywords, content: d.content })),
      );
    },
    async exportIndex() {
      return JSON.stringify(save(db));
    },
    async importIndex(data) {
      db = create({ schema });
      load(db, JSON.parse(data) as ReturnType<typeof save>);
    },
    async search(q) {
      const results = await oramaSearch(db, {
        term: q,
        properties: ['tp_code', 'name', 'keywords', 'content'],
        boost: { tp_code: 4, name: 3, keywords: 2 },
        tolerance: 1,
        limit: LIMIT * 8,
      });
      return dedupe(results.hits.map((h) => (h.document as unknown as { tp_code: string }).tp_code));
    },
    dispose() {
      db = undefined as unknown as AnyOrama;
    },
  };
}

const gc = (globalThis as { gc?: () => void }).gc;
const heapMb = () => {
  // Several passes: one collection can leave a freed engine's weak structures behind.
  for (let i = 0; i < 3; i++) gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const round = (n: number, digits = 1) => Number(n.toFixed(digits));

async function measure(corpus: string, contender: Contender, docs: SearchDocument[], queries: BenchQuery[]) {
  // Let the previous engine's pending callbacks run so it can be collected before we measure.
  await new Promise((r) => setTimeout(r, 100));
  const before = heapMb();
  let t = performance.now();
  await contender.build(docs);
  const buildMs = performance.now() - t;
  const heap = heapMb() - before;
  t = performance.now();
  const exported = await contender.exportIndex();
  const exportMs = performance.now() - t;
  t = performance.now();
  await contender.importIndex(exported);
  const importMs = performance.now() - t;

  // Quality on the imported index: what a device answers after a cold start.
  let hit1 = 0;
  let hit3 = 0;
  for (const q of queries) {
    const codes = await contender.search(q.query);
    if (codes[0] === q.expect) hit1++;
    if (codes.slice(0, 3).includes(q.expect)) hit3++;
  }
  // Latency: up to 5 rounds over the query set, bounded at 8 s per engine and corpus. Collect
  // the build and export garbage first (every engine alike), so the figures are query time,
  // not a collection of what the build left behind.
  heapMb();
  const samples: number[] = [];
  const started = performance.now();
  for (let round = 0; round < 5 && (round === 0 || performance.now() - started < 8_000); round++) {
    for (const q of queries) {
      const t0 = performance.now();
      await contender.search(q.query);
      samples.push(performance.now() - t0);
    }
  }
  samples.sort((a, b) => a - b);
  contender.dispose();
  return {
    corpus,
    engine: contender.name,
    docs: docs.length,
    'build ms': round(buildMs),
    'export ms': round(exportMs),
    'import ms': round(importMs),
    'export KB': Math.round(exported.length / 1024),
    'heap MB': round(heap),
    'p50 ms': round(pct(samples, 50), 3),
    'p95 ms': round(pct(samples, 95), 3),
    'p99 ms': round(pct(samples, 99), 3),
    'hit@1': `${Math.round((100 * hit1) / queries.length)}%`,
    'hit@3': `${Math.round((100 * hit3) / queries.length)}%`,
  };
}

function laCountyManual(): SearchDocument[] | null {
  const dir = resolve(import.meta.dirname, '../../../shared/reference/lacounty/pcm');
  if (!existsSync(dir)) return null;
  const chunks: ProtocolChunk[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.md'))) {
    const result = chunkDocument(file, readFileSync(join(dir, file), 'utf8'));
    if (result.ok) chunks.push(...result.value);
  }
  return documentsFromChunks(chunks);
}

export async function benchSearch(): Promise<Array<Record<string, string | number>>> {
  const corpora: Array<{ name: string; docs: SearchDocument[]; queries: BenchQuery[] }> = [];
  const generated = generateCorpus();
  corpora.push({ name: '(a) generated', docs: generated.documents, queries: generated.queries });
  const manual = laCountyManual();
  if (manual) corpora.push({ name: '(b) LA County manual', docs: manual, queries: FIELD_QUERIES });
  else console.log('(b) skipped: ../shared/reference/lacounty/pcm is not beside the repo');
  corpora.push({
    name: '(c) Rigside dataset',
    docs: documentsFromDataset(loadReferenceSources()),
    queries: FIELD_QUERIES,
  });

  const rows = [];
  for (const corpus of corpora) {
    for (const make of [rigside, minisearch, orama])
      rows.push(await measure(corpus.name, make(), corpus.docs, corpus.queries));
  }
  return rows;
}

/** The query parser alone (ages, sex, vitals, weight), in microseconds per query. */
export function benchParser(): Array<Record<string, string | number>> {
  const sets: Array<[string, string[]]> = [
    ['relevance set (field phrases, run-on descriptions with vitals)', loadRelevanceSet().map((q) => q.query)],
    ['generated corpus queries (no patient facts)', generateCorpus().queries.map((q) => q.query)],
  ];
  return sets.map(([name, queries]) => {
    for (const q of queries) parsePatientQuery(q);
    const samples: number[] = [];
    const rounds = 20;
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      for (const q of queries) parsePatientQuery(q);
      samples.push(((performance.now() - t0) * 1000) / queries.length);
    }
    samples.sort((a, b) => a - b);
    return {
      queries: name,
      count: queries.length,
      'median µs/query': round(pct(samples, 50), 2),
      'worst round µs/query': round(samples.at(-1)!, 2),
    };
  });
}
