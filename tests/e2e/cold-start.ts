// Cold offline start, measured in the page: from navigation to the first search result on
// screen, for a query typed as soon as the search box exists. Shared by the e2e test (which
// prints it) and the search bench.
import type { BrowserContext } from 'playwright-core';

export interface ColdStart {
  /** ms after navigation until the search engine said it was ready (performance mark). */
  searchReadyMs: number;
  /** ms after navigation until the first result of the typed query was on screen. */
  firstResultMs: number;
  indexSource: string | null;
}

export async function measureColdStart(
  context: BrowserContext,
  url: string,
  query: string,
  expectFirst: string,
): Promise<ColdStart> {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: 'commit' });
    const box = page.getByRole('searchbox');
    await box.waitFor();
    await box.fill(query);
    const first = page.getByTestId('results').getByRole('button').first();
    await first.filter({ hasText: expectFirst }).waitFor();
    // The time the first result was painted, read in the page itself.
    const firstResultMs = await page.evaluate(
      () =>
        new Promise<number>((done) => {
          const mark = performance.getEntriesByName('rigside:first-result')[0];
          if (mark) done(mark.startTime);
          else requestAnimationFrame(() => done(performance.now()));
        }),
    );
    const searchReadyMs = await page.evaluate(
      () => performance.getEntriesByName('rigside:first-search-ready')[0]?.startTime ?? -1,
    );
    const indexSource = await page.locator('[data-engine-status]').getAttribute('data-index-source');
    return { searchReadyMs: Math.round(searchReadyMs), firstResultMs: Math.round(firstResultMs), indexSource };
  } finally {
    await page.close();
  }
}
