/**
 * Typo correction by edit distance against the dataset's own vocabulary. FlexSearch's
 * tolerance is phonetic, which misses the slips a gloved thumb makes ("cehst", "siezure",
 * "anaphylaxsis"), so we keep a symmetric-delete table (the SymSpell idea): every word and
 * every one-letter deletion of it point back to the word. A typed term looks up itself and
 * its deletions, and candidates are confirmed with a true Damerau-Levenshtein distance.
 */

/** Optimal-string-alignment distance: insert, delete, substitute, swap neighbours. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prevPrev = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2]! + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[n]!;
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** Words shorter than this are never corrected: "od" or "cp" are abbreviations, not typos. */
export const MIN_CORRECTABLE_LENGTH = 4;

/** One edit for short words, two from eight letters up ("anaphylaxsis" -> "anaphylaxis"). */
export function allowedEdits(length: number): number {
  return length >= 8 ? 2 : 1;
}

export class Corrector {
  private readonly table = new Map<string, string[]>();
  private readonly weight: ReadonlyMap<string, number>;
  private readonly spelledRight: ReadonlySet<string>;

  /**
   * `vocabulary` maps each word to how often it occurs; frequent words win ties.
   * `spelledRight`: words outside the vocabulary that are never typos (everyday-words.ts).
   */
  constructor(vocabulary: ReadonlyMap<string, number>, spelledRight: Iterable<string> = []) {
    this.weight = vocabulary;
    this.spelledRight = new Set(spelledRight);
    for (const word of vocabulary.keys()) {
      if (word.length < MIN_CORRECTABLE_LENGTH - 1 || /\d/.test(word)) continue;
      this.link(word, word);
      for (const d of deletions(word)) this.link(d, word);
    }
  }

  private link(key: string, word: string): void {
    const list = this.table.get(key);
    if (!list) this.table.set(key, [word]);
    else if (list[list.length - 1] !== word) list.push(word);
  }

  has(word: string): boolean {
    return this.weight.has(word);
  }

  /** The closest vocabulary word within the allowed edits, or undefined when none is close. */
  correct(term: string): string | undefined {
    if (term.length < MIN_CORRECTABLE_LENGTH || /\d/.test(term) || this.weight.has(term) || this.spelledRight.has(term))
      return undefined;
    const max = allowedEdits(term.length);
    const keys = [term, ...deletions(term)];
    if (max >= 2) for (const d of deletions(term)) keys.push(...deletions(d));
    let best: string | undefined;
    let bestDistance = max + 1;
    let bestWeight = -1;
    const seen = new Set<string>();
    for (const key of keys) {
      for (const candidate of this.table.get(key) ?? []) {
        if (seen.has(candidate)) continue;
        seen.add(candidate);
        const d = editDistance(term, candidate, max);
        const w = this.weight.get(candidate) ?? 0;
        if (d < bestDistance || (d === bestDistance && w > bestWeight)) {
          best = candidate;
          bestDistance = d;
          bestWeight = w;
        }
      }
    }
    return bestDistance <= max ? best : undefined;
  }
}
