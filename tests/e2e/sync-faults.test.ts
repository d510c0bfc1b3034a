// The outbox under faults, in Chromium, with the production build, the real local backend and
// a fault-injecting proxy between them (DESIGN.md, Sync, "Proof"). 5,000 events queued on the
// device, new writes while they replay, every kind of failure the proxy can make, the browser
// closed mid-replay and relaunched on the same profile, two tabs at once, a 503 storm, and the
// service worker replaying alone. Afterwards every event the device created is on the server
// exactly once or parked with its reason, in the device's order.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  readStore,
  screenshot,
  waitForServiceWorkerControl,
  type Browser,
  type RunningApp,
} from './harness';
import { buildAndServe, DEMO_PASSWORD, PARAMEDIC, startBackend, type Backend } from './backend';
import { POISON_MARKER, startFaultProxy, type FaultProxy } from './fault-proxy';

const SEEDED = 5_000;
let backend: Backend;
let proxy: FaultProxy;
let app: RunningApp;
let browser: Browser | null = null;
const profile = mkdtempSync(join(tmpdir(), 'rigside-faults-'));

beforeAll(async () => {
  backend = await startBackend('faults');
  await backend.liftRateLimits();
  proxy = await startFaultProxy(backend.stack.apiUrl);
  app = await buildAndServe('faults', proxy.url, backend.stack.anonKey);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await proxy?.close();
  await backend?.stop();
  rmSync(profile, { recursive: true, force: true });
});

async function openApp(): Promise<Page> {
  browser ??= await launchBrowser(undefined, { profile });
  const page = await browser.context.newPage();
  await page.goto(app.url);
  await waitForServiceWorkerControl(page);
  return page;
}

async function signIn(page: Page): Promise<void> {
  await page.locator('.sign-in-prompt').getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Email').fill(PARAMEDIC.email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.locator('#main').getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect.poll(() => page.getByTestId('crew').textContent()).toMatch(/Dana Ortiz/);
}

/** Queues events straight into the device's outbox, as the app's writer stores them. */
async function queueDirectly(page: Page, events: Array<{ id: string; kind: string; payload: unknown }>): Promise<void> {
  await page.evaluate(
    ({ rows, author }) =>
      new Promise<void>((done, fail) => {
        const open = indexedDB.open('rigside');
        open.onerror = () => fail(open.error ?? new Error('IndexedDB could not be opened'));
        open.onsuccess = () => {
          const tx = open.result.transaction('outboxEvents', 'readwrite');
          const store = tx.objectStore('outboxEvents');
          const createdAt = new Date().toISOString();
          for (const r of rows)
            store.add({ ...r, createdAt, authorId: author, attempts: 0, nextAttemptAt: 0, lastError: null });
          tx.oncomplete = () => {
            open.result.close();
            done();
          };
          tx.onerror = () => fail(tx.error ?? new Error('the IndexedDB write failed'));
        };
      }),
    { rows: events, author: PARAMEDIC.id },
  );
}

async function openProtocol(page: Page, query: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Search' }).click();
  await page.getByRole('searchbox').fill(query);
  await page.getByTestId('results').getByRole('button').first().click();
  await page.getByRole('heading', { level: 1 }).waitFor();
}

const ledgerCount = async () =>
  Number(
    (
      await backend.db.query<{ n: string }>('select count(*) as n from private.ingested_events where user_id = $1', [
        PARAMEDIC.id,
      ])
    ).rows[0]!.n,
  );

async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  tick?: () => Promise<void>,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await tick?.();
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`timed out waiting for ${what}; the proxy saw ${JSON.stringify(proxy.stats)}`);
}

describe('the outbox under faults', () => {
  it(
    'delivers every event exactly once or parks it with a reason, in the device’s order',
    { timeout: 420_000 },
    async () => {
      const started = Date.now();
      let page = await openApp();
      await signIn(page);
      // What the app recorded before the sign-in (its start, the storage answer) is claimed and sent
      // too: after the sign-in's own audit event, which was the crew member's from the start.
      const claimed = new Set(
        (await readStore(page, 'outboxEvents')).filter((e) => e['authorId'] === null).map((e) => String(e['id'])),
      );
      await page.getByRole('button', { name: 'They are mine: send them' }).click();
      await waitFor('the sign-in to be sent', async () => (await readStore(page, 'outboxEvents')).length === 0, 30_000);

      // 5,000 events, plus three that cannot go: one the server refuses on its own (a bad protocol
      // code), one that makes the server refuse its whole batch (the proxy's poison), and one stored
      // by an older version that could never be sent (a NUL character, which Postgres cannot hold).
      const seeded: Array<{ id: string; kind: string; payload: unknown }> = Array.from({ length: SEEDED }, (_, n) => ({
        id: uuidv7(),
        kind: 'audit',
        payload: { action: 'fault_test', details: { n } },
      }));
      const badCode = { id: uuidv7(), kind: 'protocol_usage', payload: { tp_code: 'XXXX', action: 'viewed' } };
      const poison = {
        id: uuidv7(),
        kind: 'audit',
        payload: { action: 'fault_test', details: { note: POISON_MARKER } },
      };
      const nul = { id: uuidv7(), kind: 'audit', payload: { action: 'fault_test', details: { note: 'a\u0000b' } } };
      seeded.splice(1_234, 0, badCode);
      seeded.splice(2_345, 0, poison);
      seeded.splice(3_210, 0, nul);
      const refused = new Set([badCode.id, poison.id, nul.id]);
      proxy.plan([
        'pass',
        'drop_before',
        'pass',
        'drop_after',
        'pass',
        'hang',
        'pass',
        'http_500',
        'http_500',
        'http_500',
        'pass',
        'http_429',
        'pass',
        'http_401',
        'pass',
        'http_502',
        'http_503',
      ]);
      await queueDirectly(page, seeded);
      const queuedAt = Date.now();
      await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Sync' }).click();
      await page.getByRole('button', { name: 'Send now' }).click();

      // New writes while replaying.
      await waitFor('the replay to get going', async () => proxy.stats.ingestRequests >= 8, 120_000);
      for (const q of ['1211', '1212', 'stroke']) await openProtocol(page, q);
      await screenshot(page, 'faults-replaying');

      // The browser is closed mid-replay and relaunched on the same profile.
      await waitFor('the fault plan to run out', async () => proxy.stats.ingestRequests >= 20, 180_000);
      await browser!.close();
      browser = null;
      const beforeRelaunch = await ledgerCount();
      page = await openApp();
      // Two tabs replaying at once: the Web Lock lets one send at a time.
      const second = await openApp();
      await openProtocol(second, 'seizure');
      // A 503 storm: requests stay few while it lasts.
      const stormStart = proxy.stats.ingestRequests;
      proxy.storm(20_000);
      await new Promise((resolve) => setTimeout(resolve, 20_000));
      const stormRequests = proxy.stats.ingestRequests - stormStart;
      await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Sync' }).click();
      await page.getByRole('button', { name: 'Send now' }).click();
      await waitFor(
        'the outbox to drain in the tabs',
        async () => (await readStore(page, 'outboxEvents')).length === 0,
        180_000,
      );
      const drainedAt = Date.now();

      // The service worker alone: records written while the server cannot answer, every page of
      // the app closed, then a Background Sync event dispatched through the DevTools protocol.
      proxy.hold(true);
      await openProtocol(page, 'burn');
      await openProtocol(second, 'drowning');
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const localIds = async (p: Page) =>
        (await Promise.all(['auditEvents', 'protocolUsage'].map((s) => readStore(p, s))))
          .flat()
          .map((r) => String(r['id']));
      const deviceIds = new Set([...(await localIds(page)), ...seeded.map((e) => e.id)]);
      await page.close();
      await second.close();
      const blank = await browser!.context.newPage();
      await blank.goto('about:blank');
      proxy.hold(false);
      const cdp = await browser!.context.newCDPSession(blank);
      const registrations: Array<{ registrationId: string; scopeURL: string }> = [];
      cdp.on(
        'ServiceWorker.workerRegistrationUpdated',
        (e: { registrations: Array<{ registrationId: string; scopeURL: string }> }) =>
          registrations.push(...e.registrations),
      );
      await cdp.send('ServiceWorker.enable');
      await waitFor('the worker registration', async () => registrations.some((r) => r.scopeURL === app.url), 10_000);
      const registrationId = registrations.find((r) => r.scopeURL === app.url)!.registrationId;
      const expected = [...deviceIds].filter((id) => !refused.has(id)); // every id the device made, except the three that cannot go
      const onServerOf = async (ids: string[]) =>
        Number(
          (
            await backend.db.query<{ n: string }>(
              'select count(*) as n from private.ingested_events where id = any($1::uuid[])',
              [ids],
            )
          ).rows[0]!.n,
        );
      await waitFor(
        'the worker alone to send the rest',
        async () => (await onServerOf(expected)) === expected.length,
        120_000,
        async () => {
          await cdp.send('ServiceWorker.dispatchSyncEvent', {
            origin: new URL(app.url).origin,
            registrationId,
            tag: 'rigside-outbox',
            lastChance: false,
          });
        },
      );

      // What the device holds now.
      // (its start-up audit event goes out within a second or so, like any other)
      page = await openApp();
      await waitFor(
        'the relaunched app to send its own start',
        async () => (await readStore(page, 'outboxEvents')).length === 0,
        30_000,
      );
      const parked = await readStore(page, 'deadLetters');
      expect(Object.fromEntries(parked.map((d) => [d['id'], d['code']]))).toEqual({
        [badCode.id]: 'PAYLOAD_INVALID',
        [poison.id]: '22P02',
        [nul.id]: 'UNSENDABLE',
      });
      for (const d of parked) expect(String(d['reason']).length).toBeGreaterThan(5);
      await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Sync' }).click();
      await page.getByTestId('dead-letters').scrollIntoViewIfNeeded();
      await screenshot(page, 'faults-after-refused');

      // What the server holds: every device event exactly once (the ledger's key), and nothing the
      // device did not make (the last relaunch may add its own start-up audit meanwhile).
      const { rows } = await backend.db.query<{ id: string }>(
        'select id from private.ingested_events where user_id = $1',
        [PARAMEDIC.id],
      );
      const onServer = new Set(rows.map((r) => r.id));
      const missing = [...deviceIds].filter((id) => !onServer.has(id) && !refused.has(id));
      expect(missing).toEqual([]);
      expect([...refused].filter((id) => onServer.has(id))).toEqual([]);
      const everythingLocal = new Set([...deviceIds, ...(await localIds(page))]);
      expect([...onServer].filter((id) => !everythingLocal.has(id))).toEqual([]);

      // Order per device: the server received the device's events in its sequence.
      const columns = await backend.db.query(
        "select 1 from information_schema.columns where table_schema = 'private' and table_name = 'ingested_events' and column_name = 'device_seq'",
      );
      let orderChecked = 0;
      if (columns.rowCount) {
        const ordered = await backend.db.query<{ id: string; kind: string; device_seq: string; received_at: Date }>(
          'select id, kind, device_seq, received_at from private.ingested_events where user_id = $1 and device_seq is not null order by device_seq',
          [PARAMEDIC.id],
        );
        const authoredWhenMade = ordered.rows.filter((row) => !claimed.has(row.id));
        const outOfOrder = authoredWhenMade.flatMap((row, i) => {
          const before = authoredWhenMade[i - 1];
          return before && row.received_at < before.received_at ? [{ before, after: row }] : [];
        });
        expect(outOfOrder).toEqual([]);
        orderChecked = authoredWhenMade.length;
      }

      expect(proxy.stats.inFlightMax).toBe(1);
      expect(stormRequests).toBeLessThanOrEqual(12);
      const figures = {
        events_created_on_device: deviceIds.size,
        on_server_exactly_once: onServer.size,
        parked_with_reason: parked.length,
        lost: missing.length,
        ingest_requests: proxy.stats.ingestRequests,
        faults: Object.fromEntries(Object.entries(proxy.stats.byFault).filter(([, n]) => n > 0)),
        batches_refused_whole_by_the_poison: proxy.stats.poisoned,
        requests_during_20s_503_storm: stormRequests,
        max_ingest_requests_in_flight: proxy.stats.inFlightMax,
        on_server_before_relaunch: beforeRelaunch,
        order_checked_for_events: orderChecked,
        seconds_from_queue_to_drained_in_tabs: Math.round((drainedAt - queuedAt) / 1000),
        seconds_total: Math.round((Date.now() - started) / 1000),
      };
      console.log(`sync under faults:\n${JSON.stringify(figures, null, 2)}`);
    },
  );
});
