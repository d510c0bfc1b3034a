// The relevance set as a guard: the held-back half must not drop below its recorded figures.
// (Measuring and comparing with peers is `npm run bench -- relevance`; this only checks.)
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentsFromDataset } from '../../src/domain/search/documents';
import { loadReferenceSources } from '../../src/reference/load-reference';
import { SearchEngine } from '../../src/search/engine';
import { loadRelevanceSet, scoreRelevance } from '../relevance/relevance';

const reference = loadReferenceSources();
const set = loadRelevanceSet();
const recorded = (
  JSON.parse(readFileSync(resolve(import.meta.dirname, '../relevance/recorded.json'), 'utf8')) as {
    'held-back': { queries: number; top1: number; top3: number; mrr: number };
  }
)['held-back'];

describe('relevance set', () => {
  it('has at least 400 queries, split in two halves of similar size', () => {
    expect(set.length).toBeGreaterThanOrEqual(400);
    const held = set.filter((q) => q.half === 'held-back').length;
    expect(held / set.length).toBeGreaterThan(0.4);
    expect(held / set.length).toBeLessThan(0.6);
  });

  it('names only protocols the dataset has', () => {
    const codes = new Set(reference.protocols.map((p) => p.tp_code));
    for (const q of set)
      for (const c of [q.first, ...q.acceptable]) expect(codes, `line ${q.line}: ${q.query}`).toContain(c);
  });

  it('keeps the held-back half at or above its recorded top-1, top-3 and MRR', async () => {
    const engine = SearchEngine.build(documentsFromDataset(reference));
    const s = await scoreRelevance(
      set.filter((q) => q.half === 'held-back'),
      (q) => engine.search(q, { limit: 10 }).map((h) => h.tp_code),
    );
    expect(s.queries).toBeGreaterThanOrEqual(recorded.queries);
    // Recorded to three decimals; compare at that precision.
    const at3 = (x: number) => Math.round(x * 1000) / 1000;
    expect(at3(s.top1)).toBeGreaterThanOrEqual(recorded.top1);
    expect(at3(s.top3)).toBeGreaterThanOrEqual(recorded.top3);
    expect(at3(s.mrr)).toBeGreaterThanOrEqual(recorded.mrr);
  });
});
