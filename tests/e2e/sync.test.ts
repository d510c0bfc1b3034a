// Sign-in and two-way sync in Chromium against the real local backend: records made on the
// device reach the server under the right name, sign-out guards unsent work, and a protocol
// version approved on the server reaches the device and its offline search.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  readStore,
  screenshot,
  waitForServiceWorkerControl,
  type Browser,
  type RunningApp,
} from './harness';
import { ADMIN, buildAndServe, DEMO_PASSWORD, DIRECTOR, PARAMEDIC, startBackend, type Backend } from './backend';
import { agencyDate } from '../db/agency-calendar';

let backend: Backend;
let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  backend = await startBackend('sync');
  app = await buildAndServe('sync', backend.stack.apiUrl, backend.stack.anonKey);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await backend?.stop();
});

const serverCount = async (sql: string, params: unknown[] = []) =>
  Number((await backend.db.query<{ n: string }>(sql, params)).rows[0]?.n ?? 0);

describe('sign-in and sending, in Chromium', () => {
  it('holds what was done before sign-in, sends it once claimed, and names the crew member', async () => {
    const { page } = browser;
    await page.goto(app.url);
    await waitForServiceWorkerControl(page);
    // Search never waits for a sign-in: open a protocol first.
    await page.getByRole('searchbox').fill('chest pain');
    await page.getByTestId('results').getByRole('button').first().click();
    await page.getByRole('heading', { level: 1, name: /TP 1211/ }).waitFor();

    // The first screen offers the sign-in.
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Search' }).click();
    await screenshot(page, 'search-home-sign-in-prompt');
    await page.locator('.sign-in-prompt').getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Email').fill(PARAMEDIC.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.locator('#main').getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => page.locator('#main').getByRole('alert').textContent()).toMatch(/do not match an account/);
    await screenshot(page, 'sign-in-wrong-password');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.locator('#main').getByRole('button', { name: 'Sign in', exact: true }).click();

    await expect
      .poll(() => page.getByTestId('crew').textContent())
      .toMatch(/Dana Ortiz.*paramedic, North Valley Fire Department, Station 12/);
    await expect.poll(() => page.getByTestId('unowned').textContent()).toMatch(/made while nobody was signed in/);
    expect(
      await serverCount('select count(*) as n from public.protocol_usage where user_id = $1', [PARAMEDIC.id]),
    ).toBe(0);
    await screenshot(page, 'sync-signed-in-unowned');
    await page.getByRole('button', { name: 'They are mine: send them' }).click();

    await expect.poll(() => page.getByTestId('pending-total').textContent(), { timeout: 30_000 }).toBe('(0)');
    expect(
      await serverCount("select count(*) as n from public.protocol_usage where user_id = $1 and tp_code = '1211'", [
        PARAMEDIC.id,
      ]),
    ).toBe(1);
    expect(
      await serverCount(
        "select count(*) as n from public.audit_logs where user_id = $1 and action in ('protocol_viewed', 'signed_in', 'records_claimed')",
        [PARAMEDIC.id],
      ),
    ).toBe(3);
    // The server keeps each event's device and place in the device's order.
    expect(await page.getByTestId('last-success').textContent()).not.toMatch(/Never/);
    await screenshot(page, 'sync-drained');
  });

  it('refuses sign-out while records wait, then lets the crew member go once they are sent', async () => {
    const { page, context } = browser;
    await context.setOffline(true);
    try {
      await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Search' }).click();
      await page.getByRole('searchbox').fill('1212');
      await page.getByTestId('results').getByRole('button').first().click();
      await page.getByRole('heading', { level: 1, name: /TP 1212/ }).waitFor();
      await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Sync' }).click();
      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await expect
        .poll(() => page.getByRole('alert').first().textContent())
        .toMatch(/record\(s\) are waiting to be sent/);
      expect(await page.getByTestId('crew').textContent()).toMatch(/Dana Ortiz/);
      await screenshot(page, 'sync-sign-out-refused');
    } finally {
      await context.setOffline(false);
    }
    await expect.poll(() => page.getByTestId('pending-total').textContent(), { timeout: 30_000 }).toBe('(0)');
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect.poll(() => page.locator('#main').getByRole('status').first().textContent()).toMatch(/Signed out/);
    expect(
      await serverCount("select count(*) as n from public.protocol_usage where user_id = $1 and tp_code = '1212'", [
        PARAMEDIC.id,
      ]),
    ).toBe(1);
  });
});

describe('a protocol version approved on the server reaches the device', () => {
  it('is pulled by a signed-in device and found by an offline search', async () => {
    const { page, context } = browser;
    const phrase = 'quinquireme checkpoint drill';
    const admin = await backend.signedIn(ADMIN.email);
    const director = await backend.signedIn(DIRECTOR.email);
    const { rows } = await backend.db.query<{ record: Record<string, unknown> }>(
      "select private.protocol_record(p) - 'version' - 'effective_date' as record from public.protocols p where tp_code = '1211'",
    );
    const record = rows[0]!.record as { sections: Array<{ items: string[] }> };
    record.sections[0]!.items.push(`Run the ${phrase} before any transport decision.`);

    const draft = await admin.rpc('create_reference_draft', {
      kind: 'protocol',
      record_key: '1211',
      content: record,
      change_log: [{ type: 'Addition', section: 'Assessment', description: 'Adds the checkpoint drill.' }],
    });
    expect(draft.error).toBeNull();
    const id = (draft.data as { id: string }).id;
    expect((await admin.rpc('submit_reference_version', { version_id: id })).error).toBeNull();
    expect((await director.rpc('approve_reference_version', { version_id: id })).error).toBeNull();
    expect(
      (await director.rpc('schedule_reference_version', { version_id: id, effective_date: agencyDate() })).error,
    ).toBeNull();
    const activated = await backend.service.rpc('activate_due_reference_versions');
    expect(activated.error).toBeNull();

    // Sign in again (the previous test signed out); a sign-in pulls.
    // Sync status offers it too.
    await page.locator('#main').getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByLabel('Email').fill(PARAMEDIC.email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.locator('#main').getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('reference-update').textContent(), { timeout: 30_000 })
      .toMatch(/Protocols updated to version \d+.*Protocols changed: .*1211/s);
    await expect.poll(() => page.getByTestId('search-status').textContent(), { timeout: 30_000 }).toMatch(/Ready/);
    await screenshot(page, 'sync-protocols-updated');

    await context.setOffline(true);
    try {
      await page.reload();
      await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Search' }).click();
      await page.getByRole('searchbox').fill('quinquireme');
      const first = page.getByTestId('results').getByRole('button').first();
      await expect.poll(() => first.textContent(), { timeout: 20_000 }).toContain('1211');
      await first.click();
      await expect.poll(() => page.getByText(phrase).count()).toBeGreaterThan(0);
      await screenshot(page, 'protocol-1211-updated-offline');
      const mirrored = await readStore(page, 'datasetMeta');
      expect(mirrored[0]?.['referenceVersion']).toBeGreaterThan(0);
    } finally {
      await context.setOffline(false);
    }
  });
});
