// The one loader of the authored reference files from disk (Node only): the protocol checker,
// the dataset build, the search CLI and the Node tests read them through it. Every problem is
// collected with its file name, never thrown one at a time, so one run tells the author
// everything that needs fixing.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseProtocolFile,
  parseReferenceSources,
  type ProtocolFile,
  type ReadJson,
  type ReferenceSources,
} from './reference-files';

export type { ProtocolFile, ReferenceSources };

export const REFERENCE_DIR = import.meta.dirname;

function readJson(path: string): ReadJson {
  try {
    return { ok: true, json: JSON.parse(readFileSync(path, 'utf8')) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

/** Each protocol file, parsed and checked to be named by its code; `codes` limits it to some. */
export function readProtocolFiles(dir = REFERENCE_DIR, codes?: ReadonlySet<string>): ProtocolFile[] {
  const protocolDir = join(dir, 'protocols');
  return readdirSync(protocolDir)
    .filter((file) => file.endsWith('.json') && (!codes?.size || codes.has(file.replace(/\.json$/, ''))))
    .sort()
    .map((file) => parseProtocolFile(file, readJson(join(protocolDir, file))));
}

export function loadReferenceSources(dir = REFERENCE_DIR): ReferenceSources {
  return parseReferenceSources(readProtocolFiles(dir), readJson(join(dir, 'provider-impressions.json')));
}
