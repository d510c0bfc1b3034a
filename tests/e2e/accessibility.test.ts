// axe-core (WCAG 2.1 A and AA rules) on every screen of the built app, in every theme, in
// Chromium. Each screen is visited in the states a crew sees: empty, with results, with a dose
// and a refusal, with a patient open. Zero violations is the bar; the list printed on failure
// names the theme, the screen, the rule and the first element it found.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from './harness';
import { builtAppInChromium } from './app-in-chromium';

const run = builtAppInChromium();

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function violations(page: Page, where: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  return result.violations.flatMap((v) => v.nodes.map((n) => `${where}: ${v.id} at ${n.target.join(' ')} (${v.help})`));
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Screens' });

/** The screens in the states a crew meets them, each ending with the page ready to check. */
const STATES: Array<[name: string, reach: (page: Page, url: string) => Promise<void>]> = [
  [
    'search, empty',
    async (page, url) => {
      await page.goto(`${url}#/search`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.getByRole('searchbox').waitFor();
    },
  ],
  [
    'search, results',
    async (page) => {
      await page.getByRole('searchbox').fill('chest pain');
      await page.getByText('Cardiac Chest Pain').first().waitFor();
    },
  ],
  [
    'protocol',
    async (page, url) => {
      await page.goto(`${url}#/protocol/1211`);
      await page.getByRole('heading', { level: 1, name: /Cardiac Chest Pain/ }).waitFor();
    },
  ],
  [
    'dosing, empty',
    async (page, url) => {
      await page.goto(`${url}#/dosing`);
      await page.getByRole('combobox', { name: 'Medication' }).waitFor();
    },
  ],
  [
    'dosing, picker open',
    async (page) => {
      await page.getByRole('combobox', { name: 'Medication' }).fill('epi');
      await page.getByRole('option', { name: /^Epinephrine/ }).waitFor();
    },
  ],
  [
    'dosing, a dose',
    async (page) => {
      await page.getByRole('option', { name: /^Epinephrine/ }).click();
      await page.getByRole('group', { name: 'Route' }).getByRole('button', { name: 'IM' }).click();
      await page.getByLabel('Weight', { exact: true }).fill('14');
      await page.getByTestId('dose-amount').waitFor();
    },
  ],
  [
    'dosing, a refusal',
    async (page) => {
      await page.getByLabel('Age (yrs)').fill('3');
      await page.getByLabel('Weight', { exact: true }).fill('33');
      await page.getByTestId('dose-refusal').waitFor();
    },
  ],
  [
    'patient, new',
    async (page) => {
      await nav(page).getByRole('button', { name: 'Patient' }).click();
      await page.getByRole('button', { name: 'Save patient' }).waitFor();
    },
  ],
  [
    'patient, open',
    async (page) => {
      await page.getByLabel('Age (yrs)').fill('3');
      await page.getByLabel('Weight (kg)').fill('14');
      await page.getByRole('button', { name: 'Save patient' }).click();
      await page.getByRole('button', { name: 'Switch patient' }).waitFor();
      await page.getByLabel('HR').fill('120');
      await page.getByRole('button', { name: 'Add vitals now' }).click();
      await page.getByRole('table').waitFor();
    },
  ],
  [
    'narrative',
    async (page) => {
      await nav(page).getByRole('button', { name: 'Narrative' }).click();
      await page.getByRole('heading', { level: 1 }).waitFor();
    },
  ],
  [
    'sync status',
    async (page) => {
      await nav(page).getByRole('button', { name: 'Sync' }).click();
      await page.getByRole('heading', { level: 1, name: 'Sync status' }).waitFor();
    },
  ],
  [
    'sign-in',
    async (page, url) => {
      await page.goto(`${url}#/sign-in`);
      await page.getByRole('heading', { level: 1 }).waitFor();
    },
  ],
];

describe('accessibility in Chromium (axe-core, WCAG 2.1 A and AA)', () => {
  it.each(['light', 'dark', 'sunlight'])('has no violations on any screen in the %s theme', async (theme) => {
    const { page } = run.browser;
    await page.goto(run.app.url);
    await page.evaluate((t) => localStorage.setItem('rigside.theme', t), theme);
    await page.reload();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
    const found: string[] = [];
    for (const [name, reach] of STATES) {
      await reach(page, run.app.url);
      found.push(...(await violations(page, `${theme} / ${name}`)));
      if (name === 'search, empty' || name === 'dosing, a dose')
        await screenshot(page, `a11y-${theme}-${name.replace(/\W+/g, '-')}`);
    }
    if (found.length > 0) console.error(found.join('\n'));
    expect(found).toEqual([]);
  });
});
