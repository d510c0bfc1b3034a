// The reference dataset bundle, assembled from the authored files (src/reference/) and the
// dosing formulary. Node only. build-dataset writes it for the app to ship; db:migrate --seed
// loads the same bundle into the database, so device and server start from one dataset.
import { bundledFormularyRecords } from '../domain/dosing/bundled-formulary';
import { buildDatasetBundle, verifyDatasetBundle } from '../data/dataset-bundle';
import type { Dataset } from '../domain/protocols/dataset';
import { loadReferenceSources } from './load-reference';

export const DATASET_VERSION = '1.0.0';

export type AssembledDataset = { ok: true; bundle: Dataset } | { ok: false; problems: string[] };

/** Every problem is reported at once, with its file, so one run says everything to fix. */
export async function assembleDataset(generatedAt?: string): Promise<AssembledDataset> {
  const { protocols, provider_impressions, problems } = loadReferenceSources();
  const codes = new Set(protocols.map((p) => p.tp_code));
  for (const pi of provider_impressions) {
    for (const code of [pi.adult_tp, pi.pediatric_tp]) {
      if (code && !codes.has(code))
        problems.push(`provider impression ${pi.code} (${pi.name}) leads to ${code}, which has no protocol file yet`);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const bundle = await buildDatasetBundle(
    { protocols, provider_impressions, medications: bundledFormularyRecords() },
    DATASET_VERSION,
    generatedAt,
  );
  const verified = await verifyDatasetBundle(bundle);
  return verified.ok ? { ok: true, bundle } : { ok: false, problems: [verified.error.message] };
}
