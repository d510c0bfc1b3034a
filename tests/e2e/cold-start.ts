// Cold offline start, measured in the page: from navigation to the first search result on
// screen, for a query typed the moment the search box exists. Shared by the e2e test (which
// prints it) and the search bench.
//
// The query is typed by a script in the page (a MutationObserver that fills the box as soon as
// React renders it), not by Playwright: under load Playwright's own polling and `fill` took
// 150-450 ms after the box was there, which measured the harness rather than the app. For the
// same reason the test waits for the app's first-result mark through a PerformanceObserver in
// the page, not by polling the results with a locator (its checks ran on the page's main thread
// while the app was starting, 10-20 ms of it on this machine), and reads the results once after.
import type { BrowserContext } from 'playwright-core';
import { FIRST_RESULT_MARK } from '../../src/app/start-search';

export interface ColdStart {
  /** ms after navigation until the search engine said it was ready (performance mark). */
  searchReadyMs: number;
  /** ms after navigation until the search box was on screen and the query typed into it. */
  typedMs: number;
  /** ms after navigation until the first result of the typed query was on screen. */
  firstResultMs: number;
  indexSource: string | null;
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
    // tsx names compiled functions through a `__name` helper the page lacks: give it one.
    await page.addInitScript({
      content: `globalThis.__name ??= (f) => f; (${typeOnArrival.toString()})(${JSON.stringify(query)}, ${JSON.stringify(FIRST_RESULT_MARK)});`,
    });
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
