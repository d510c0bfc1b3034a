import {
  providerImpressionSchema,
  protocolSchema,
  type ProviderImpression,
  type Protocol,
} from '../domain/protocols/schema';
import type { RigsideDb } from './db';

/**
 * What the screens read from the mirror: one protocol, the protocols' names, the provider
 * impressions. Apart from src/data/reference-mirror.ts (verifying and applying a dataset,
 * reading the formulary), whose schemas and hashing the first screen does not need: this
 * module is in the crew's first load, that one is fetched when first used (issue 13).
 */

export async function getProtocol(
  db: RigsideDb,
  tpCode: string,
): Promise<{ protocol: Protocol; datasetVersion: string } | null> {
  const row = await db.protocols.get(tpCode.toUpperCase());
  if (!row) return null;
  return { protocol: protocolSchema.parse(row.value), datasetVersion: row.datasetVersion };
}

/**
 * Code -> name for lists that show codes: for every protocol, or for the `codes` given (the
 * first screen's recent and most-used lists), which reads those records only.
 */
export async function listProtocolNames(db: RigsideDb, codes?: readonly string[]): Promise<Map<string, string>> {
  const rows = codes
    ? (await db.protocols.bulkGet([...codes])).filter((r) => r !== undefined)
    : await db.protocols.toArray();
  return new Map(rows.map((r) => [r.key, (r.value as Protocol).name]));
}

export async function listImpressions(db: RigsideDb): Promise<ProviderImpression[]> {
  const rows = await db.providerImpressions.toArray();
  return rows.map((r) => providerImpressionSchema.parse(r.value));
}
