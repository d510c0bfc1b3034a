/**
 * Marks the query terms that matched inside a text. Matching is case- and accent-insensitive
 * on word starts, so "chest" highlights "Chest" in "Cardiac Chest Pain".
 */
export function Highlight({ text, terms }: { text: string; terms: readonly string[] }) {
  const words = terms.map((t) => t.trim()).filter((t) => t.length > 1);
  if (words.length === 0) return <>{text}</>;
  const pattern = new RegExp(`\\b(${words.map(escapeRegExp).join('|')})`, 'gi');
  const parts: Array<{ text: string; hit: boolean }> = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const start = match.index;
    // Extend the mark to the end of the word: "pain" marks all of "painful".
    const end = start + match[0].length + (/^\w*/.exec(text.slice(start + match[0].length))?.[0].length ?? 0);
    if (start > last) parts.push({ text: text.slice(last, start), hit: false });
    parts.push({ text: text.slice(start, end), hit: true });
    last = end;
    pattern.lastIndex = end;
  }
  if (last < text.length) parts.push({ text: text.slice(last), hit: false });
  return <>{parts.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}</>;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
