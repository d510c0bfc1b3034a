import { describe, expect, it } from 'vitest';
import { readStore, screenshot, waitForServiceWorkerControl } from './harness';
import { builtAppInChromium } from './app-in-chromium';

const run = builtAppInChromium();

describe('dosing in Chromium, offline', () => {
  it('opens a 14 kg child, doses epinephrine IM, records it and queues it for sync', async () => {
    const { page, context } = run.browser;
    await page.goto(run.app.url);
    await waitForServiceWorkerControl(page);
    await context.setOffline(true);
    try {
      await page.reload();
      const nav = page.getByRole('navigation', { name: 'Screens' });
      await nav.getByRole('button', { name: 'Patient' }).click();
      await page.getByLabel('Age (yrs)').fill('3');
      await page.getByLabel('Weight (kg)').fill('14');
      await page.getByLabel('Chief complaint').fill('Hives and wheeze after a bee sting');
      await page.getByRole('button', { name: 'Save patient' }).click();
      await page.getByRole('button', { name: 'Switch patient' }).waitFor();
      await screenshot(page, 'patient-open');

      await nav.getByRole('button', { name: 'Dosing' }).click();
      // The open patient's weight is already in, with its tape colour, before a medication is picked.
      expect(await page.getByTestId('weight-band').textContent()).toBe('Yellow · 14 kg');
      await page.getByRole('combobox', { name: 'Medication' }).fill('epi');
      await screenshot(page, 'dosing-picker');
      await page.getByRole('option', { name: /^Epinephrine/ }).click();
      await page.getByRole('group', { name: 'Route' }).getByRole('button', { name: 'IM' }).click();
      expect(await page.getByLabel('Weight', { exact: true }).inputValue()).toBe('14');
      await expect.poll(() => page.getByTestId('dose-amount').textContent()).toBe('0.14 mg');
      expect(await page.getByTestId('dose-volume').textContent()).toBe('0.14 mL');
      expect(await page.getByTestId('color-band').textContent()).toContain('Yellow');
      await screenshot(page, 'dosing-epinephrine-14kg');

      await page.getByRole('button', { name: 'Confirm and record' }).click();
      await page.getByRole('button', { name: /Recorded/ }).waitFor();
      const calculations = await readStore(page, 'outboxEvents');
      const queued = calculations.filter((e) => e['kind'] === 'dosing_calculation');
      expect(queued).toHaveLength(1);
      expect(queued[0]?.['payload']).toMatchObject({
        dose: { value: 0.14, unit: 'mg' },
        volume_ml: 0.14,
        color: 'Yellow',
      });

      await nav.getByRole('button', { name: 'Patient' }).click();
      await expect.poll(() => page.getByTestId('dose-totals').textContent()).toContain('epinephrine 0.14 mg');

      await nav.getByRole('button', { name: 'Sync' }).click();
      await expect.poll(() => page.getByTestId('pending-dosing_calculation').textContent()).toBe('1');
      await screenshot(page, 'sync-after-dose');
      // The patient's complaint reached IndexedDB only sealed.
      const raw = JSON.stringify([await readStore(page, 'patientContexts'), await readStore(page, 'outboxEvents')]);
      expect(raw).not.toContain('bee sting');
    } finally {
      await context.setOffline(false);
    }
  });

  it('refuses a 33 kg three-year-old until the crew confirms the weight', async () => {
    const { page } = run.browser;
    await page.goto(`${run.app.url}#/dosing`);
    await page.getByRole('combobox', { name: 'Medication' }).fill('epi');
    await page.getByRole('option', { name: /^Epinephrine/ }).click();
    await page.getByRole('group', { name: 'Route' }).getByRole('button', { name: 'IM' }).click();
    await page.getByLabel('Weight', { exact: true }).fill('33');
    await page.getByLabel('Age (yrs)').fill('3');
    await expect
      .poll(() => page.getByTestId('dose-refusal').getAttribute('data-code'))
      .toBe('WEIGHT_IMPLAUSIBLE_FOR_AGE');
    expect(await page.getByTestId('dose-result').count()).toBe(0);
    await screenshot(page, 'dosing-refusal');
    await page.getByRole('button', { name: 'The weight is right' }).click();
    await expect.poll(() => page.getByTestId('dose-amount').textContent()).toBe('0.33 mg');
  });
});
