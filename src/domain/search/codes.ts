import { words } from './text';

/**
 * Protocol codes typed into the search box: "1211", "TP 1211", "tp1211", "1210-P", "1210 p",
 * "1210P", or a partial "121" while the medic is still typing. Codes never go through the
 * text index: FlexSearch's default encoder splits numbers, so 1211 would match 1210 and 1212.
 */
export interface CodeQuery {
  digits: string;
  /** true when "-P"/"p" was typed, undefined when the suffix was not given. */
  pediatric: true | undefined;
}

export interface ParsedQuery {
  codes: CodeQuery[];
  /** The words that were not part of a code, in order. */
  rest: string[];
}

const CODE_WORD = /^(?:tp)?(\d{1,4})(p)?$/;

export function parseQuery(query: string): ParsedQuery {
  const ws = words(query);
  const codes: CodeQuery[] = [];
  const rest: string[] = [];
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    if (w === 'tp' && i + 1 < ws.length && CODE_WORD.test(ws[i + 1]!)) continue;
    const m = CODE_WORD.exec(w);
    if (!m) {
      rest.push(w);
      continue;
    }
    const digits = m[1]!;
    let pediatric: true | undefined = m[2] ? true : undefined;
    if (!pediatric && digits.length === 4 && ws[i + 1] === 'p') {
      pediatric = true;
      i++;
    }
    codes.push({ digits, pediatric });
  }
  return { codes, rest };
}

/** The base number of a code: "1210-P" -> "1210". */
export function codeDigits(tpCode: string): string {
  return tpCode.replace(/-P$/i, '');
}

export function isPediatricCode(tpCode: string): boolean {
  return /-P$/i.test(tpCode);
}

/**
 * How well a protocol code answers a typed code, 0 when it does not. The typed code itself
 * ranks first, its adult or pediatric twin next, then codes the typed digits begin.
 */
export function codeMatchScore(tpCode: string, typed: CodeQuery): number {
  const digits = codeDigits(tpCode);
  const pediatric = isPediatricCode(tpCode);
  if (typed.digits.length === 4) {
    if (digits !== typed.digits) return 0;
    const wantPediatric = typed.pediatric === true;
    return pediatric === wantPediatric ? 1 : 0.9;
  }
  if (!digits.startsWith(typed.digits)) return 0;
  // A partial code: nearer codes first (1210 before 1219 for "121"), adult before pediatric.
  return 0.8 - Number(digits.slice(typed.digits.length) || 0) / 10_000 - (pediatric ? 0.0001 : 0);
}
