// Cold offline start, measured in the page: from navigation to the first search result on
// screen, for a query typed the moment the search box exists. Shared by the e2e test (which
// prints it) and the search bench. Measured two ways: as a phone runs it, in a Chromium with no
// inspector in the page (`measureUninspectedColdStarts`, the figure the bar is about),
// and in a page Playwright drives (`measureColdStart`), which costs more (uninspected-chromium.ts
// says why).
//
// The query is typed by a script in the page (a MutationObserver that fills the box as soon as
// React renders it), not by Playwright: under load Playwright's own polling and `fill` took
// 150-450 ms after the box was there, which measured the harness rather than the app. For the
// same reason the test waits for the app's first-result mark through a PerformanceObserver in
// the page, not by polling the results with a locator (its checks ran on the page's main thread
// while the app was starting, 10-20 ms of it on this machine), and reads the results once after.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { FIRST_RESULT_MARK, FIRST_SEARCH_READY_MARK } from '../../src/app/start-search';
import { launchBrowser, readStore, serveBuiltApp, waitForServiceWorkerControl } from './harness';
import { launchUninspectedChromium } from './uninspected-chromium';

export interface ColdStart {
  /** ms after navigation until the search engine said it was ready (performance mark). */
  searchReadyMs: number;
  /** ms after navigation until the search box was on screen and the query typed into it. */
  typedMs: number;
  /** ms after navigation until the first result of the typed query was on screen. */
  firstResultMs: number;
  indexSource: string | null;
}

/** The page script that types `query` on arrival, as source for an init script. */
function typeOnArrivalScript(query: string): string {
  // tsx names compiled functions through a `__name` helper the page lacks: give it one.
  return `globalThis.__name ??= (f) => f; (${typeOnArrival.toString()})(${JSON.stringify(query)}, ${JSON.stringify(FIRST_RESULT_MARK)});`;
}

/** Runs in the page before its scripts: types `query` into the search box the moment it exists. */
function typeOnArrival(query: string, firstResultMark: string): void {
  (globalThis as { __coldStartFirstResult?: Promise<number> }).__coldStartFirstResult = new Promise((done) => {
    new PerformanceObserver((list, observer) => {
      const mark = list.getEntriesByName(firstResultMark)[0];
      if (!mark) return;
      observer.disconnect();
      done(mark.startTime);
    }).observe({ type: 'mark' });
  });
  const type = (box: HTMLInputElement) => {
    // React listens for input events and reads the value through the prototype's setter.
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(box, query);
    box.dispatchEvent(new Event('input', { bubbles: true }));
    performance.mark('cold-start:typed');
  };
  new MutationObserver((_, observer) => {
    const box = document.querySelector<HTMLInputElement>('input[type="search"]');
    if (!box) return;
    observer.disconnect();
    type(box);
  }).observe(document, { childList: true, subtree: true });
}

export async function measureColdStart(
  context: BrowserContext,
  url: string,
  query: string,
  expectFirst: string,
): Promise<ColdStart> {
  const page = await context.newPage();
  try {
    await page.addInitScript({ content: typeOnArrivalScript(query) });
    await page.goto(url, { waitUntil: 'commit' });
    // The time the first result was painted (the app's own mark), waited for without polling.
    const firstResultMs = await page.evaluate(() =>
      Promise.race([
        (globalThis as unknown as { __coldStartFirstResult: Promise<number> }).__coldStartFirstResult,
        new Promise<never>((_, fail) => setTimeout(() => fail(new Error('no result on screen within 30 s')), 30_000)),
      ]),
    );
    // And that it was the right one.
    const first = page.getByTestId('results').getByRole('button').first();
    await first.filter({ hasText: expectFirst }).waitFor({ timeout: 1_000 });
    const [searchReadyMs, typedMs] = await page.evaluate(() =>
      ['rigside:first-search-ready', 'cold-start:typed'].map(
        (n) => performance.getEntriesByName(n)[0]?.startTime ?? -1,
      ),
    );
    const indexSource = await page.locator('[data-engine-status]').getAttribute('data-index-source');
    return {
      searchReadyMs: Math.round(searchReadyMs ?? -1),
      typedMs: Math.round(typedMs ?? -1),
      firstResultMs: Math.round(firstResultMs),
      indexSource,
    };
  } finally {
    await page.close();
  }
}

/**
 * `runs` cold offline starts as a crew's phone makes them, each a new tab on the installed app
 * with its service worker running and its index saved, in a Chromium with no inspector in the
 * page (uninspected-chromium.ts). The app is installed first on a profile of its own, through
 * Playwright; then its server is stopped, so every start is offline for real (nothing answers on
 * the app's port), and a plain Chromium opens that profile. One start is made and dropped first:
 * it starts the service worker, which the new tabs measured here find running.
 */
export async function measureUninspectedColdStarts(
  query: string,
  expectFirst: string,
  runs: number,
): Promise<ColdStart[]> {
  const profile = mkdtempSync(join(tmpdir(), 'rigside-cold-start-'));
  try {
    const app = await serveBuiltApp();
    const { url } = app;
    try {
      const installer = await launchBrowser(undefined, { profile });
      try {
        const { page } = installer;
        await page.goto(url);
        await waitForServiceWorkerControl(page);
        await page.locator('[data-engine-status="ready"]').waitFor();
        // The first start builds the index and saves its export: wait for the export.
        await waitFor(
          async () => (await readStore(page, 'searchIndexes')).length > 0,
          'the saved search index',
          30_000,
        );
      } finally {
        await installer.close();
      }
    } finally {
      await app.close();
    }

    const chromium = launchUninspectedChromium(profile);
    try {
      const coldStart = async (): Promise<ColdStart> => {
        const { targetId } = await chromium.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
        try {
          const { sessionId } = await chromium.send<{ sessionId: string }>('Target.attachToTarget', {
            targetId,
            flatten: true,
          });
          await chromium.send('Page.enable', {}, sessionId);
          await chromium.send(
            'Page.addScriptToEvaluateOnNewDocument',
            { source: typeOnArrivalScript(query) },
            sessionId,
          );
          const loaded = chromium.once('Page.loadEventFired', sessionId);
          await chromium.send('Page.navigate', { url }, sessionId);
          await loaded;
          // Read once the page has loaded (the app's document, not about:blank), after its first result.
          const { result, exceptionDetails } = await chromium.send<{
            result: { value?: string };
            exceptionDetails?: { exception?: { description?: string } };
          }>(
            'Runtime.evaluate',
            {
              expression: `Promise.race([
                globalThis.__coldStartFirstResult,
                new Promise((_, fail) => setTimeout(() => fail(new Error('no result on screen within 30 s')), 30000)),
              ]).then((first) => JSON.stringify({
                first,
                typed: performance.getEntriesByName('cold-start:typed')[0]?.startTime ?? -1,
                ready: performance.getEntriesByName(${JSON.stringify(FIRST_SEARCH_READY_MARK)})[0]?.startTime ?? -1,
                top: document.querySelector('[data-testid="results"] button')?.textContent ?? '',
                indexSource: document.querySelector('[data-engine-status]')?.getAttribute('data-index-source') ?? null,
              }))`,
              awaitPromise: true,
              returnByValue: true,
            },
            sessionId,
            40_000,
          );
          if (exceptionDetails || !result.value)
            throw new Error(`cold start failed: ${exceptionDetails?.exception?.description ?? 'no timings'}`);
          const read = JSON.parse(result.value) as {
            first: number;
            typed: number;
            ready: number;
            top: string;
            indexSource: string | null;
          };
          if (!read.top.includes(expectFirst))
            throw new Error(`cold start ranked "${read.top}" first, not ${expectFirst}, for "${query}"`);
          return {
            firstResultMs: Math.round(read.first),
            typedMs: Math.round(read.typed),
            searchReadyMs: Math.round(read.ready),
            indexSource: read.indexSource,
          };
        } finally {
          await chromium.send('Target.closeTarget', { targetId });
        }
      };
      await coldStart();
      const measured: ColdStart[] = [];
      for (let i = 0; i < runs; i++) measured.push(await coldStart());
      return measured;
    } finally {
      await chromium.close();
    }
  } finally {
    rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
  }
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`${what} did not appear within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
