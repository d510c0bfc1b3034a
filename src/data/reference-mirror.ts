import { loadFormulary, type Formulary } from '../domain/dosing/loaded-formulary';
import { providerImpressionSchema, protocolSchema, type ProviderImpression } from '../domain/protocols/schema';
import type { Dataset } from '../domain/protocols/dataset';
import { hashDatasetContent, hashFormularyRecords, verifyDatasetBundle } from './dataset-bundle';
import { activeDatasetMeta, type DatasetMetaRow, type RigsideDb } from './db';

/**
 * The device's read-only mirror of the reference dataset (protocols, provider impressions,
 * medications). A bundle is verified (zod + content hash) before anything is written, and
 * applied in ONE transaction: a device never searches a half-applied dataset, and a refused
 * bundle leaves the previous one in use (DESIGN.md, Data).
 */

export type MirrorOutcome =
  | { status: 'loaded'; meta: DatasetMetaRow; previousVersion: string | null }
  | { status: 'current'; meta: DatasetMetaRow }
  | { status: 'refused'; code: string; message: string; meta: DatasetMetaRow | null };

/** Verifies a bundle and, when it differs from the active one, replaces the mirror with it. */
export async function applyDatasetBundle(
  db: RigsideDb,
  raw: unknown,
  now = new Date(),
  referenceVersion: number | null = null,
): Promise<MirrorOutcome> {
  const verified = await verifyDatasetBundle(raw);
  const before = await activeDatasetMeta(db);
  if (!verified.ok)
    return { status: 'refused', code: verified.error.code, message: verified.error.message, meta: before };
  const dataset = verified.value;
  const formularyHash = await hashFormularyRecords(dataset.medications);
  if (before && before.contentHash === dataset.content_hash) {
    // A mirror written before formulary hashes were kept gets one from this verified, identical bundle.
    if (before.formularyHash !== undefined) return { status: 'current', meta: before };
    const backfilled = { ...before, formularyHash };
    await db.datasetMeta.put(backfilled);
    return { status: 'current', meta: backfilled };
  }

  const meta: DatasetMetaRow = {
    key: 'active',
    version: dataset.version,
    contentHash: dataset.content_hash,
    loadedAt: now.toISOString(),
    protocolCount: dataset.protocols.length,
    medicationCount: dataset.medications.length,
    impressionCount: dataset.provider_impressions.length,
    referenceVersion,
    formularyHash,
  };
  await db.transaction(
    'rw',
    [db.protocols, db.providerImpressions, db.medications, db.datasetMeta, db.searchIndexes],
    async () => {
      await Promise.all([
        db.protocols.clear(),
        db.providerImpressions.clear(),
        db.medications.clear(),
        db.searchIndexes.clear(),
      ]);
      await db.protocols.bulkAdd(
        dataset.protocols.map((p) => ({ key: p.tp_code, datasetVersion: dataset.version, value: p })),
      );
      await db.providerImpressions.bulkAdd(
        dataset.provider_impressions.map((pi) => ({
          key: impressionKey(pi),
          datasetVersion: dataset.version,
          value: pi,
        })),
      );
      await db.medications.bulkAdd(
        dataset.medications.map((m) => ({ key: medicationKey(m), datasetVersion: dataset.version, value: m })),
      );
      await db.datasetMeta.put(meta);
    },
  );
  return { status: 'loaded', meta, previousVersion: before?.version ?? null };
}

/** Fetches the bundle that ships with the app (precached by the service worker) and applies it. */
export async function loadShippedDataset(db: RigsideDb, url = '/data/dataset.json'): Promise<MirrorOutcome> {
  // Once the server's data is here it is the agency's word: a bundle shipped with the app never replaces it.
  const active = await activeDatasetMeta(db);
  if (active?.referenceVersion) return { status: 'current', meta: active };
  let raw: unknown;
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    raw = await response.json();
  } catch (error) {
    const meta = await activeDatasetMeta(db);
    return {
      status: 'refused',
      code: 'DATASET_UNAVAILABLE',
      message: `The protocol dataset could not be read (${error instanceof Error ? error.message : String(error)}). ${
        meta ? `Version ${meta.version} stays in use.` : 'Open Rigside once while online to download it.'
      }`,
      meta,
    };
  }
  return applyDatasetBundle(db, raw);
}

/** The whole mirrored dataset, validated on read (stored data outlives the code that wrote it). */
export async function readMirroredDataset(db: RigsideDb): Promise<Dataset | null> {
  const meta = await activeDatasetMeta(db);
  if (!meta) return null;
  const [protocols, impressions, medications] = await Promise.all([
    db.protocols.toArray(),
    db.providerImpressions.toArray(),
    db.medications.toArray(),
  ]);
  return {
    version: meta.version,
    content_hash: meta.contentHash,
    protocols: protocols.map((r) => protocolSchema.parse(r.value)),
    provider_impressions: impressions.map((r) => providerImpressionSchema.parse(r.value)),
    medications: medications.map((r) => r.value),
  } as Dataset;
}

export type MirroredFormulary =
  { ok: true; formulary: Formulary; datasetVersion: string } | { ok: false; message: string };

/**
 * The formulary the app doses from: the medications of the mirrored dataset, checked against
 * the hash kept when that dataset was verified, then validated by the dosing domain. Anything
 * else (no dataset yet, a changed or unreadable record) is refused: the engine never doses
 * from a formulary that is not exactly the one the agency's dataset carried.
 */
export async function readMirroredFormulary(db: RigsideDb): Promise<MirroredFormulary> {
  const meta = await activeDatasetMeta(db);
  if (!meta)
    return { ok: false, message: 'No dataset is on this device yet: open Rigside once while online to download it.' };
  const medications = (await db.medications.toArray()).map((r) => r.value);
  let expected = meta.formularyHash;
  if (expected === undefined) {
    // Written before formulary hashes were kept: check the whole mirror against the dataset's own hash instead.
    const dataset = await readMirroredDataset(db).catch(() => null);
    if (dataset && (await hashDatasetContent(dataset)) === meta.contentHash)
      expected = await hashFormularyRecords(medications);
  }
  if (expected === undefined || (await hashFormularyRecords(medications)) !== expected) {
    return {
      ok: false,
      message: `The formulary stored on this device does not match dataset ${meta.version}: it was changed or damaged. Load the dataset again from Sync status.`,
    };
  }
  const load = loadFormulary(medications);
  if (!load.ok) return { ok: false, message: load.error.message };
  return { ok: true, formulary: load.value, datasetVersion: meta.version };
}

/** Two impressions may share a code (LA County's DYSR and TRMA), so the key adds the name. */
function impressionKey(pi: ProviderImpression): string {
  return `${pi.code}:${pi.name}`;
}

function medicationKey(m: unknown): string {
  const id = (m as { id?: unknown }).id;
  if (typeof id !== 'string') throw new Error('a medication in the dataset has no id');
  return id;
}
