import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preview, type PreviewServer } from 'vite';
import { launchBrowser, REPO_ROOT, screenshot, waitForServiceWorkerControl, type Browser } from './harness';

// A copy of dist/ that the test can "redeploy" by changing sw.js, the way a new release does.
let outDir: string;
let server: PreviewServer;
let url: string;
let browser: Browser;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'rigside-dist-'));
  cpSync(join(REPO_ROOT, 'dist'), outDir, { recursive: true });
  server = await preview({
    root: REPO_ROOT,
    logLevel: 'silent',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0 },
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('preview server has no TCP address');
  url = `http://127.0.0.1:${address.port}/`;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(outDir, { recursive: true, force: true });
});

describe('service worker updates', () => {
  it('announces a new version and applies it only when the user taps Update now', async () => {
    const { page } = browser;
    await page.goto(`${url}#/patient`);
    await waitForServiceWorkerControl(page);
    const firstWorker = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
    // Mark this document so a reload is detectable.
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'before-update'));

    appendFileSync(join(outDir, 'sw.js'), `\n// release ${Date.now()}\n`);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());

    await page.getByRole('alert').filter({ hasText: 'new version' }).waitFor();
    await screenshot(page, 'update-ready');
    // Waiting, not applied: same document, same heading, the old worker still in charge.
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('before-update');
    expect(await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => Boolean(r?.waiting)))).toBe(
      true,
    );

    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Update now' }).click()]);
    await page.getByRole('heading', { level: 1, name: 'Patient' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBeUndefined();
    expect(
      await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.waiting ?? null)),
    ).toBeNull();
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(firstWorker);
    expect(await page.getByRole('alert').count()).toBe(0);
  });
});
