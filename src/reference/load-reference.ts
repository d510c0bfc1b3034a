// Reads the authored reference files (Node only: build-dataset, the search CLI, tests).
// Every problem is collected with its file name, never thrown one at a time, so one run
// tells the author everything that needs fixing.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { protocolSchema, providerImpressionSchema, type Protocol, type ProviderImpression } from '../domain/protocols/schema';

export const REFERENCE_DIR = import.meta.dirname;

export interface ReferenceSources {
  protocols: Protocol[];
  provider_impressions: ProviderImpression[];
  problems: string[];
}

export function loadReferenceSources(dir = REFERENCE_DIR): ReferenceSources {
  const problems: string[] = [];
  const readJson = (path: string): unknown => {
    try {
      return JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      problems.push(`${path}: ${(error as Error).message}`);
      return undefined;
    }
  };
  const protocolDir = join(dir, 'protocols');
  const protocols = readdirSync(protocolDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((file) => {
      const parsed = protocolSchema.safeParse(readJson(join(protocolDir, file)));
      if (!parsed.success) {
        problems.push(...parsed.error.issues.map((i) => `${file}: ${i.path.join('.')}: ${i.message}`));
        return [];
      }
      if (`${parsed.data.tp_code}.json` !== file) problems.push(`${file}: tp_code ${parsed.data.tp_code} does not match the file name`);
      return [parsed.data];
    });
  const impressions = z.array(providerImpressionSchema).safeParse(readJson(join(dir, 'provider-impressions.json')));
  if (!impressions.success) problems.push(...impressions.error.issues.map((i) => `provider-impressions.json: ${i.path.join('.')}: ${i.message}`));
  return { protocols, provider_impressions: impressions.data ?? [], problems };
}
