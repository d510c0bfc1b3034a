// What the authored reference files must be, independent of how they are read: the Node
// loader (load-reference.ts) reads them from disk for the checker, the dataset build and the
// Node tests; the app's unit tests get the same files from Vite (tests/unit/reference-sources.ts).
import { z } from 'zod';
import {
  protocolSchema,
  providerImpressionSchema,
  type Protocol,
  type ProviderImpression,
} from '../domain/protocols/schema';

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

/** A file's content, or why it could not be read as JSON. */
export type ReadJson = { ok: true; json: unknown } | { ok: false; message: string };

/** One protocol file (`protocols/<code>.json`), parsed and checked to be named by its code. */
export function parseProtocolFile(file: string, read: ReadJson): ProtocolFile {
  if (!read.ok) return { file, protocol: null, problems: [`${file}: not valid JSON: ${read.message}`] };
  const parsed = protocolSchema.safeParse(read.json);
  if (!parsed.success)
    return {
      file,
      protocol: null,
      problems: parsed.error.issues.map((i) => `${file}: ${i.path.join('.')}: ${i.message}`),
    };
  if (`${parsed.data.tp_code}.json` !== file)
    return { file, protocol: null, problems: [`${file}: tp_code ${parsed.data.tp_code} does not match the file name`] };
  return { file, protocol: parsed.data, problems: [] };
}

/** Every protocol file and the provider impressions, with every problem named by its file. */
export function parseReferenceSources(files: readonly ProtocolFile[], impressions: ReadJson): ReferenceSources {
  const problems = files.flatMap((f) => f.problems);
  const parsed = impressions.ok ? z.array(providerImpressionSchema).safeParse(impressions.json) : null;
  if (!impressions.ok) problems.push(`provider-impressions.json: not valid JSON: ${impressions.message}`);
  else if (!parsed?.success)
    problems.push(
      ...(parsed?.error.issues ?? []).map((i) => `provider-impressions.json: ${i.path.join('.')}: ${i.message}`),
    );
  return {
    protocols: files.flatMap((f) => (f.protocol ? [f.protocol] : [])),
    provider_impressions: parsed?.data ?? [],
    problems,
  };
}
