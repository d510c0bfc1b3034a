// `npm run -s export-nemsis -- ENCOUNTER.json [--out FILE]`: one encounter (README, "NEMSIS
// export") to a NEMSIS 3.5.0 EMSDataSet document. The XML goes to FILE or standard output;
// warnings (what the County requires that the encounter lacks) go to standard error. A bad
// encounter prints each field to fix and exits 1; bad arguments exit 2.
import { readFileSync, writeFileSync } from 'node:fs';
import { exportEncounter } from '../domain/nemsis/export';
import { RIGSIDE_SOFTWARE } from '../domain/nemsis/software';

const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? args[outAt + 1] : undefined;
const positional = args.filter((a, i) => !a.startsWith('--') && (outAt < 0 || i !== outAt + 1));

function main(): number {
  if (positional.length !== 1 || (outAt >= 0 && !out)) {
    console.error('usage: npm run -s export-nemsis -- ENCOUNTER.json [--out FILE]');
    return 2;
  }
  const path = positional[0]!;
  let encounter: unknown;
  try {
    encounter = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    console.error(`export-nemsis: cannot read ${path} as JSON (${(error as Error).message})`);
    return 2;
  }
  const result = exportEncounter(encounter, { software: RIGSIDE_SOFTWARE });
  if (!result.ok) {
    for (const e of result.errors) console.error(`error ${e.code} ${e.field || '(encounter)'}: ${e.message}`);
    return 1;
  }
  for (const w of result.warnings) console.error(`warning ${w.code} ${w.element}: ${w.message}`);
  if (out) writeFileSync(out, result.xml);
  else process.stdout.write(result.xml);
  return 0;
}

process.exitCode = main();
