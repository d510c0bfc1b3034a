// `npx tsx tests/relevance/tuning-misses.ts`: the TUNING half's misses, with each first hit's
// "why" line, for whoever tunes the ranking or the field language. The held-back half is never
// listed here, only scored (npm run bench -- relevance; tests/unit/relevance.test.ts).
import { documentsFromDataset } from '../../src/domain/search/documents';
import { formatWhy } from '../../src/domain/search/why';
import { loadReferenceSources } from '../../src/reference/load-reference';
import { SearchEngine } from '../../src/search/engine';
import { loadRelevanceSet, percent, scoreRelevance } from './relevance';

const engine = SearchEngine.build(documentsFromDataset(loadReferenceSources()));
const tuning = loadRelevanceSet().filter((q) => q.half === 'tuning');
for (const q of tuning) {
  const hits = engine.search(q.query, { limit: 3 });
  if (hits[0]?.tp_code === q.first) continue;
  const got = hits.map((h) => `${h.tp_code}(${h.score.toFixed(2)})`).join(' ');
  console.log(`${q.query.padEnd(50)} want ${q.first.padEnd(7)} got ${got}  | ${hits[0] ? formatWhy(hits[0].why) : ''}`);
}
const s = await scoreRelevance(tuning, (q) => engine.search(q, { limit: 10 }).map((h) => h.tp_code));
console.log(
  `tuning half: ${s.queries} queries, top-1 ${percent(s.top1)}, top-3 ${percent(s.top3)}, MRR ${s.mrr.toFixed(3)}`,
);
