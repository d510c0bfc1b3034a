import type { WhyRanked } from './ranking';

/**
 * The compact "why it ranked" line under a result, e.g.
 * `code 1210-P` or `matched fever · SOB → respiratory distress · low BP + fever → SEPS · 8 yo → pediatric`.
 * Short enough to read at a glance; every part names what the crew typed.
 */
export function formatWhy(why: WhyRanked): string {
  const parts: string[] = [];
  if (why.code) parts.push(`code ${why.code}`);
  if (why.words.length > 0) parts.push(`matched ${why.words.join(', ')}`);
  for (const r of why.readAs) {
    if (r.kind === 'correction') parts.push(`${r.typed} → ${r.as} (spelling)`);
    else if (r.kind === 'completion') parts.push(`${r.typed}… → ${r.as}`);
    else parts.push(`${r.typed} → ${r.as}`);
  }
  for (const e of why.evidence) parts.push(`${e.findings.join(' + ')} → ${e.impression}`);
  if (why.routing) {
    const who = why.routing.from === 'patient' ? 'patient' : why.routing.text;
    parts.push(
      why.routing.matches
        ? `${who} → ${why.routing.population}`
        : `${who}: ${why.routing.population === 'pediatric' ? 'adult' : 'pediatric'} protocol ranked lower`,
    );
  }
  return parts.join(' · ');
}
