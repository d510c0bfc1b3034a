// Validates the authored protocol files: `npx tsx src/reference/check-protocols.ts [CODE...]`.
// Every file in src/reference/protocols/ must parse against protocolSchema and be named by its code.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { protocolSchema } from '../domain/protocols/schema';

const dir = join(import.meta.dirname, 'protocols');
const only = new Set(process.argv.slice(2));
let failures = 0;
let count = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const code = file.replace(/\.json$/, '');
  if (only.size > 0 && !only.has(code)) continue;
  count++;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  } catch (e) {
    failures++;
    console.error(`${file}: not valid JSON: ${(e as Error).message}`);
    continue;
  }
  const parsed = protocolSchema.safeParse(raw);
  if (!parsed.success) {
    failures++;
    for (const issue of parsed.error.issues) console.error(`${file}: ${issue.path.join('.')}: ${issue.message}`);
  } else if (parsed.data.tp_code !== code) {
    failures++;
    console.error(`${file}: tp_code ${parsed.data.tp_code} does not match the file name`);
  }
}
console.log(`${count} protocol files checked, ${failures} with problems`);
process.exit(failures > 0 ? 1 : 0);
