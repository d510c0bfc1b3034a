// The one loader of the authored reference files (Node only): the protocol checker, the
// dataset build, the search CLI and the tests all read them through it. Every problem is
// collected with its file name, never thrown one at a time, so one run tells the author
// everything that needs fixing.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { protocolSchema, providerImpressionSchema, type Protocol, type ProviderImpression } from '../domain/protocols/schema';

export const REFERENCE_DIR = import.meta.dirname;

export interface ProtocolFile {
  file: string;
  /** The parsed protocol, or null when the file has problems. */
  protocol: Protocol | null;
  problems: string[];
}

export interface ReferenceSources {
  protocols: Protocol[];
  provider_impressions: ProviderImpression[];
  problems: string[];
}

function readJson(path: string, file: string, problems: string[]): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    problems.push(`${file}: not valid JSON: ${(error as Error).message}`);
    return undefined;
  }
}

/** Each protocol file (`protocols/<code>.json`), parsed and checked to be named by its code; `codes` limits it to some. */
export function readProtocolFiles(dir = REFERENCE_DIR, codes?: ReadonlySet<string>): ProtocolFile[] {
  const protocolDir = join(dir, 'protocols');
  return readdirSync(protocolDir)
    .filter((file) => file.endsWith('.json') && (!codes?.size || codes.has(file.replace(/\.json$/, ''))))
    .sort()
    .map((file) => {
      const problems: string[] = [];
      const parsed = protocolSchema.safeParse(readJson(join(protocolDir, file), file, problems));
      if (problems.length > 0) return { file, protocol: null, problems };
      if (!parsed.success) return { file, protocol: null, problems: parsed.error.issues.map((i) => `${file}: ${i.path.join('.')}: ${i.message}`) };
      if (`${parsed.data.tp_code}.json` !== file) return { file, protocol: null, problems: [`${file}: tp_code ${parsed.data.tp_code} does not match the file name`] };
      return { file, protocol: parsed.data, problems: [] };
    });
}

export function loadReferenceSources(dir = REFERENCE_DIR): ReferenceSources {
  const files = readProtocolFiles(dir);
  const problems = files.flatMap((f) => f.problems);
  const impressions = z.array(providerImpressionSchema).safeParse(readJson(join(dir, 'provider-impressions.json'), 'provider-impressions.json', problems));
  if (!impressions.success) problems.push(...impressions.error.issues.map((i) => `provider-impressions.json: ${i.path.join('.')}: ${i.message}`));
  return { protocols: files.flatMap((f) => (f.protocol ? [f.protocol] : [])), provider_impressions: impressions.data ?? [], problems };
}
