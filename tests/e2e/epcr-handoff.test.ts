// The ePCR hand-off in Chromium against the real local stack (Postgres, the API stand-in, the
// epcr-handoff function in Deno, the local NEMSIS receiver): a call closed offline syncs when the
// device is back online, the receiver validates and accepts its NEMSIS document, and the crew's
// Sync status and the console's hand-off page (a medical director signed in) show it sent. Then
// a call the receiver refuses for the schema shows as needing correction with the receiver's
// reasons, and once a director sends it again (with what was fixed, in the audit trail) as sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, waitForServiceWorkerControl, type Browser, type RunningApp } from './harness';
import { buildAndServe, DEMO_PASSWORD, DIRECTOR, PARAMEDIC, startBackend, type Backend } from './backend';
import { captureConsole, consoleSignIn } from './console-pages';

let backend: Backend;
let app: RunningApp;
let browser: Browser;
let desk: Browser | undefined;

beforeAll(async () => {
  backend = await startBackend('handoff', { handoff: { intervalMs: 1_000, pollDelaysMs: [100, 200] } });
  app = await buildAndServe('handoff', backend.stack.apiUrl, backend.stack.anonKey);
  browser = await launchBrowser();
});
afterAll(async () => {
  await desk?.close();
  await browser?.close();
  await app?.close();
  await backend?.stop();
});

describe('a call closed offline reaches the ePCR once online', () => {
  it('syncs, is accepted by the NEMSIS receiver, and shows as sent', async () => {
    const { page, context } = browser;
    const receiver = backend.stack.handoff?.receiver;
    if (!receiver) throw new Error('the local stack started no NEMSIS receiver');
    await page.goto(`${app.url}#/sign-in`);
    await waitForServiceWorkerControl(page);
    await page.getByLabel('Email').fill(PARAMEDIC.email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.locator('#main').getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => page.getByTestId('crew').textContent()).toMatch(/Dana Ortiz/);
    // The app's start-up audit events, made before the sign-in, are hers too.
    await page.getByRole('button', { name: 'They are mine: send them' }).click();

    const nav = page.getByRole('navigation', { name: 'Screens' });
    await context.setOffline(true);
    try {
      await nav.getByRole('button', { name: 'Patient' }).click();
      await page.getByLabel('Age (yrs)').fill('3');
      await page.getByLabel('Weight (kg)').fill('14');
      await page.getByLabel('Chief complaint').fill('Hives after a bee sting');
      await page.getByRole('button', { name: 'Save patient' }).click();
      await page.getByRole('button', { name: 'Switch patient' }).waitFor();
      await nav.getByRole('button', { name: 'Dosing' }).click();
      await page.getByRole('combobox', { name: 'Medication' }).fill('epi');
      await page.getByRole('option', { name: /^Epinephrine/ }).click();
      await page.getByRole('group', { name: 'Route' }).getByRole('button', { name: 'IM' }).click();
      await expect.poll(() => page.getByTestId('dose-amount').textContent()).toBe('0.14 mg');
      await page.getByRole('button', { name: 'Confirm and record' }).click();
      await page.getByRole('button', { name: /Recorded/ }).waitFor();
      await page.goto(`${app.url}#/protocol/1219-P`);
      await page.getByRole('button', { name: 'Apply to patient' }).click();
      await page.getByRole('button', { name: 'Applied ✓' }).waitFor();

      await nav.getByRole('button', { name: 'Narrative' }).click();
      await page.getByRole('group', { name: 'Draft the narrative as' }).getByRole('button', { name: 'CHART' }).click();
      await expect.poll(() => page.getByLabel('Narrative text').inputValue()).toContain('Epinephrine 0.14 mg IM');
      await page.getByLabel('Narrative text').press('End');
      await page.getByLabel('Narrative text').pressSequentially(' To the EDAP.');
      await page.getByRole('button', { name: 'Save narrative' }).click();
      await page.getByText('Saved as version 1').waitFor();
      const pick = (label: string, value: string) => page.getByLabel(label, { exact: true }).selectOption(value);
      await pick('Dispatch reason', 'allergic_reaction');
      await pick('Type of service', 'emergency');
      await pick('Response mode', 'emergent');
      await pick('Unit disposition', 'patient_contact');
      await pick('Transport', 'this_unit');
      await pick('Provider impression', 'ANPH');
      await page.getByLabel('Dispatched at (HH:MM)').fill(
        new Date(Date.now() - 10 * 60_000).toLocaleTimeString('en-GB', {
          hour: '2-digit',
          minute: '2-digit',
          hour12: false,
        }),
      );
      await page.getByLabel('Vehicle number').fill('RA-51');
      await page.getByLabel('Call sign').fill('Rescue 51');
      await pick('Unit', 'ground_als');
      await page.getByLabel('Your crew ID').fill('P-4471');
      await pick('Level', 'paramedic');
      await page.getByRole('button', { name: 'Close call and send to the ePCR' }).click();
      await page.getByTestId('call-closed').waitFor();
      await screenshot(page, 'narrative-call-closed-offline');
      expect(receiver.reports()).toEqual([]);
    } finally {
      await context.setOffline(false);
    }

    // Online: the outbox drains, the function submits, the receiver validates and accepts.
    await nav.getByRole('button', { name: 'Sync' }).click();
    await expect.poll(() => page.getByTestId('pending-total').textContent(), { timeout: 60_000 }).toBe('(0)');
    await expect.poll(() => receiver.reports().length, { timeout: 60_000 }).toBe(1);
    const [report] = receiver.reports();
    expect(report?.statusCode).toBe(1);
    const { rows } = await backend.db.query<{ status: string; report_uuid: string; user_id: string }>(
      'select status::text, report_uuid, user_id from public.epcr_submissions',
    );
    expect(rows).toEqual([{ status: 'sent', report_uuid: report?.reportUuid, user_id: PARAMEDIC.id }]);

    // The crew sees it sent on Sync status, and so does a medical director reading the hand-off.
    await page.getByRole('button', { name: 'Check the hand-off again' }).click();
    await expect
      .poll(() => page.getByTestId('handoffs').locator('li').first().getAttribute('data-status'), { timeout: 30_000 })
      .toBe('sent');
    await page.getByTestId('handoffs').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'sync-handoff-sent');
    const director = await backend.signedIn(DIRECTOR.email);
    const { data, error } = await director.rpc('list_epcr_submissions', { p_limit: 10 });
    expect(error).toBeNull();
    expect((data as Array<{ status: string; user_id: string }>).map((r) => [r.status, r.user_id])).toEqual([
      ['sent', PARAMEDIC.id],
    ]);

    // The console's hand-off page, a medical director signed in at a desk.
    desk = await launchBrowser({ width: 1280, height: 900 });
    await consoleSignIn(desk.page, app.url, DIRECTOR.email);
    await openHandoffPage(desk.page);
    const row = desk.page.locator('.handoff-table tbody tr').first();
    await expect.poll(() => row.getAttribute('data-stage')).toBe('sent');
    expect(await row.textContent()).toMatch(/Dana Ortiz.*Sent.*Accepted at.*1: imported/s);
    await captureConsole(desk.page, 'handoff-sent');
  });
});

async function openHandoffPage(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'ePCR hand-off' }).click();
  await page.getByRole('heading', { name: 'ePCR hand-off' }).waitFor();
}

describe('a call the ePCR refuses for the schema', () => {
  it('shows as needing correction with the receiver’s reasons, and as sent once a director sends it again', async () => {
    const receiver = backend.stack.handoff?.receiver;
    if (!receiver || !desk) throw new Error('the first test started no receiver or console');
    const page = desk.page;
    // The next submission is refused for the schema (NEMSIS status -12), as a real repository
    // refuses a document its XSD rejects; the call reaches the server as the device sends it.
    receiver.script([{ statusCode: -12 }]);
    const encounter = JSON.parse(
      readFileSync(resolve(import.meta.dirname, '../nemsis/encounters/pediatric-anaphylaxis-14kg.json'), 'utf8'),
    ) as Record<string, unknown>;
    const medic = await backend.signedIn(PARAMEDIC.email);
    const sent = await medic.rpc('ingest_events', {
      events: [
        {
          id: crypto.randomUUID(),
          kind: 'call_closed',
          occurred_at: new Date().toISOString(),
          payload: {
            context_id: null,
            encounter: { ...encounter, reportUuid: crypto.randomUUID(), pcrNumber: 'RS-SCHEMA-1' },
          },
        },
      ],
    });
    expect(sent.error).toBeNull();

    await page.getByRole('combobox', { name: 'Status' }).selectOption('needs_correction');
    await expect.poll(() => page.url()).toMatch(/stage=needs_correction/);
    const row = page.locator('.handoff-table tbody tr').first();
    await expect
      .poll(
        async () => {
          await page.getByRole('combobox', { name: 'Status' }).selectOption('');
          await page.getByRole('combobox', { name: 'Status' }).selectOption('needs_correction');
          return row.getAttribute('data-stage');
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe('needs_correction');
    expect(await row.textContent()).toMatch(/RS-SCHEMA-1.*Needs correction.*-12: failed XML \(schema\) validation/s);
    expect(await page.getByRole('button', { name: /Needs correction/ }).textContent()).toMatch(/^1/);
    await captureConsole(page, 'handoff-needs-correction');

    // Fixed on the receiving side: a director sends it again, saying what was fixed.
    await page.getByRole('button', { name: 'Send RS-SCHEMA-1 again' }).click();
    await page
      .getByRole('textbox', { name: /What was fixed/ })
      .fill('The county enabled the v3.5.0 schema for our agency.');
    await captureConsole(page, 'handoff-send-again');
    await page.getByRole('button', { name: 'Send it again', exact: true }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/RS-SCHEMA-1 is back in the queue/);
    await expect.poll(() => receiver.reports().map((r) => r.pcrNumber), { timeout: 30_000 }).toContain('RS-SCHEMA-1');
    await page.getByRole('combobox', { name: 'Status' }).selectOption('sent');
    await expect
      .poll(() => page.locator('.handoff-table tbody tr').first().textContent(), { timeout: 15_000 })
      .toMatch(/RS-SCHEMA-1.*Sent.*Sent again by Dr\. Priya Raman/s);
    const { rows } = await backend.db.query<{ details: Record<string, unknown> }>(
      "select details from public.audit_logs where action = 'epcr_submission_requeued'",
    );
    expect(rows.map((r) => r.details)).toEqual([
      expect.objectContaining({
        pcr_number: 'RS-SCHEMA-1',
        from_status: 'needs_correction',
        status_code: -12,
        reason: 'The county enabled the v3.5.0 schema for our agency.',
      }),
    ]);
  });
});
