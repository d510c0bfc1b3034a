// `npm run -s search -- [--json] [--age YEARS] [--limit N] [--dataset FILE] [--stdin] [QUERY]`
// The app's search engine on the command line. Without --dataset it searches the reference
// dataset in src/reference; --dataset takes a dataset bundle (build:dataset) or a chunk file
// (import-protocols). With --stdin it answers one query per line, building the index once.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { verifyDatasetBundle } from '../data/dataset-bundle';
import { chunkFileSchema } from '../domain/protocols/import-manual';
import { documentsFromChunks, documentsFromDataset, type SearchDocument } from '../domain/search/documents';
import { loadReferenceSources } from '../reference/load-reference';
import { SearchEngine, type SearchHit } from '../search/engine';

const USAGE = 'usage: npm run -s search -- [--json] [--age YEARS] [--limit N] [--dataset FILE] [--stdin] [QUERY]';

function fail(message: string): never {
  console.error(`search: ${message}\n${USAGE}`);
  process.exit(2);
}

interface Options {
  json: boolean;
  stdin: boolean;
  ageYears: number | undefined;
  limit: number;
  dataset: string | undefined;
  query: string;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { json: false, stdin: false, ageYears: undefined, limit: 10, dataset: undefined, query: '' };
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => argv[++i] ?? fail(`${arg} needs a value`);
    if (arg === '--json') options.json = true;
    else if (arg === '--stdin') options.stdin = true;
    else if (arg === '--dataset') options.dataset = value();
    else if (arg === '--age') {
      const age = Number(value());
      if (!Number.isFinite(age) || age < 0 || age > 125)
        fail("--age takes the patient's age in years (0 to 125, fractions allowed)");
      options.ageYears = age;
    } else if (arg === '--limit') {
      const limit = Number(value());
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) fail('--limit takes a whole number from 1 to 100');
      options.limit = limit;
    } else if (arg.startsWith('--')) fail(`unknown option ${arg}`);
    else words.push(arg);
  }
  options.query = words.join(' ');
  if (!options.stdin && options.query.trim() === '') fail('give a query, or --stdin to read one per line');
  return options;
}

async function loadDocuments(file: string | undefined): Promise<SearchDocument[]> {
  if (!file) {
    const sources = loadReferenceSources();
    if (sources.problems.length > 0) fail(`the reference data has problems:\n${sources.problems.join('\n')}`);
    return documentsFromDataset(sources);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    fail(`cannot read ${file}: ${(error as Error).message}`);
  }
  const chunks = chunkFileSchema.safeParse(raw);
  if (chunks.success) return documentsFromChunks(chunks.data.chunks);
  const dataset = await verifyDatasetBundle(raw);
  if (dataset.ok) return documentsFromDataset(dataset.value);
  fail(`${file} is neither a dataset bundle (${dataset.error.message}) nor an import-protocols chunk file`);
}

function render(query: string, hits: SearchHit[], json: boolean): string {
  if (json)
    return JSON.stringify({
      query,
      results: hits.map((h) => ({ tp_code: h.tp_code, tp_name: h.tp_name, score: h.score })),
    });
  if (hits.length === 0) return `no protocol matches "${query}"`;
  return hits
    .map((h, i) => `${String(i + 1).padStart(2)}. ${h.tp_code.padEnd(8)} ${h.tp_name}  (${h.score.toFixed(3)})`)
    .join('\n');
}

const options = parseArgs(process.argv.slice(2));
const engine = SearchEngine.build(await loadDocuments(options.dataset));
const ask = (query: string) =>
  render(query, engine.search(query, { ageYears: options.ageYears, limit: options.limit }), options.json);

if (options.stdin) {
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    console.log(ask(line));
  }
} else {
  console.log(ask(options.query));
}
