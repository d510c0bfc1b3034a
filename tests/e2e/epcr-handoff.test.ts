// The ePCR hand-off in Chromium against the real local stack (Postgres, the API stand-in, the
// epcr-handoff function in Deno, the local NEMSIS receiver): a call closed offline syncs when the
// device is back online, the receiver validates and accepts its NEMSIS document, and the crew's
// Sync status and a medical director's read of the hand-off show it sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, waitForServiceWorkerControl, type Browser, type RunningApp } from './harness';
import { buildAndServe, DEMO_PASSWORD, DIRECTOR, PARAMEDIC, startBackend, type Backend } from './backend';

let backend: Backend;
let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  backend = await startBackend('handoff', { handoff: { intervalMs: 1_000, pollDelaysMs: [100, 200] } });
  app = await buildAndServe('handoff', backend.stack.apiUrl, backend.stack.anonKey);
  browser = await launchBrowser();
});
afterAll(async () => {
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
  });
});
