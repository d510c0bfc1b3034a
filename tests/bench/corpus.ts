// A generated protocol corpus for the search benchmark: 7,012 section records of 877
// made-up protocols, worded from the reference dataset's own vocabulary (so word
// frequencies look like real protocols), and a query set with known answers.
import type { SearchDocument } from '../../src/domain/search/documents';
import { terms } from '../../src/domain/search/text';
import { loadReferenceSources } from '../../src/reference/load-reference';

export const CORPUS_SIZE = 7_012;
const SECTIONS_PER_PROTOCOL = 8;

export interface BenchQuery {
  query: string;
  expect: string;
  kind: string;
}

/** mulberry32: the same corpus on every run and machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function typo(word: string, rand: () => number): string {
  if (word.length < 5) return word;
  const i = 1 + Math.floor(rand() * (word.length - 3));
  return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
}

export function generateCorpus(): { documents: SearchDocument[]; queries: BenchQuery[] } {
  const rand = prng(7012);
  const { protocols } = loadReferenceSources();
  // Zipf-like pool: every word as often as it occurs in our own protocols.
  const pool = protocols.flatMap((p) => terms(p.sections.flatMap((s) => s.items).join(' ')));
  const nameWords = [...new Set(protocols.flatMap((p) => terms(`${p.name} ${p.keywords.join(' ')}`)))].filter(
    (w) => w.length > 3 && !/\d/.test(w),
  );
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;

  const documents: SearchDocument[] = [];
  const names = new Map<string, string>();
  const protocolCount = Math.ceil(CORPUS_SIZE / SECTIONS_PER_PROTOCOL);
  for (let p = 0; p < protocolCount; p++) {
    const code = String(2000 + p);
    let name: string;
    do name = [pick(nameWords), pick(nameWords), pick(nameWords)].join(' ');
    while ([...names.values()].includes(name));
    names.set(code, name);
    const keywords = Array.from({ length: 6 }, () => pick(nameWords)).join(' ');
    const popularity = Math.round(rand() ** 2 * 100) / 100;
    for (let s = 0; s < SECTIONS_PER_PROTOCOL && documents.length < CORPUS_SIZE; s++) {
      const length = 30 + Math.floor(rand() * 60);
      documents.push({
        tp_code: code,
        tp_name: name,
        population: 'adult',
        name,
        keywords,
        content: Array.from({ length }, () => pick(pool)).join(' '),
        popularity,
      });
    }
  }

  const queries: BenchQuery[] = [];
  const codes = [...names.keys()];
  for (let i = 0; i < 300; i++) {
    const code = pick(codes);
    const words = names.get(code)!.split(' ');
    const r = rand();
    if (r < 0.4) queries.push({ query: words.join(' '), expect: code, kind: 'full name' });
    else if (r < 0.7) queries.push({ query: `${words[0]} ${words[2]}`, expect: code, kind: 'two words' });
    else if (r < 0.85)
      queries.push({ query: words.map((w, j) => (j === 1 ? typo(w, rand) : w)).join(' '), expect: code, kind: 'typo' });
    else queries.push({ query: `${words[0]} ${words[1]} ${words[2]!.slice(0, 3)}`, expect: code, kind: 'typing' });
  }
  return { documents, queries };
}

/** Queries a crew would type against LA County's manual (and our dataset), with the protocol they want. */
export const FIELD_QUERIES: BenchQuery[] = [
  ['chest pain', '1211'],
  ['cp', '1211'],
  ['stemi', '1211'],
  ['cardiac arrest', '1210'],
  ['no pulse', '1210'],
  ['v-fib', '1210'],
  ['seizure', '1231'],
  ['siezure', '1231'],
  ['stroke', '1232'],
  ['cva', '1232'],
  ['overdose', '1241'],
  ['od', '1241'],
  ['anaphylaxis', '1219'],
  ['bee sting', '1219'],
  ['allergic reaction', '1219'],
  ['shortness of breath', '1237'],
  ['sob', '1237'],
  ['respiratory distress', '1237'],
  ['hypoglycemia', '1203'],
  ['low blood sugar', '1203'],
  ['diabetic', '1203'],
  ['burns', '1220'],
  ['childbirth', '1215'],
  ['syncope', '1233'],
  ['fainted', '1233'],
  ['aloc', '1229'],
  ['altered level of consciousness', '1229'],
  ['bradycardia', '1212'],
  ['tachycardia', '1213'],
  ['svt', '1213'],
  ['pulmonary edema', '1214'],
  ['chf', '1214'],
  ['sepsis', '1204'],
  ['fever', '1204'],
  ['shock', '1207'],
  ['hypotension', '1207'],
  ['behavioral', '1209'],
  ['psychiatric crisis', '1209'],
  ['drowning', '1225'],
  ['hypothermia', '1223'],
  ['heat stroke', '1222'],
  ['electrocution', '1221'],
  ['snake bite', '1224'],
  ['carbon monoxide', '1238'],
  ['hazmat', '1240'],
  ['crush injury', '1242'],
  ['traumatic arrest', '1243'],
  ['gsw', '1244'],
  ['mvc', '1244'],
  ['choking', '1234'],
  ['dystonic reaction', '1239'],
  ['nosebleed', '1226'],
  ['eye problem', '1228'],
  ['dizziness', '1230'],
  ['vertigo', '1230'],
  ['brue', '1235-P'],
  ['newborn resuscitation', '1216-P'],
  ['pregnancy complication', '1217'],
  ['labor', '1218'],
  ['inhalation injury', '1236'],
  ['1211', '1211'],
  ['tp 1210', '1210'],
  ['1210-p', '1210-P'],
  ['anaphylaxsis', '1219'],
  ['cehst pain', '1211'],
].map(([query, expect]) => ({ query: query!, expect: expect!, kind: 'field' }));
