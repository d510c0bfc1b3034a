// `npm run -s import-protocols -- DIR --out FILE`: turns a folder of protocol documents in
// Markdown into a chunk file that `npm run -s search -- --dataset FILE` searches. Every
// document it cannot use is named on stderr with the reason; none is skipped silently.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { chunkDocument, type ChunkFile, type ProtocolChunk } from '../domain/protocols/import-manual';

const USAGE = 'usage: npm run -s import-protocols -- DIR --out FILE';

function fail(message: string): never {
  console.error(`import-protocols: ${message}\n${USAGE}`);
  process.exit(2);
}

const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? args[outAt + 1] : undefined;
const dirArg = args.filter((_, i) => i !== outAt && i !== outAt + 1)[0];
if (!dirArg) fail('name the folder of Markdown documents to import');
if (!out) fail('say where to write the result with --out FILE');
const dir = resolve(dirArg);
let files: string[];
try {
  if (!statSync(dir).isDirectory()) fail(`${dir} is not a folder`);
  files = readdirSync(dir).sort();
} catch (error) {
  fail(`cannot read ${dir}: ${(error as Error).message}`);
}

const chunks: ProtocolChunk[] = [];
const unreadable: ChunkFile['unreadable'] = [];
let documents = 0;
for (const file of files) {
  const path = join(dir, file);
  if (!statSync(path).isFile()) continue;
  if (!/\.(md|markdown)$/i.test(file)) {
    unreadable.push({ file, reason: 'not a Markdown document (.md)' });
    continue;
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    unreadable.push({ file, reason: (error as Error).message });
    continue;
  }
  const result = chunkDocument(file, text);
  if (!result.ok) {
    unreadable.push({ file, reason: result.error.message.slice(file.length + 2) });
    continue;
  }
  documents++;
  chunks.push(...result.value);
}

const output: ChunkFile = {
  format: 'rigside.protocol-chunks',
  version: 1,
  source: basename(dir),
  generated_at: new Date().toISOString(),
  documents,
  chunks,
  unreadable,
};
writeFileSync(resolve(out), JSON.stringify(output));
for (const u of unreadable) console.error(`not imported: ${u.file}: ${u.reason}`);
const codes = new Set(chunks.map((c) => c.tp_code)).size;
console.error(
  `imported ${documents} documents (${codes} codes) as ${chunks.length} chunks into ${out}; ${unreadable.length} not imported`,
);
if (documents === 0) process.exit(1);
