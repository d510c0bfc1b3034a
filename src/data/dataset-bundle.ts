import {
  buildDataset,
  datasetHashText,
  formularyHashText,
  verifyDataset,
  type Dataset,
  type DatasetContent,
  type DatasetResult,
} from '../domain/protocols/dataset';

/**
 * The dataset bundle's hashing, bound to WebCrypto (browsers, workers and Node 20 all have it):
 * the domain says what is hashed and how a bundle is checked, this adapter does the SHA-256.
 */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Validates a bundle (zod, references, hash). Never throws; the error says what to fix. */
export function verifyDatasetBundle(raw: unknown): Promise<DatasetResult> {
  return verifyDataset(raw, sha256Hex);
}

/** Assembles a bundle from its content, stamping its hash. */
export function buildDatasetBundle(content: DatasetContent, version: string, generatedAt?: string): Promise<Dataset> {
  return buildDataset(content, version, sha256Hex, generatedAt);
}

export function hashDatasetContent(content: DatasetContent): Promise<string> {
  return sha256Hex(datasetHashText(content));
}

export function hashFormularyRecords(medications: readonly unknown[]): Promise<string> {
  return sha256Hex(formularyHashText(medications));
}
