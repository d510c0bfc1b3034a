/**
 * The one normaliser that both the index and every query go through, so a word is spelled
 * the same on both sides. It lowercases, strips accents, splits on anything that is not a
 * letter or digit, and folds plurals ("seizures" -> "seizure", "injuries" -> "injury").
 * Numbers stay whole: protocol codes are handled before text search (see codes.ts).
 */

const STOPWORDS = new Set([
  'a',
  'an',
  'and',
  'the',
  'of',
  'for',
  'to',
  'in',
  'on',
  'or',
  'with',
  'by',
  'at',
  'is',
  'pt',
  'patient',
]);

/** Plural folding only: a stem must still read as the word a medic typed (for highlighting). */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('es') && /(ch|sh|x)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !/(ss|us|is|ys)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** Raw lowercase words, before stopwords and stemming (phrases are matched on these). */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** Index and query terms: words without stopwords, plural-folded. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) if (!STOPWORDS.has(w)) out.push(stem(w));
  return out;
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}
