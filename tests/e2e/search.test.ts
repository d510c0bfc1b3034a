import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readStore, screenshot, waitForServiceWorkerControl } from './harness';
import { builtAppInChromium } from './app-in-chromium';
import { measureColdStart, measureUninspectedColdStarts, type ColdStart } from './cold-start';

const run = builtAppInChromium();

function describeRuns(runs: ColdStart[]): string {
  const list = (pick: (r: ColdStart) => number) => runs.map(pick).join(' / ');
  const best = Math.min(...runs.map((r) => r.firstResultMs));
  return `first result ${list((r) => r.firstResultMs)} ms after navigation (best ${best}); search box ${list((r) => r.typedMs)} ms; search ready ${list((r) => r.searchReadyMs)} ms`;
}

beforeAll(async () => {
  const { page } = run.browser;
  await page.goto(run.app.url);
  await waitForServiceWorkerControl(page);
  // First run online: the bundled dataset lands in IndexedDB and the index export is saved.
  await page.locator('[data-engine-status="ready"]').waitFor();
});

describe('protocol search in Chromium, offline', () => {
  it('finds Cardiac Chest Pain for "chest pain" and opens TP 1211', async () => {
    const { page, context } = run.browser;
    await context.setOffline(true);
    try {
      await page.reload();
      await page.getByRole('searchbox').fill('chest pain');
      const first = page.getByTestId('results').getByRole('button').first();
      await expect.poll(() => first.textContent()).toContain('1211');
      await expect.poll(() => first.locator('mark').count()).toBeGreaterThan(0);
      await screenshot(page, 'search-chest-pain');
      await first.click();
      await page.getByRole('heading', { level: 1, name: /TP 1211/ }).waitFor();
      await expect
        .poll(async () => (await page.getByRole('heading', { level: 2 }).allTextContents()).length)
        .toBeGreaterThan(3);
      await screenshot(page, 'protocol-1211');
      await expect
        .poll(async () =>
          (await readStore(page, 'outboxEvents'))
            .filter((e) => e['kind'] === 'protocol_usage')
            .map((e) => (e['payload'] as Record<string, unknown>)['tp_code']),
        )
        .toContain('1211');
    } finally {
      await context.setOffline(false);
    }
  });

  it('starts cold and offline from the saved index, without rebuilding it', async () => {
    const { context } = run.browser;
    await context.setOffline(true);
    const page = await context.newPage();
    try {
      await page.goto(run.app.url);
      await page.locator('[data-engine-status="ready"]').waitFor();
      expect(await page.locator('[data-engine-status]').getAttribute('data-index-source')).toBe('imported');
      await page.getByRole('searchbox').fill('1210 p');
      await expect
        .poll(() => page.getByTestId('results').getByRole('button').first().textContent())
        .toContain('1210-P');
      const timing = await page.evaluate(
        () => performance.getEntriesByName('rigside:first-search-ready')[0]?.startTime ?? null,
      );
      expect(timing).not.toBeNull();
      // Reported, not asserted (speed targets live in benchmarks): the design's bar is 1 s.
      console.log(`cold offline start: search ready ${Math.round(timing ?? 0)} ms after navigation`);
      await screenshot(page, 'search-code-1210p');
      await page.getByRole('searchbox').fill('');
      await page.getByRole('list', { name: 'Recent protocols' }).waitFor();
      await screenshot(page, 'search-empty-recent');

      // Sync status names the mirrored dataset: what shipped, medications included.
      const shipped = JSON.parse(readFileSync('dist/data/dataset.json', 'utf8')) as {
        version: string;
        protocols: unknown[];
        provider_impressions: unknown[];
        medications: unknown[];
      };
      await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Sync' }).click();
      await expect
        .poll(() => page.getByText(/^Version \d/).textContent())
        .toContain(
          `${shipped.version}: ${shipped.protocols.length} protocols, ${shipped.provider_impressions.length} provider impressions, ${shipped.medications.length} medications`,
        );
    } finally {
      await page.close();
      await context.setOffline(false);
    }
  });

  it('ranks pediatric sepsis first for a run-on description of a febrile, hypotensive 8-year-old, offline, and says why', async () => {
    const { page, context } = run.browser;
    await context.setOffline(true);
    try {
      await page.goto(run.app.url);
      await page
        .getByRole('searchbox')
        .fill('8 year old boy hot to touch since last night now lethargic and pale bp 70/40 hr 150 temp 103.8');
      const first = page.getByTestId('results').getByRole('button').first();
      await expect.poll(() => first.textContent()).toContain('1204-P');
      const why = await first.getByTestId('why').textContent();
      expect(why).toContain('low BP + fever → SEPS');
      expect(why).toMatch(/8 year old( boy)? → pediatric/);
      expect(await page.getByTestId('search-age').textContent()).toContain('pediatric protocols first');
      await screenshot(page, 'search-pediatric-sepsis-why');
    } finally {
      await context.setOffline(false);
    }
  });

  it('prints the cold offline start: navigation to the first result on screen', async () => {
    // As a phone makes it: a Chromium with no inspector in the page (tests/e2e/cold-start.ts).
    const uninspected = await measureUninspectedColdStarts('chest pain', '1211', 3);
    for (const r of uninspected) expect(r.indexSource).toBe('imported');
    // Reported, not asserted (speed targets live in benchmarks): the bar is 500 ms.
    console.log(`cold offline start, 3 runs, no inspector in the page: ${describeRuns(uninspected)}`);

    // And in a page Playwright drives, as before: its inspector makes the same start slower.
    const { context } = run.browser;
    await context.setOffline(true);
    try {
      const runs = [];
      for (let i = 0; i < 3; i++) runs.push(await measureColdStart(context, run.app.url, 'chest pain', '1211'));
      for (const r of runs) expect(r.indexSource).toBe('imported');
      console.log(`cold offline start, 3 runs, Playwright's inspector attached: ${describeRuns(runs)}`);
    } finally {
      await context.setOffline(false);
    }
  });
});
