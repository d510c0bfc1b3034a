// How long the real browser takes to drain 5,000 queued events against the local stack: the
// production build in Debian's Chromium, the real backend, a pass-through proxy that counts the
// requests. Rate limits are lifted (they would pace a load this size by design).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { buildAndServe, DEMO_PASSWORD, PARAMEDIC, startBackend } from '../e2e/backend';
import { startFaultProxy } from '../e2e/fault-proxy';
import { launchBrowser, waitForServiceWorkerControl } from '../e2e/harness';

type Row = Record<string, string | number>;

const outboxCount = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((done, fail) => {
        const open = indexedDB.open('rigside');
        open.onerror = () => fail(open.error ?? new Error('IndexedDB could not be opened'));
        open.onsuccess = () => {
          const request = open.result.transaction('outboxEvents', 'readonly').objectStore('outboxEvents').count();
          request.onsuccess = () => {
            open.result.close();
            done(request.result);
          };
        };
      }),
  );

async function queue(page: Page, n: number): Promise<void> {
  const rows = Array.from({ length: n }, (_, i) => ({
    id: uuidv7(),
    kind: 'audit',
    payload: { action: 'bench', details: { n: i } },
  }));
  await page.evaluate(
    ({ rows, author }) =>
      new Promise<void>((done, fail) => {
        const open = indexedDB.open('rigside');
        open.onsuccess = () => {
          const tx = open.result.transaction('outboxEvents', 'readwrite');
          const createdAt = new Date().toISOString();
          for (const r of rows)
            tx.objectStore('outboxEvents').add({
              ...r,
              createdAt,
              authorId: author,
              attempts: 0,
              nextAttemptAt: 0,
              lastError: null,
            });
          tx.oncomplete = () => (open.result.close(), done());
          tx.onerror = () => fail(tx.error ?? new Error('the IndexedDB write failed'));
        };
      }),
    { rows, author: PARAMEDIC.id },
  );
}

export async function benchSync(events = 5_000): Promise<Row[]> {
  const backend = await startBackend('bench-sync');
  const proxy = await startFaultProxy(backend.stack.apiUrl);
  const profile = mkdtempSync(join(tmpdir(), 'rigside-bench-'));
  const rows: Row[] = [];
  try {
    await backend.liftRateLimits();
    const app = await buildAndServe('bench-sync', proxy.url, backend.stack.anonKey);
    const browser = await launchBrowser(undefined, { profile });
    try {
      const page = browser.page;
      await page.goto(app.url);
      await waitForServiceWorkerControl(page);
      await page.locator('.sign-in-prompt').getByRole('button', { name: 'Sign in' }).click();
      await page.getByLabel('Email').fill(PARAMEDIC.email);
      await page.getByLabel('Password').fill(DEMO_PASSWORD);
      await page.locator('#main').getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('button', { name: 'They are mine: send them' }).click();
      for (let i = 0; i < 120 && (await outboxCount(page)) > 0; i++) await page.waitForTimeout(250);

      for (const screen of ['Search', 'Sync'] as const) {
        await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen }).click();
        await browser.context.setOffline(true);
        await queue(page, events);
        const requestsBefore = proxy.stats.ingestRequests;
        const started = performance.now();
        await browser.context.setOffline(false);
        while ((await outboxCount(page)) > 0) {
          if (performance.now() - started > 300_000) throw new Error('the outbox did not drain within 5 minutes');
          await page.waitForTimeout(100);
        }
        const seconds = (performance.now() - started) / 1000;
        rows.push({
          'screen open': screen === 'Sync' ? 'Sync status (live counts)' : 'Search',
          events,
          requests: proxy.stats.ingestRequests - requestsBefore,
          'drain s': Number(seconds.toFixed(1)),
          'events/s': Math.round(events / seconds),
        });
      }
    } finally {
      await browser.close();
      await app.close();
    }
  } finally {
    await proxy.close();
    await backend.stop();
    rmSync(profile, { recursive: true, force: true });
  }
  return rows;
}
