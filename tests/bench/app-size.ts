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

export function measureAppSize(dist = join(REPO_ROOT, 'dist')): AppSizeRow[] {
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist} has no index.html: run npm run build first`);
  const first = firstLoadFiles(dist);
  const precache = precacheFiles(dist).filter((f) => existsSync(join(dist, f)) && statSync(join(dist, f)).isFile());
  const consoleOnly = consoleFiles(dist);
  const leaked = [...first, ...precache].filter((f) => f.startsWith('assets/console/'));
  if (leaked.length > 0) throw new Error(`console chunks reach crew devices: ${leaked.join(', ')}`);
  return [
    { what: 'crew first load (index.html + scripts + styles)', files: first.length, ...sizes(dist, first) },
    { what: 'crew precache (installed app, offline)', files: precache.length, ...sizes(dist, precache) },
    { what: 'console chunks (fetched only at /console)', files: consoleOnly.length, ...sizes(dist, consoleOnly) },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`)
  console.table(measureAppSize(process.argv[2] ? resolve(process.argv[2]) : undefined));
