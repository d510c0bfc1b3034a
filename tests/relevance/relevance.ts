// The relevance set (queries.txt) and how it is scored: top-1, top-3 and mean reciprocal rank,
// on a tuning half and a held-back half. The split is a hash of the query, so it never changes
// when lines are added or moved, and nobody picks which half a query lands in.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cyrb53 } from '../../src/domain/search/ranking';

export interface RelevanceQuery {
  query: string;
  first: string;
  /** Acceptable second choices: not counted as top-1, listed so a reader sees what else is fine. */
  acceptable: string[];
  half: 'tuning' | 'held-back';
  line: number;
}

export function loadRelevanceSet(file = resolve(import.meta.dirname, 'queries.txt')): RelevanceQuery[] {
  const out: RelevanceQuery[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const parts = line.split('|').map((p) => p.trim());
      if (parts.length !== 3 || !parts[0] || !parts[1])
        throw new Error(`queries.txt line ${i + 1}: expected "query | first | acceptable,…", got "${raw}"`);
      const query = parts[0];
      out.push({
        query,
        first: parts[1],
        acceptable: parts[2]!
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        half: parseInt(cyrb53(query.toLowerCase()).slice(-4), 16) % 2 === 0 ? 'tuning' : 'held-back',
        line: i + 1,
      });
    });
  return out;
}

export interface RelevanceScore {
  queries: number;
  top1: number;
  top3: number;
  mrr: number;
}

/** Scores ranked code lists against the set; `ranked` answers one query with protocol codes, best first. */
export async function scoreRelevance(
  set: readonly RelevanceQuery[],
  ranked: (query: string) => Promise<string[]> | string[],
): Promise<RelevanceScore> {
  let top1 = 0;
  let top3 = 0;
  let rr = 0;
  for (const q of set) {
    const codes = await ranked(q.query);
    const at = codes.indexOf(q.first);
    if (at === 0) top1++;
    if (at >= 0 && at < 3) top3++;
    if (at >= 0) rr += 1 / (at + 1);
  }
  const n = set.length;
  return { queries: n, top1: top1 / n, top3: top3 / n, mrr: rr / n };
}

export const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
