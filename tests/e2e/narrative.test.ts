// The narrative and the NEMSIS export in Chromium, offline: open a 14 kg child, give a dose,
// apply a protocol, draft each format, edit a CHART draft, reload (the edit survives), save,
// and export the XML, which NEMSIS's schema accepts.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNemsisValidator, nemsisSchemaAvailable } from '../../supabase/local/nemsis/xsd';
import { axeViolations } from './axe';
import {
  launchBrowser,
  readStore,
  screenshot,
  serveBuiltApp,
  waitForServiceWorkerControl,
  type Browser,
  type RunningApp,
} from './harness';

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  app = await serveBuiltApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('narrative and NEMSIS export in Chromium, offline', () => {
  it('drafts, edits, keeps through a reload, saves and exports a 14 kg child’s call', async () => {
    const { page, context } = browser;
    await page.goto(app.url);
    await waitForServiceWorkerControl(page);
    await context.setOffline(true);
    try {
      await page.reload();
      const nav = page.getByRole('navigation', { name: 'Screens' });
      await nav.getByRole('button', { name: 'Patient' }).click();
      await page.getByLabel('Age (yrs)').fill('3');
      await page.getByLabel('Weight (kg)').fill('14');
      await page.getByRole('group', { name: 'Sex' }).getByRole('button', { name: 'female' }).click();
      await page.getByLabel('Chief complaint').fill('Hives and wheeze after peanuts');
      await page.getByLabel('Allergies (comma separated)').fill('peanuts');
      await page.getByRole('button', { name: 'Save patient' }).click();
      await page.getByRole('button', { name: 'Switch patient' }).waitFor();
      await page.getByLabel('HR').fill('168');
      await page.getByLabel('SpO₂').fill('91');
      await page.getByRole('button', { name: 'Add vitals now' }).click();

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
      const text = page.getByLabel('Narrative text');
      for (const [format, name] of [
        ['SOAP', 'soap'],
        ['Chronological', 'chronological'],
        ['CHART', 'chart'],
      ] as const) {
        await page.getByRole('group', { name: 'Draft the narrative as' }).getByRole('button', { name: format }).click();
        await expect.poll(() => text.inputValue()).toContain('Epinephrine 0.14 mg IM (0.14 mL of 1 mg/mL)');
        await screenshot(page, `narrative-${name}`);
        await screenshot(page, `narrative-${name}-full`, { fullPage: true });
      }
      expect(await text.inputValue()).toMatch(
        /^C: Hives and wheeze after peanuts\.\n\nH: 3-year-old female, 14 kg\.\nAllergies: peanuts\./,
      );
      expect(await text.inputValue()).toContain('R: Protocols: TP 1219-P');
      expect(await axeViolations(page)).toEqual([]);

      // The crew writes the transport line; closing the app mid-sentence loses nothing.
      await text.press('End');
      await text.pressSequentially(' To the EDAP, mother with pt');
      // The screen says when the last edit is kept; then the app may be closed.
      await page.getByText('Edited · kept sealed on this device').waitFor();
      await page.reload();
      await nav.getByRole('button', { name: 'Narrative' }).click();
      await page.getByRole('button', { name: /Patient started/ }).click();
      await expect.poll(() => text.inputValue()).toMatch(/T: To the EDAP, mother with pt$/);
      expect(await page.getByText('Edited · kept sealed on this device').count()).toBe(1);

      // Drafting again would lose the edit: it asks, and keeping the edits keeps them.
      await page.getByRole('group', { name: 'Draft the narrative as' }).getByRole('button', { name: 'SOAP' }).click();
      await page.getByRole('alertdialog').waitFor();
      await screenshot(page, 'narrative-replace-edits');
      await page.getByRole('button', { name: 'Keep my edits' }).click();
      expect(await text.inputValue()).toMatch(/T: To the EDAP, mother with pt$/);

      await page.getByRole('button', { name: 'Save narrative' }).click();
      await page.getByText('Saved as version 1').waitFor();
      const queued = (await readStore(page, 'outboxEvents')).filter((e) => e['kind'] === 'narrative');
      expect(queued.map((e) => e['payload'])).toEqual([
        expect.objectContaining({ format: 'chart', content: expect.stringMatching(/mother with pt$/) }),
      ]);
      // At rest the text is sealed: only the queued event, which the server must receive, holds it.
      expect(
        JSON.stringify([await readStore(page, 'narrativeDrafts'), await readStore(page, 'narratives')]),
      ).not.toContain('mother with pt');

      // The call details NEMSIS needs, then the export, offline.
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
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export NEMSIS XML' }).click(),
      ]);
      const xml = readFileSync(await download.path(), 'utf8');
      await page
        .getByRole('status')
        .filter({ hasText: 'Exported' })
        .evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await screenshot(page, 'narrative-exported');
      expect(xml).toContain('<eExam.01>14</eExam.01>');
      expect(xml).toContain('<eMedications.03>328316</eMedications.03>');
      expect(xml).toContain('<eProtocols.01>9914111</eProtocols.01>');
      expect(xml).toMatch(/<eNarrative.01>C: Hives[\s\S]*mother with pt<\/eNarrative.01>/);
      if (nemsisSchemaAvailable()) {
        const xsd = loadNemsisValidator();
        try {
          expect(xsd.validate(xml)).toEqual([]);
        } finally {
          xsd.dispose();
        }
      }
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.setOffline(false);
    }
  });
});
