import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The example encounters (README, "NEMSIS export"), by file name. */
export const ENCOUNTERS_DIR = resolve(import.meta.dirname, 'encounters');

export function exampleEncounters(): Array<{ name: string; encounter: unknown }> {
  return readdirSync(ENCOUNTERS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((name) => ({ name, encounter: JSON.parse(readFileSync(join(ENCOUNTERS_DIR, name), 'utf8')) as unknown }));
}
