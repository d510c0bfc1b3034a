// `npm run bench [-- PART...]`: the project's speed targets, measured on this machine in one
// run. Each part prints its own table; nothing here asserts a time. Run with --expose-gc
// (npm run bench does) so heap figures are measured after a collection.
import { cpus } from 'node:os';
import { benchDosing } from './dosing';
import { benchParser, benchSearch } from './search';
import { benchRelevance } from './relevance';
import { benchBrowserSearch } from './browser-search';
import { benchIngest } from './ingest';
import { benchSync } from './sync';
import { measureAppSize } from './app-size';
import { benchConsole } from './console';

const only = new Set(process.argv.slice(2));
const want = (part: string) => only.size === 0 || only.has(part);

console.log(
  `Rigside benchmarks · node ${process.version} · ${cpus()[0]?.model ?? 'unknown cpu'} x${cpus().length} · ${new Date().toISOString()}`,
);

if (want('dosing')) {
  console.log('\n## Dosing (mixed pediatric requests, refusals included)');
  console.table(await benchDosing());
}

if (want('search')) {
  console.log('\n## Search (queries answered by each engine after an export/import round trip)');
  console.table(await benchSearch());
  console.log('\n## Search query parser (patient facts read out of the query, per query)');
  console.table(benchParser());
}

if (want('browser-search')) {
  console.log('\n## Search in Chromium (production build from dist/, offline; run `npm run build` first)');
  const { keystrokes, coldStart, firstLoad } = await benchBrowserSearch();
  console.log("Per keystroke, through the app's search module worker:");
  console.table(keystrokes);
  console.log('Cold offline start (a new tab on the installed app, service worker and saved index in place):');
  console.table(coldStart);
  console.log("First load of the crew app (the console's screens are separate chunks a crew never fetches):");
  console.table(firstLoad);
}

if (want('relevance')) {
  console.log(
    '\n## Relevance (tests/relevance/queries.txt: top-1, top-3 and mean reciprocal rank, tuning half and held-back half)',
  );
  console.table(await benchRelevance());
}

if (want('ingest')) {
  console.log(
    '\n## Server ingest (ingest_events on an embedded Postgres 15, the landed v1 beside the current one, straight SQL and over HTTP)',
  );
  console.table(await benchIngest());
}

if (want('sync')) {
  console.log('\n## Sync (Chromium drains 5,000 queued events through the production build to the local stack)');
  console.table(await benchSync());
}

if (want('size')) {
  console.log('\n## What a crew device downloads (dist/ from npm run build; the console is never part of it)');
  console.table(measureAppSize());
}

// Minutes of data generation first, so only when asked for by name: npm run bench -- console
if (only.has('console')) {
  console.log(
    "\n## Console RPCs at 200,000 records and 2,000,000 audit entries (North Valley medical director; never another department's rows)",
  );
  console.table(await benchConsole());
}
