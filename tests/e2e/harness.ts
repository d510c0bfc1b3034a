// Real-browser harness: the production build served by Vite's preview server on 127.0.0.1
// and Debian's chromium driven by playwright-core (never a downloaded browser).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, errors, type BrowserContext, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'tests/artifacts/screenshots');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

/** Serves dist/ (run `npm run build` first) on a free 127.0.0.1 port. */
export async function serveBuiltApp(): Promise<RunningApp> {
  if (!existsSync(join(REPO_ROOT, 'dist/index.html'))) {
    throw new Error('dist/ is missing: run `npm run build` before the real-browser tests');
  }
  const server: PreviewServer = await preview({
    root: REPO_ROOT,
    logLevel: 'silent',
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('preview server has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => server.close(),
  };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * A persistent context (a real profile on disk), as an installed app has: installability
 * checks report "in-incognito" otherwise, and IndexedDB must survive reloads.
 */
export async function launchBrowser(
  viewport = { width: 412, height: 915 },
  options: { profile?: string } = {},
): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)`);
  // A profile passed in outlives this browser: relaunching on it is a crew reopening the app.
  const profile = options.profile ?? mkdtempSync(join(tmpdir(), 'rigside-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport,
    deviceScaleFactor: 1,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      if (!options.profile) rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until the service worker is active and controls the page. */
export async function waitForServiceWorkerControl(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((done) =>
        navigator.serviceWorker.addEventListener('controllerchange', () => done(), { once: true }),
      );
    }
  });
}

/**
 * The phone's viewport, as a crew sees it (sticky bars stay where they are). With fullPage, the
 * whole screen at once: the viewport is made as tall as the page for the shot (Chromium's own
 * full-page capture leaves fixed bars in the middle, over what lies there), then put back.
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  const viewport = page.viewportSize();
  if (!options.fullPage || !viewport) {
    await page.screenshot({ path });
    return path;
  }
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const tall = { width: viewport.width, height: Math.max(viewport.height, height) };
  await page.setViewportSize(tall);
  try {
    await captureOnce(page, path, tall);
  } finally {
    await page.setViewportSize(viewport);
  }
  return path;
}

/**
 * On a busy 2-CPU machine headless Chromium has once produced no frame for 30 s after the
 * viewport was made tall (CI, the console's sync-health shot): the capture then waits on a
 * compositor that is idle, not on the page. One more try after resizing again, which asks for a
 * new frame; a second timeout fails the test as before.
 */
async function captureOnce(page: Page, path: string, size: { width: number; height: number }): Promise<void> {
  try {
    await page.screenshot({ path, timeout: 20_000 });
  } catch (error) {
    if (!(error instanceof errors.TimeoutError)) throw error;
    console.warn(`screenshot ${path}: no frame in 20 s, resizing and trying once more`);
    await page.setViewportSize({ width: size.width, height: size.height + 1 });
    await page.setViewportSize(size);
    await page.screenshot({ path, timeout: 20_000 });
  }
}

/** Reads every row of an IndexedDB object store straight from the browser, bypassing the app. */
export async function readStore(page: Page, storeName: string): Promise<Array<Record<string, unknown>>> {
  return page.evaluate(
    (store) =>
      new Promise<Array<Record<string, unknown>>>((done, fail) => {
        const open = indexedDB.open('rigside');
        open.onerror = () => fail(open.error ?? new Error('IndexedDB could not be opened'));
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction(store, 'readonly').objectStore(store).getAll();
          request.onsuccess = () => {
            db.close();
            done(request.result as Array<Record<string, unknown>>);
          };
          request.onerror = () => fail(request.error ?? new Error('the IndexedDB read failed'));
        };
      }),
    storeName,
  );
}
