import { describe, expect, it } from 'vitest';
import { referenceSources } from '../../tests/unit/reference-sources';
import { documentsFromDataset, type SearchDocument } from '../domain/search/documents';
import { RANKING } from '../domain/search/ranking';
import { SearchEngine, searchConfigHash } from './engine';

const reference = referenceSources();
const engine = SearchEngine.build(documentsFromDataset(reference));
const codes = (query: string, ageYears?: number) => engine.search(query, { ageYears, limit: 5 }).map((h) => h.tp_code);
const first = (query: string, ageYears?: number) => codes(query, ageYears)[0];

function doc(tp_code: string, fields: Partial<SearchDocument>): SearchDocument {
  return {
    tp_code,
    tp_name: fields.name ?? tp_code,
    population: tp_code.endsWith('-P') ? 'pediatric' : 'adult',
    name: '',
    keywords: '',
    content: '',
    popularity: 0.5,
    ...fields,
  };
}

describe('protocol codes', () => {
  it.each(['1211', 'TP 1211', 'tp1211', ' 1211 '])('finds TP 1211 first for "%s", and only that code', (q) => {
    expect(codes(q)).toEqual(['1211']);
  });

  it.each(['1210-P', '1210 p', '1210P', 'TP 1210-P'])(
    'puts the pediatric protocol first for "%s", its adult twin second',
    (q) => {
      expect(codes(q).slice(0, 2)).toEqual(['1210-P', '1210']);
    },
  );

  it('does not match neighbouring codes (1211 is not 1210 or 1212)', () => {
    expect(codes('1212')).not.toContain('1211');
  });

  it('completes a partial code in number order while it is typed', () => {
    const hits = codes('121');
    expect(hits[0]).toBe('1210');
    expect(hits.every((c) => c.startsWith('121'))).toBe(true);
  });

  it('ranks a code match above every text match', () => {
    const hits = engine.search('1237 chest pain', { limit: 3 });
    expect(hits[0]?.tp_code).toBe('1237');
    expect(hits[0]!.score).toBeGreaterThan(1);
  });

  it('searches digits that are no protocol code as words ("12 lead")', () => {
    expect(first('12 lead')).toBe('1211');
  });
});

describe('text ranking', () => {
  it('finds Cardiac Chest Pain for "chest pain"', () => {
    expect(first('chest pain')).toBe('1211');
  });

  it('weighs a name match over a keyword match over a content match', () => {
    const e = SearchEngine.build([
      doc('1001', { content: 'the patient has syncope' }),
      doc('1002', { keywords: 'syncope' }),
      doc('1003', { name: 'Syncope' }),
    ]);
    expect(e.search('syncope').map((h) => h.tp_code)).toEqual(['1003', '1002', '1001']);
  });

  it('rewards matching more of the words in a multiword query', () => {
    const e = SearchEngine.build([
      doc('1001', { name: 'Burns' }),
      doc('1002', { name: 'Chemical burns of the eye' }),
      doc('1003', { name: 'Eye problem' }),
    ]);
    expect(e.search('eye burns')[0]?.tp_code).toBe('1002');
  });

  it('mixes 70% relevance with 30% popularity, so popularity breaks near-ties but not clear relevance', () => {
    const e = SearchEngine.build([
      doc('1001', { name: 'Fall', popularity: 0.1 }),
      doc('1002', { name: 'Fall', popularity: 0.9 }),
      doc('1003', { content: 'fall', popularity: 1 }),
    ]);
    const hits = e.search('fall');
    expect(hits.map((h) => h.tp_code)).toEqual(['1002', '1001', '1003']);
    expect(hits[0]!.score - hits[1]!.score).toBeCloseTo(RANKING.popularityShare * 0.8, 4);
  });

  it('puts a rare protocol whose name holds every query word above a popular partial match', () => {
    expect(first('crush injury')).toBe('1242');
    expect(first('traumatic arrest')).toBe('1243');
    const e = SearchEngine.build([
      doc('1001', { name: 'Traumatic Injury', keywords: 'crush', popularity: 0.9 }),
      doc('1002', { name: 'Crush Injury', popularity: 0.05 }),
    ]);
    expect(e.search('crush injury')[0]?.tp_code).toBe('1002');
  });

  it('treats an impression name as a name of its protocol, without its exclusions', () => {
    expect(first('hypoglycemia')).toBe('1203');
    expect(first('low blood sugar')).toBe('1203');
  });

  it('completes the word being typed ("sei" finds Seizure) but not a finished word followed by a space', () => {
    expect(first('sei')).toBe('1231');
    const e = SearchEngine.build([doc('1001', { name: 'Cpap failure' }), doc('1002', { name: 'Cp' })]);
    expect(e.search('cp ').map((h) => h.tp_code)).toEqual(['1002']);
  });

  it('returns the matched index terms for highlighting', () => {
    const hit = engine.search('chest pain')[0]!;
    expect(hit.matched).toEqual(expect.arrayContaining(['chest', 'pain']));
  });

  it('finds nothing for a query of noise, rather than guessing', () => {
    expect(engine.search('qqqqzzzz')).toEqual([]);
    expect(engine.search('')).toEqual([]);
  });
});

describe('abbreviations and synonyms', () => {
  it.each([
    ['CP', '1211'],
    ['SOB', '1237'],
    ['ALOC', '1229'],
    ['AMS', '1229'],
    ['CVA', '1232'],
    ['STEMI', '1211'],
    ['heart attack', '1211'],
    ['V-fib', '1210'],
    ['no pulse', '1210'],
    ['bee sting', '1219'],
    ['OD', '1241'],
    ['sz', '1231'],
    ['5150', '1209'],
    ['low blood sugar', '1203'],
  ])('"%s" finds %s first', (query, code) => {
    expect(first(query)).toBe(code);
  });

  it('"not breathing" finds cardiac arrest and respiratory distress in the top three', () => {
    expect(codes('not breathing').slice(0, 3)).toEqual(expect.arrayContaining(['1210', '1237']));
  });
});

describe('typo correction', () => {
  it.each([
    ['cehst pain', '1211'],
    ['seizrue', '1231'],
    ['anaphylaxsis', '1219'],
    ['stoke', '1232'],
  ])('"%s" still finds %s', (query, code) => {
    expect(codes(query).slice(0, 2)).toContain(code);
  });

  it.each(['night', 'river', 'crash', 'foot', 'felt', 'taking', 'wife'])(
    'leaves the everyday word "%s" as typed: no result reads it as another word',
    (word) => {
      const hits = engine.search(`fever since last ${word}`, { limit: 10 });
      expect(hits.length).toBeGreaterThan(0);
      expect(hits.flatMap((h) => h.why.readAs).filter((r) => r.kind === 'correction')).toEqual([]);
    },
  );

  it('ranks a corrected match below the same exact match', () => {
    const exact = engine.search('seizure')[0]!;
    const typo = engine.search('seizrue')[0]!;
    expect(typo.tp_code).toBe(exact.tp_code);
    expect(typo.score).toBeLessThan(exact.score);
  });
});

describe('adult and pediatric routing', () => {
  it('ranks 1231-P first for a 4-year-old\'s "seizure" and 1231 first for an adult', () => {
    expect(first('seizure', 4)).toBe('1231-P');
    expect(first('seizure', 40)).toBe('1231');
  });

  it('treats 14 years as pediatric and 15 as adult (Ref. 1350)', () => {
    expect(first('cardiac arrest', 14)).toBe('1210-P');
    expect(first('cardiac arrest', 15)).toBe('1210');
  });

  it('keeps a typed code first whatever the age: the medic asked for that protocol', () => {
    expect(codes('1210', 4).slice(0, 2)).toEqual(['1210', '1210-P']);
    expect(codes('1210-P', 40).slice(0, 2)).toEqual(['1210-P', '1210']);
  });

  it("routes by an age typed in the query exactly as by an open patient's age", () => {
    for (const [typed, years] of [
      ['4 yo', 4],
      ['4 year old', 4],
      ['14yo', 14],
      ['15 yo', 15],
      ['40 y/o', 40],
      ['6 month old', 0.5],
    ] as const) {
      const fromQuery = engine.search(`${typed} seizure`, { limit: 5 }).map((h) => [h.tp_code, h.score]);
      const fromPatient = engine.search('seizure', { ageYears: years, limit: 5 }).map((h) => [h.tp_code, h.score]);
      expect(fromQuery, typed).toEqual(fromPatient);
    }
    // "infant" and "newborn" stay in the text too (they name protocols), so only the routing is compared.
    expect(first('infant seizure')).toBe('1231-P');
    expect(engine.search('newborn seizure')[0]!.why.routing).toMatchObject({ ageYears: 0, population: 'pediatric' });
  });

  it("lets an open patient's age win over an age in the query, and says where the routing came from", () => {
    const hit = engine.search('40 yo seizure', { ageYears: 4 })[0]!;
    expect(hit.tp_code).toBe('1231-P');
    expect(hit.why.routing).toMatchObject({ from: 'patient', population: 'pediatric', matches: true });
    expect(engine.search('4 yo seizure')[0]!.why.routing).toMatchObject({
      from: 'query',
      text: '4 yo',
      population: 'pediatric',
    });
  });

  it('does not read a duration or a dose as an age ("seizures for 2 years", "2 mg")', () => {
    expect(engine.search('seizures for 2 years')[0]!.why.routing).toBeUndefined();
    expect(engine.search('2 mg midazolam seizure')[0]!.why.routing).toBeUndefined();
  });

  it('still offers an adult-only protocol to a child when nothing pediatric matches', () => {
    expect(codes('chest pain', 6)).toContain('1211');
  });
});

describe('persisting the index', () => {
  it('answers identically after export and import', () => {
    const imported = SearchEngine.import(JSON.parse(JSON.stringify(engine.export())) as Record<string, string>);
    for (const q of ['chest pain', 'seizrue', 'siezure', '1210 p', 'sob', 'sei'])
      expect(imported.search(q)).toEqual(engine.search(q));
  });

  it('refuses chunks from an unknown layout instead of importing them silently', () => {
    const chunks = { ...engine.export(), 'title/1.map': '{}' };
    expect(() => SearchEngine.import(chunks)).toThrow(/names no known field/);
  });

  it('refuses a damaged vocabulary, or one saved in the old layout, saying to rebuild', () => {
    const chunks = engine.export();
    const { words, counts } = JSON.parse(chunks['rigside/vocab']!) as { words: string; counts: number[] };
    const short = { ...chunks, 'rigside/vocab': JSON.stringify({ words, counts: counts.slice(1) }) };
    expect(() => SearchEngine.import(short)).toThrow(/words but \d+ counts; rebuild the index/);
    // Version 1 saved [word, count] pairs; its exports are never imported (the config hash
    // names the engine version), and one read anyway fails the schema rather than loading.
    const pairs = { ...chunks, 'rigside/vocab': JSON.stringify([['chest', 3]]) };
    expect(() => SearchEngine.import(pairs)).toThrow();
  });

  it('round-trips an engine with no words at all', () => {
    expect(SearchEngine.import(SearchEngine.build([]).export()).search('chest pain')).toEqual([]);
  });

  it('changes the config hash with the dataset', () => {
    expect(searchConfigHash('1.0.0:abc')).not.toBe(searchConfigHash('1.0.1:abc'));
    expect(searchConfigHash('1.0.0:abc')).toBe(searchConfigHash('1.0.0:abc'));
  });
});

describe('vitals in the query as evidence', () => {
  it('ranks pediatric sepsis first for a febrile, hypotensive 8-year-old, and says why', () => {
    const hit = engine.search('8 yo boy hot to touch lethargic bp 70/40 hr 150 temp 103.5')[0]!;
    expect(hit.tp_code).toBe('1204-P');
    expect(hit.why.evidence).toEqual([expect.objectContaining({ impression: 'SEPS', findings: ['low BP', 'fever'] })]);
    expect(hit.why.routing).toMatchObject({ from: 'query', population: 'pediatric', matches: true });
  });

  it.each([
    ['glucose 38', '1203'],
    ['gcs 7', '1229'],
    ['sat 82', '1237'],
    ['hr 36', '1212'],
    ['hr 210', '1213'],
    ['temp 33 c', '1223'],
    ['bp 76/40', '1207'],
  ])('"%s" alone finds %s', (query, code) => {
    expect(first(query)).toBe(code);
  });

  it('adds to the words rather than replacing them: vitals do not outrank a clear complaint', () => {
    expect(first('chest pain crushing radiating to jaw hr 110')).toBe('1211');
  });
});
