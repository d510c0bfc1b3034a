// Search in the real browser: the production build (dist/, run `npm run build` first) in
// Debian's Chromium, offline after a first online start, as a crew uses it.
// - per keystroke: every prefix of each relevance-set query sent to the app's own search
//   module worker (the one index.html starts), timed in the page from postMessage to reply;
// - cold offline start: navigation to the first result on screen, with no inspector in the page
//   and in a page Playwright drives (tests/e2e/cold-start.ts);
// - first load: what the crew app transfers on its first visit, before and with the precache.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { measureColdStart, measureUninspectedColdStarts, type ColdStart } from '../e2e/cold-start';
import { launchBrowser, REPO_ROOT, serveBuiltApp, waitForServiceWorkerControl } from '../e2e/harness';
import { loadRelevanceSet } from '../relevance/relevance';

type Row = Record<string, string | number>;
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/** Every file the service worker precaches (vite.config.ts globPatterns), raw and gzipped. */
function precacheSize(): { files: number; raw: number; gzip: number } {
  const dist = join(REPO_ROOT, 'dist');
  let files = 0;
  let raw = 0;
  let gzip = 0;
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(js|css|html|svg|png|webmanifest|json)$/.test(name) && !/^sw\.js$|\.map$/.test(name)) {
        const bytes = readFileSync(path);
        files++;
        raw += bytes.length;
        gzip += gzipSync(bytes).length;
      }
    }
  };
  walk(dist);
  return { files, raw, gzip };
}

export async function benchBrowserSearch(): Promise<{ keystrokes: Row[]; coldStart: Row[]; firstLoad: Row[] }> {
  const app = await serveBuiltApp();
  const browser = await launchBrowser();
  try {
    const { page, context } = browser;
    // First visit, online: what the page itself fetches before the first search can run.
    await page.goto(app.url);
    await page.locator('[data-engine-status="ready"]').waitFor();
    const pageLoad = await page.evaluate(() => {
      const entries = [
        ...performance.getEntriesByType('navigation'),
        ...performance.getEntriesByType('resource'),
      ] as PerformanceResourceTiming[];
      return entries.map((e) => ({ name: e.name, transfer: e.transferSize, body: e.decodedBodySize }));
    });
    await waitForServiceWorkerControl(page);
    await page.waitForTimeout(1_000);

    // Per keystroke, offline, through the app's worker.
    await context.setOffline(true);
    await page.reload();
    await page.locator('[data-engine-status="ready"]').waitFor();
    const queries = loadRelevanceSet().map((q) => q.query);
    // tsx names the functions it compiles with a `__name` helper the page does not have.
    await page.evaluate('globalThis.__name ??= (f) => f');
    const timings = await page.evaluate(async (queries) => {
      const worker = (globalThis as { __rigsideSearchWorker?: Worker }).__rigsideSearchWorker;
      if (!worker) throw new Error('the app started no search worker from index.html');
      let id = 1_000_000;
      const ask = (query: string) =>
        new Promise<number>((done) => {
          const mine = ++id;
          const t0 = performance.now();
          const onReply = (event: MessageEvent<{ id: number }>) => {
            if (event.data.id !== mine) return;
            worker.removeEventListener('message', onReply);
            done(performance.now() - t0);
          };
          worker.addEventListener('message', onReply);
          worker.postMessage({ id: mine, type: 'search', query, options: { limit: 12 } });
        });
      const out: number[] = [];
      for (const q of queries) for (let i = 1; i <= q.length; i++) out.push(await ask(q.slice(0, i)));
      return out;
    }, queries);
    timings.sort((a, b) => a - b);
    const keystrokes: Row[] = [
      {
        what: "relevance-set queries typed one character at a time, through the app's search worker",
        keystrokes: timings.length,
        'p50 ms': Number(pct(timings, 50).toFixed(3)),
        'p95 ms': Number(pct(timings, 95).toFixed(3)),
        'p99 ms': Number(pct(timings, 99).toFixed(3)),
        'max ms': Number(timings.at(-1)!.toFixed(3)),
      },
    ];

    // Five starts each way: as a phone makes them (no inspector in the page), and in a page
    // Playwright drives (its inspector's cost included), side by side.
    const inspected = [];
    for (let i = 0; i < 5; i++) inspected.push(await measureColdStart(context, app.url, 'chest pain', '1211'));
    const uninspected = await measureUninspectedColdStarts('chest pain', '1211', 5);
    const coldStart: Row[] = [];
    for (const [how, runs] of [
      ['no inspector', uninspected],
      ["Playwright's inspector", inspected],
    ] as const) {
      const rows: Array<[string, (r: ColdStart) => number]> = [
        ['navigation to first result on screen ("chest pain")', (r) => r.firstResultMs],
        ['navigation to search box on screen (query typed by a script in the page)', (r) => r.typedMs],
        ['navigation to search ready (index imported in the worker)', (r) => r.searchReadyMs],
      ];
      for (const [measure, pick] of rows) {
        const sorted = runs.map(pick).sort((a, b) => a - b);
        coldStart.push({
          measure,
          page: how,
          runs: runs.length,
          'best ms': sorted[0]!,
          'median ms': pct(sorted, 50),
          'worst ms': sorted.at(-1)!,
        });
      }
    }

    const kb = (n: number) => Math.round(n / 1024);
    const sum = (xs: Array<{ transfer: number; body: number }>, key: 'transfer' | 'body') =>
      xs.reduce((a, x) => a + x[key], 0);
    const shellFiles = pageLoad.filter((r) => !r.name.includes('/data/'));
    const gz = (files: typeof pageLoad) =>
      files.reduce((a, r) => {
        const path = join(
          REPO_ROOT,
          'dist',
          new URL(r.name).pathname === '/' ? 'index.html' : new URL(r.name).pathname,
        );
        try {
          return a + gzipSync(readFileSync(path)).length;
        } catch {
          return a;
        }
      }, 0);
    const pre = precacheSize();
    const firstLoad: Row[] = [
      {
        what: 'page before first search: shell, JS, CSS, search worker',
        files: shellFiles.length,
        'transferred KB': kb(sum(shellFiles, 'transfer')),
        'decoded KB': kb(sum(shellFiles, 'body')),
        'gzip KB (static host)': kb(gz(shellFiles)),
      },
      {
        what: 'page first visit incl. dataset.json',
        files: pageLoad.length,
        'transferred KB': kb(sum(pageLoad, 'transfer')),
        'decoded KB': kb(sum(pageLoad, 'body')),
        'gzip KB (static host)': kb(gz(pageLoad)),
      },
      {
        what: 'service worker precache (everything offline needs, all screens)',
        files: pre.files,
        'transferred KB': '-',
        'decoded KB': kb(pre.raw),
        'gzip KB (static host)': kb(pre.gzip),
      },
    ];
    return { keystrokes, coldStart, firstLoad };
  } finally {
    await browser.close();
    await app.close();
  }
}
