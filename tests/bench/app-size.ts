// What a crew device downloads: the first load of the app (index.html and the scripts and
// styles it names, modulepreloads included) and the service worker's precache (what an
// installed app keeps for offline use). The console's chunks must be in neither: a crew device
// never downloads the console or its chart library (issue 15). Reads dist/ (npm run build).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const REPO_ROOT = resolve(import.meta.dirname, '../..');

export interface AppSizeRow {
  what: string;
  files: number;
  bytes: number;
  gzipBytes: number;
}

function sizes(dist: string, files: string[]): { bytes: number; gzipBytes: number } {
  let bytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const content = readFileSync(join(dist, file));
    bytes += content.length;
    gzipBytes += gzipSync(content, { level: 9 }).length;
  }
  return { bytes, gzipBytes };
}

/** The files the first load of `/` fetches: the page, its scripts, styles and modulepreloads. */
export function firstLoadFiles(dist: string): string[] {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const named = [...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  return ['index.html', ...new Set(named)];
}

/** The URLs the service worker precaches (vite-plugin-pwa injects them into sw.js). */
export function precacheFiles(dist: string): string[] {
  const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
  return [...new Set([...sw.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1]!))];
}

/** The console's chunks (assets/console/): fetched only on /console, never precached. */
export function consoleFiles(dist: string): string[] {
  const dir = join(dist, 'assets/console');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
    .map((f) => `assets/console/${f}`);
}

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  assets?: string[];
}

/** The console's entry in the build manifest: the one edge a crew device never follows. */
const CONSOLE_ENTRY = 'src/console/main.tsx';

/**
 * The chunk graph (dist/.vite/manifest.json) split in two, independently of how vite.config.ts
 * names the chunks: what a crew device can reach from the app's entry without entering the
 * console, and what only the console reaches. `misplaced` lists console-only files outside
 * assets/console/ (they would be precached on every rig); `crewInConsole` lists files a crew
 * device needs that sit in assets/console/ (they would not be precached, so offline would break).
 */
export function consoleApart(dist: string): {
  crew: string[];
  consoleOnly: string[];
  misplaced: string[];
  crewInConsole: string[];
} {
  const path = join(dist, '.vite/manifest.json');
  if (!existsSync(path)) throw new Error(`${path} is missing: build with build.manifest on (vite.config.ts)`);
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Record<string, ManifestChunk>;
  const entries = Object.keys(manifest).filter((key) => manifest[key]!.isEntry);
  if (!manifest[CONSOLE_ENTRY])
    throw new Error(`the build manifest has no ${CONSOLE_ENTRY}: where did the console go?`);
  const reach = (from: string[], skip: (key: string) => boolean): Set<string> => {
    const files = new Set<string>();
    const seen = new Set<string>();
    const queue = [...from];
    for (let key = queue.pop(); key !== undefined; key = queue.pop()) {
      if (seen.has(key) || skip(key)) continue;
      seen.add(key);
      const chunk = manifest[key];
      if (!chunk) throw new Error(`the build manifest names ${key} but has no entry for it`);
      for (const file of [chunk.file, ...(chunk.css ?? []), ...(chunk.assets ?? [])]) files.add(file);
      queue.push(...(chunk.imports ?? []), ...(chunk.dynamicImports ?? []));
    }
    return files;
  };
  const crew = reach(entries, (key) => key === CONSOLE_ENTRY);
  const all = reach([...entries, CONSOLE_ENTRY], () => false);
  const consoleOnly = [...all].filter((file) => !crew.has(file));
  return {
    crew: [...crew],
    consoleOnly,
    misplaced: consoleOnly.filter((file) => !file.startsWith('assets/console/')),
    crewInConsole: [...crew].filter((file) => file.startsWith('assets/console/')),
  };
}

export function measureAppSize(dist = join(REPO_ROOT, 'dist')): AppSizeRow[] {
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist} has no index.html: run npm run build first`);
  const first = firstLoadFiles(dist);
  const precache = precacheFiles(dist).filter((f) => existsSync(join(dist, f)) && statSync(join(dist, f)).isFile());
  const consoleOnly = consoleFiles(dist);
  const leaked = [...first, ...precache].filter((f) => f.startsWith('assets/console/'));
  if (leaked.length > 0) throw new Error(`console chunks reach crew devices: ${leaked.join(', ')}`);
  const { misplaced, crewInConsole } = consoleApart(dist);
  if (misplaced.length > 0)
    throw new Error(
      `only the console reaches these, yet they are outside assets/console/ (so precached on every rig): ${misplaced.join(', ')}`,
    );
  if (crewInConsole.length > 0)
    throw new Error(
      `the crew app reaches these in assets/console/ (not precached, so offline breaks): ${crewInConsole.join(', ')}`,
    );
  return [
    { what: 'crew first load (index.html + scripts + styles)', files: first.length, ...sizes(dist, first) },
    { what: 'crew precache (installed app, offline)', files: precache.length, ...sizes(dist, precache) },
    { what: 'console chunks (fetched only at /console)', files: consoleOnly.length, ...sizes(dist, consoleOnly) },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`)
  console.table(measureAppSize(process.argv[2] ? resolve(process.argv[2]) : undefined));
