import { z } from 'zod';
import { formularyRecordsSchema } from '../dosing/formulary-schema';
import { providerImpressionSchema, protocolSchema } from './schema';

/**
 * The reference dataset bundle that ships with the app (public/data/dataset.json, built by
 * src/cli/build-dataset.ts) and that the device mirrors into IndexedDB. Its `content_hash`
 * is SHA-256 over the canonical JSON of the content, so a truncated or edited bundle is
 * refused before anything is written.
 */

export const datasetContentSchema = z.object({
  protocols: z.array(protocolSchema),
  provider_impressions: z.array(providerImpressionSchema),
  /** The dosing formulary, one record per medication, in the schema the dosing engine reads. */
  medications: formularyRecordsSchema,
});
export type DatasetContent = z.infer<typeof datasetContentSchema>;

export const datasetSchema = datasetContentSchema.extend({
  /** "1.0.0" for a bundle built by npm run build:dataset; "server-N" for reference version N pulled from the server. */
  version: z
    .string()
    .regex(/^(\d+\.\d+\.\d+|server-\d+)$/, 'a dataset version looks like "1.0.0" (or "server-12" once pulled)'),
  content_hash: z.string().regex(/^[0-9a-f]{64}$/, 'content_hash is a SHA-256 hex digest'),
  generated_at: z.string().datetime({ offset: true }).optional(),
});
export type Dataset = z.infer<typeof datasetSchema>;

export type DatasetResult =
  | { ok: true; value: Dataset }
  | { ok: false; error: { code: 'DATASET_INVALID' | 'DATASET_HASH_MISMATCH'; message: string } };

/** JSON with object keys sorted at every level: the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 of a text, as lower-case hex: the adapter that has WebCrypto passes it in (src/data/dataset-bundle.ts). */
export type Sha256Hex = (text: string) => Promise<string>;

/** What `content_hash` is the SHA-256 of: the canonical JSON of the content. */
export function datasetHashText(content: DatasetContent): string {
  const { protocols, provider_impressions, medications } = content;
  return canonicalJson({ protocols, provider_impressions, medications });
}

/**
 * What a device's formulary hash is the SHA-256 of: the formulary records alone, in id
 * order. The device keeps that hash beside its mirror and checks the medications against it
 * each time it loads the formulary for dosing.
 */
export function formularyHashText(medications: readonly unknown[]): string {
  const id = (m: unknown) => String((m as { id?: unknown }).id);
  return canonicalJson([...medications].sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0)));
}

/** Checks referential integrity the schema alone cannot: every code and medication a record names exists. */
function danglingReferences(dataset: DatasetContent): string[] {
  const codes = new Set(dataset.protocols.map((p) => p.tp_code));
  const medications = new Set(dataset.medications.map((m) => m.id));
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const p of dataset.protocols) {
    if (seen.has(p.tp_code)) problems.push(`protocol ${p.tp_code} appears twice`);
    seen.add(p.tp_code);
    for (const r of p.related)
      if (!codes.has(r)) problems.push(`protocol ${p.tp_code} relates to ${r}, which is not in the dataset`);
    for (const m of p.medications) {
      if (!medications.has(m.medication_id))
        problems.push(`protocol ${p.tp_code} names medication ${m.medication_id}, which is not in the formulary`);
    }
  }
  return problems;
}

/** Validates a bundle (zod, references, hash). Never throws; the error says what to fix. */
export async function verifyDataset(raw: unknown, sha256Hex: Sha256Hex): Promise<DatasetResult> {
  const parsed = datasetSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return {
      ok: false,
      error: {
        code: 'DATASET_INVALID',
        message: `The protocol dataset is not valid (${first.join('; ')}). Rebuild it with npm run build:dataset.`,
      },
    };
  }
  const dangling = danglingReferences(parsed.data);
  if (dangling.length > 0) {
    return {
      ok: false,
      error: {
        code: 'DATASET_INVALID',
        message: `The protocol dataset is inconsistent: ${dangling.slice(0, 3).join('; ')}.`,
      },
    };
  }
  const hash = await sha256Hex(datasetHashText(parsed.data));
  if (hash !== parsed.data.content_hash) {
    return {
      ok: false,
      error: {
        code: 'DATASET_HASH_MISMATCH',
        message: `The protocol dataset's content does not match its hash (expected ${parsed.data.content_hash.slice(0, 12)}…, got ${hash.slice(0, 12)}…): the file is damaged or was edited by hand. Rebuild it with npm run build:dataset.`,
      },
    };
  }
  return { ok: true, value: parsed.data };
}

/** Assembles a bundle from its content, stamping the hash. */
export async function buildDataset(
  content: DatasetContent,
  version: string,
  sha256Hex: Sha256Hex,
  generatedAt?: string,
): Promise<Dataset> {
  return datasetSchema.parse({
    version,
    generated_at: generatedAt,
    ...content,
    content_hash: await sha256Hex(datasetHashText(content)),
  });
}
