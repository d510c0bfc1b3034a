// `npm run -s build:dataset [-- --out FILE]`: assembles the authored reference files in
// src/reference/ and the formulary into the bundle the app ships (public/data/dataset.json by
// default). Any invalid or inconsistent file fails the build with its name and what to fix.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { assembleDataset } from '../reference/assemble-dataset';

const root = resolve(import.meta.dirname, '../..');
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? resolve(process.argv[outArg + 1] ?? '') : join(root, 'public/data/dataset.json');

const assembled = await assembleDataset(new Date().toISOString());
if (!assembled.ok) {
  for (const p of assembled.problems.slice(0, 40)) console.error(p);
  if (assembled.problems.length > 40) console.error(`… and ${assembled.problems.length - 40} more`);
  console.error(`build-dataset: ${assembled.problems.length} problems; no bundle written`);
  process.exit(1);
}
const { bundle } = assembled;
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(bundle));
console.log(
  `wrote ${out}: ${bundle.protocols.length} protocols, ${bundle.provider_impressions.length} impressions, ${bundle.medications.length} medications, hash ${bundle.content_hash.slice(0, 12)}`,
);
