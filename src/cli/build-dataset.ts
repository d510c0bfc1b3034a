// `npm run -s build:dataset [-- --out FILE]`: assembles the authored reference files in
// src/reference/ into the bundle the app ships (public/data/dataset.json by default).
// Any invalid or inconsistent file fails the build with its name and what to fix.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { formularyRecords } from '../domain/dosing/formulary-records';
import { buildDataset, verifyDataset } from '../domain/protocols/dataset';
import { loadReferenceSources } from '../reference/load-reference';

const DATASET_VERSION = '1.0.0';
const root = resolve(import.meta.dirname, '../..');
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? resolve(process.argv[outArg + 1] ?? '') : join(root, 'public/data/dataset.json');

const { protocols, provider_impressions, problems } = loadReferenceSources();
const impressions = { data: provider_impressions };
const codes = new Set(protocols.map((p) => p.tp_code));
for (const pi of impressions.data) {
  for (const code of [pi.adult_tp, pi.pediatric_tp]) {
    if (code && !codes.has(code)) problems.push(`provider impression ${pi.code} (${pi.name}) leads to ${code}, which has no protocol file yet`);
  }
}

if (problems.length > 0) {
  for (const p of problems.slice(0, 40)) console.error(p);
  if (problems.length > 40) console.error(`… and ${problems.length - 40} more`);
  console.error(`build-dataset: ${problems.length} problems; no bundle written`);
  process.exit(1);
}

const bundle = await buildDataset(
  { protocols, provider_impressions, medications: formularyRecords() },
  DATASET_VERSION,
  new Date().toISOString(),
);
const verified = await verifyDataset(bundle);
if (!verified.ok) {
  console.error(`build-dataset: ${verified.error.message}`);
  process.exit(1);
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(bundle));
console.log(`wrote ${out}: ${protocols.length} protocols, ${bundle.provider_impressions.length} impressions, ${bundle.medications.length} medications, hash ${bundle.content_hash.slice(0, 12)}`);
