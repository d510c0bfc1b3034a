// The formulary is data, end to end: a medication record changed on the server (loaded as the
// service role with load_reference_dataset, as agency IT loads a formulary) reaches a signed-in
// device with a pull, and with the network off the Dosing screen gives the new dose and records
// the version of the record it came from. No app build happens in between.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleDataset } from '../../src/reference/assemble-dataset';
import { buildAndServe, DEMO_PASSWORD, PARAMEDIC, startBackend, type Backend } from './backend';
import {
  launchBrowser,
  readStore,
  screenshot,
  waitForServiceWorkerControl,
  type Browser,
  type RunningApp,
} from './harness';

let backend: Backend;
let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  backend = await startBackend('formulary');
  app = await buildAndServe('formulary', backend.stack.apiUrl, backend.stack.anonKey);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await backend?.stop();
});

const REVISED = 'lac-e2e-epinephrine-revision-2';

/** The IM epinephrine dose for a 14 kg child, as the Dosing screen shows it now. */
async function epinephrineFor14kg(page: Browser['page']): Promise<{ dose: string | null; volume: string | null }> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Dosing' }).click();
  const picker = page.getByRole('combobox', { name: 'Medication' });
  await picker.fill('');
  await picker.fill('epinephrine');
  // Right after a pull the formulary reloads and the list is drawn again (slowly on a loaded
  // machine; what was typed stays): pick until the click holds.
  await expect
    .poll(
      async () =>
        page
          .getByRole('option', { name: /^Epinephrine/ })
          .click({ timeout: 2_000 })
          .then(() => true)
          .catch(() => false),
      { timeout: 30_000 },
    )
    .toBe(true);
  await page.getByRole('group', { name: 'Route' }).getByRole('button', { name: 'IM' }).click();
  await page.getByLabel('Weight', { exact: true }).fill('14');
  await page.getByTestId('dose-amount').waitFor();
  return {
    dose: await page.getByTestId('dose-amount').textContent(),
    volume: await page.getByTestId('dose-volume').textContent(),
  };
}

describe('a formulary record changed on the server', () => {
  it('reaches a signed-in device by a pull and changes the dose it gives offline', async () => {
    const { page, context } = browser;
    await page.goto(`${app.url}#/sign-in`);
    await waitForServiceWorkerControl(page);
    await page.getByLabel('Email').fill(PARAMEDIC.email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.locator('#main').getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByTestId('crew').waitFor({ timeout: 30_000 });
    // The first pull replaces the shipped bundle with the server's copy of the same dataset.
    await expect
      .poll(async () => (await readStore(page, 'datasetMeta'))[0]?.['referenceVersion'], { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect(await epinephrineFor14kg(page)).toEqual({ dose: '0.14 mg', volume: '0.14 mL' });

    // Agency IT loads a formulary whose pediatric IM epinephrine is 0.015 mg/kg (a test value).
    const assembled = await assembleDataset();
    if (!assembled.ok) throw new Error(assembled.problems.join('; '));
    const dataset = assembled.bundle;
    const epinephrine = dataset.medications.find((m) => m.id === 'epinephrine')!;
    for (const rule of epinephrine.rules)
      if (rule.population === 'pediatric' && rule.routes.includes('IM'))
        rule.dose = { kind: 'per_kg', per_kg: 0.015, max: 0.5 };
    epinephrine.formulary_version = REVISED;
    const loaded = await backend.service.rpc('load_reference_dataset', { dataset });
    expect(loaded.error).toBeNull();
    expect(loaded.data).toMatchObject({ medications: { changed: 1, retired: 0 } });

    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Sync' }).click();
    await page.getByRole('button', { name: 'Check for protocol updates' }).click();
    await expect
      .poll(() => page.getByTestId('reference-update').textContent(), { timeout: 30_000 })
      .toMatch(/Medications changed: epinephrine/);
    await screenshot(page, 'formulary-pulled');

    await context.setOffline(true);
    try {
      await page.reload();
      expect(await epinephrineFor14kg(page)).toEqual({ dose: '0.21 mg', volume: '0.21 mL' });
      await screenshot(page, 'formulary-dose-offline');
      await page.getByRole('button', { name: 'Confirm and record' }).click();
      await page.getByRole('button', { name: /Recorded/ }).waitFor();
      const queued = (await readStore(page, 'outboxEvents')).filter((e) => e['kind'] === 'dosing_calculation');
      expect(queued.map((e) => e['payload'])).toEqual([
        expect.objectContaining({ dose: { value: 0.21, unit: 'mg' }, volume_ml: 0.21, formulary_version: REVISED }),
      ]);
    } finally {
      await context.setOffline(false);
    }
  });
});
