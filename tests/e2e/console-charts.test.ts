// The console's charts in Chromium against the real local backend filled by the demo generator
// (issue 15): a North Valley medical director opens the charts page, sees each of the four charts
// drawn, switches each to its table, and exports each table as CSV (the file's rows are the
// table's); axe-core finds nothing at 1280 and 768 px, in the chart and the table views. The
// chart library is nowhere in what a crew device loads: not in the first load nor the precache
// of the build, and never requested by a crew device (its network log).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Download, Page } from 'playwright-core';
import { seedDemoRecords } from '../../supabase/local/seed-demo';
import { firstLoadFiles, precacheFiles } from '../bench/app-size';
import { captureConsole, consoleSignIn } from './console-pages';
import { buildAndServe, DIRECTOR, startBackend, type Backend } from './backend';
import { launchBrowser, REPO_ROOT, waitForServiceWorkerControl, type Browser, type RunningApp } from './harness';

const DIST = join(REPO_ROOT, '.tmp/dist-charts');
/** A message only Chart.js has: the file holding it is the chart library's. */
const CHART_JS_MARK = 'Canvas is already in use';
const CHARTS = [
  'Protocol use',
  'Time from patient contact to first dose',
  'Sync lag per unit',
  'Children’s weight documented',
] as const;

let backend: Backend;
let app: RunningApp;
let crew: Browser;
let desk: Browser;
const crewRequests: string[] = [];
const deskRequests: string[] = [];

beforeAll(async () => {
  backend = await startBackend('charts');
  await backend.liftRateLimits();
  await seedDemoRecords(backend.stack.databaseUrl, { records: 6000, auditEntries: 500 });
  app = await buildAndServe('charts', backend.stack.apiUrl, backend.stack.anonKey);
  crew = await launchBrowser();
  crew.context.on('request', (request) => crewRequests.push(new URL(request.url()).pathname));
  desk = await launchBrowser({ width: 1280, height: 900 });
  desk.context.on('request', (request) => deskRequests.push(new URL(request.url()).pathname));
}, 240_000);
afterAll(async () => {
  await crew?.close();
  await desk?.close();
  await app?.close();
  await backend?.stop();
});

async function read(download: Download): Promise<string> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
const panel = (page: Page, title: string) =>
  page.locator('section.chart-panel').filter({ has: page.getByRole('heading', { name: title, exact: true }) });

/** Files of the build that hold the chart library. */
function chartLibraryFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.js') && readFileSync(path, 'utf8').includes(CHART_JS_MARK))
        files.push(relative(DIST, path));
    }
  };
  walk(DIST);
  return files;
}

describe('what a crew device loads', () => {
  it('has the chart library only in a console chunk, outside the first load and the precache', async () => {
    const library = chartLibraryFiles();
    expect(library.length).toBeGreaterThan(0);
    for (const file of library) expect(file).toMatch(/^assets\/console\//);
    const crewFiles = new Set([...firstLoadFiles(DIST), ...precacheFiles(DIST).map((f) => f.replace(/^\//, ''))]);
    expect(library.filter((f) => crewFiles.has(f))).toEqual([]);
  });

  it('never requests it: the crew app starts, installs its service worker and goes on without it', async () => {
    const { page } = crew;
    await page.goto(app.url);
    await waitForServiceWorkerControl(page);
    await page.getByRole('searchbox').first().waitFor();
    expect(crewRequests.length).toBeGreaterThan(3);
    const library = chartLibraryFiles().map((f) => `/${f}`);
    expect(crewRequests.filter((p) => library.includes(p) || p.includes('/assets/console/'))).toEqual([]);
  });
});

describe('a medical director reads the charts', () => {
  it('signs in, opens the charts, and the chart library comes with that page only', async () => {
    const { page } = desk;
    await consoleSignIn(page, app.url, DIRECTOR.email);
    const library = chartLibraryFiles().map((f) => `/${f}`);
    expect(deskRequests.filter((p) => library.includes(p))).toEqual([]);

    await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Charts' }).click();
    await page.getByRole('heading', { name: 'Charts', level: 1 }).waitFor();
    await expect.poll(() => deskRequests.filter((p) => library.includes(p)).length).toBeGreaterThan(0);
    await expect.poll(() => page.url()).toMatch(/\/console\/charts$/);
    expect(await page.getByText(/Figures as of/).textContent()).toMatch(/every hour/);
  });

  it('sees each chart drawn from the demo data', async () => {
    const { page } = desk;
    for (const title of CHARTS) {
      const canvas = panel(page, title).getByRole('img');
      await canvas.waitFor();
      // Something was drawn: the canvas is not blank.
      await expect
        .poll(() =>
          canvas.evaluate((c: HTMLCanvasElement) => {
            const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
            let painted = 0;
            for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
            return painted;
          }),
        )
        .toBeGreaterThan(2000);
    }
    const units = await panel(page, 'Sync lag per unit').getByRole('img').getAttribute('aria-label');
    expect(units).toMatch(/stacked by how late/);
    await captureConsole(page, 'charts');
  });

  it('switches each chart to its table and exports it as CSV: the file holds the table’s rows', async () => {
    const { page } = desk;
    const exportsBefore = Number(
      (
        await backend.db.query<{ n: string }>(
          "select count(*) as n from public.audit_logs where action = 'console_exported'",
        )
      ).rows[0]!.n,
    );
    for (const title of CHARTS) {
      const section = panel(page, title);
      await section.getByRole('button', { name: 'Table' }).click();
      expect(await section.getByRole('button', { name: 'Table' }).getAttribute('aria-pressed')).toBe('true');
      const table = section.getByRole('table');
      await table.waitFor();
      const header = await table.locator('thead th').allTextContents();
      const rows = await table.locator('tbody tr').count();
      expect(rows).toBeGreaterThan(0);
      const firstRow = await table.locator('tbody tr').first().locator('td').allTextContents();

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        section.getByRole('button', { name: `Export CSV of ${title}` }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(
        /^rigside-chart-[a-z-]+-NVFD-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/,
      );
      const lines = (await read(download)).trimEnd().split('\r\n');
      expect(lines[0]).toBe(header.map((h) => (h.includes(',') ? `"${h}"` : h)).join(','));
      expect(lines).toHaveLength(rows + 1);
      expect(lines[1]!.split(',').map((c) => c.replace(/^"|"$/g, ''))).toEqual(firstRow);
      await expect.poll(() => page.getByRole('status').textContent()).toContain(`${title}: ${rows} row`);
    }
    await expect
      .poll(async () =>
        Number(
          (
            await backend.db.query<{ n: string }>(
              "select count(*) as n from public.audit_logs where action = 'console_exported'",
            )
          ).rows[0]!.n,
        ),
      )
      .toBe(exportsBefore + CHARTS.length);
    await page.evaluate(() => window.scrollTo(0, 0));
    await captureConsole(page, 'charts-tables');
  });

  it('narrows every chart to one station', async () => {
    const { page } = desk;
    await page.getByRole('combobox', { name: 'Station' }).selectOption({ label: 'ST15 · Station 15 (Mill Creek)' });
    const table = panel(page, 'Protocol use').getByRole('table');
    await expect
      .poll(async () => new Set((await table.locator('tbody td:nth-child(3)').allTextContents()).map((s) => s.trim())))
      .toEqual(new Set(['ST15']));
  });
});
