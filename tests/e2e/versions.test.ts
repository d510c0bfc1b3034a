// Versions, from draft to every rig (issue 15), in Chromium against the real local backend: a
// medical director drafts a pediatric epinephrine dose change in the console (a form checked
// with the device's own schemas), sees it diffed against the record in force and submits it; a
// second director approves it and schedules it for today; the activation runs exactly as pg_cron
// runs it; the crew device pulls it, gives the new dose on the Dosing screen offline, and shows
// what changed. Then a director starts a brand-new medication, fills in a dose rule in the form,
// adds a second one and takes it out again, and saves the draft against no active version.
// Screenshots of the new console pages at 1280 and 768 px, each checked with axe.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe';
import { captureConsole } from './console-pages';
import { agencyDate } from '../db/agency-calendar';
import { buildAndServe, DEMO_PASSWORD, DIRECTOR, PARAMEDIC, startBackend, type Backend } from './backend';
import {
  launchBrowser,
  readStore,
  REPO_ROOT,
  screenshot,
  waitForServiceWorkerControl,
  type Browser,
  type RunningApp,
} from './harness';

const SECOND_DIRECTOR = 'director2@north-valley.example';
const RULE = 'epinephrine-pediatric-anaphylaxis';

let backend: Backend;
let app: RunningApp;
let crew: Browser;
let desk: Browser;
let versionUrl = '';

beforeAll(async () => {
  backend = await startBackend('versions');
  await backend.liftRateLimits();
  app = await buildAndServe('versions', backend.stack.apiUrl, backend.stack.anonKey);
  crew = await launchBrowser();
  desk = await launchBrowser({ width: 1280, height: 900 });
});
afterAll(async () => {
  await crew?.close();
  await desk?.close();
  await app?.close();
  await backend?.stop();
});

async function expectAccessible(page: Page, label: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `${label}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

async function capture(page: Page, name: string): Promise<void> {
  for (const width of [1280, 768]) {
    await page.setViewportSize({ width, height: 900 });
    await expectAccessible(page, `${name} at ${width} px`);
    await screenshot(page, `console-${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function consoleSignIn(page: Page, email: string): Promise<void> {
  await page.goto(new URL('/console', app.url).href);
  await page.getByRole('heading', { name: 'Sign in to the Rigside console' }).waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'QI review queue' }).waitFor();
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Versions' }).click();
  await page.getByRole('heading', { name: 'Protocol and medication versions' }).waitFor();
}

/** The IM epinephrine dose for a 14 kg child with anaphylaxis, as the Dosing screen shows it now. */
async function epinephrineFor14kg(page: Page): Promise<{ dose: string | null; volume: string | null }> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Dosing' }).click();
  const picker = page.getByRole('combobox', { name: 'Medication' });
  await picker.fill('');
  await picker.fill('epinephrine');
  // The formulary may be reloading after a pull (the list is drawn again): pick until it holds.
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
  await page
    .getByRole('group', { name: 'Indication' })
    .getByRole('button', { name: /^anaphylaxis$/i })
    .click();
  await page.getByLabel('Weight', { exact: true }).fill('14');
  await page
    .getByTestId('dose-amount')
    .waitFor({ timeout: 15_000 })
    .catch(async (error: unknown) => {
      await screenshot(page, 'versions-dosing-failed');
      throw error;
    });
  return {
    dose: await page.getByTestId('dose-amount').textContent(),
    volume: await page.getByTestId('dose-volume').textContent(),
  };
}

describe('a medication dose change, from the console to the rig', () => {
  it('starts with the dose in force on a signed-in crew device', async () => {
    const { page } = crew;
    await page.goto(`${app.url}#/sign-in`);
    await waitForServiceWorkerControl(page);
    await page.getByLabel('Email').fill(PARAMEDIC.email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.locator('#main').getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByTestId('crew').waitFor({ timeout: 30_000 });
    await expect
      .poll(async () => (await readStore(page, 'datasetMeta'))[0]?.['referenceVersion'], { timeout: 30_000 })
      .toBeGreaterThan(0);
    // Let the first pull settle (the formulary reloaded from the server's data, the index rebuilt).
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Sync' }).click();
    await expect
      .poll(() => page.getByTestId('formulary-status').textContent(), { timeout: 60_000 })
      .toMatch(/from dataset server-\d+/);
    await expect.poll(() => page.getByTestId('search-status').textContent(), { timeout: 60_000 }).toMatch(/Ready/);
    expect(await epinephrineFor14kg(page)).toEqual({ dose: '0.14 mg', volume: '0.14 mL' });
  });

  it('is drafted by a medical director in a form the device schemas check, diffed and submitted', async () => {
    const { page } = desk;
    await consoleSignIn(page, DIRECTOR.email);
    await capture(page, 'versions');

    await page.getByLabel('Change a').selectOption('medication');
    await page.getByRole('combobox', { name: 'Medication' }).selectOption('epinephrine');
    await page.getByRole('button', { name: 'Start a draft' }).click();
    await page.getByRole('heading', { name: 'New draft of medication epinephrine' }).waitFor();

    const rule = page.locator('details.record-item', {
      has: page.locator('summary', { hasText: new RegExp(`^${RULE}$`) }),
    });
    await rule.locator('summary').click();
    const perKg = rule.getByRole('group', { name: 'dose' }).getByLabel('per kg', { exact: true });
    expect(await perKg.inputValue()).toBe('0.01');

    // A value the device could not use is refused as it is typed, and the draft cannot be saved.
    await perKg.fill('-0.01');
    await expect.poll(() => page.getByTestId('draft-check').textContent()).toMatch(/per_kg: Too small/);
    await perKg.fill('0.015');
    await page.getByLabel('Section', { exact: true }).fill('Pediatric IM dose (anaphylaxis)');
    await page
      .getByLabel('Description', { exact: true })
      .fill('IM epinephrine for children is now 0.015 mg/kg, max 0.5 mg.');
    await expect.poll(() => page.getByTestId('draft-check').textContent()).toBe('Devices can use this draft.');
    const diff = page.getByRole('table', { name: 'Changes against the version in force' });
    expect(await diff.locator('tbody tr').allTextContents()).toEqual([
      `rules › ${RULE} › dose › per_kgwas 0.01 → now 0.015`,
    ]);
    await capture(page, 'version-draft');

    // A dose by age has a dose per tape colour for when the age is unknown: one group each, in tape order.
    const neb = page.locator('details.record-item', {
      has: page.locator('summary', { hasText: /^epinephrine-pediatric-neb$/ }),
    });
    await neb.locator('summary').first().click();
    const unknownAge = neb.getByRole('group', { name: 'if age unknown' });
    expect(await unknownAge.locator('fieldset > legend').allTextContents()).toEqual([
      'Grey',
      'Pink',
      'Red',
      'Purple',
      'Yellow',
      'White',
      'Blue',
      'Orange',
      'Green',
    ]);
    await unknownAge.scrollIntoViewIfNeeded();
    await capture(page, 'version-draft-colours');

    await page.getByRole('button', { name: 'Save as a draft' }).click();
    await page.getByRole('heading', { name: /Medication epinephrine · Epinephrine, version \d+/ }).waitFor();
    versionUrl = page.url();
    expect(await page.getByTestId('version-status').textContent()).toBe('Draft');
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await expect.poll(() => page.getByTestId('version-status').textContent()).toBe('In review');
    expect(await page.locator('.notice-box').textContent()).toMatch(/another medical director approves or rejects it/);
    await capture(page, 'version-in-review');

    // A second draft of epinephrine started now names the one in review, with a link to it.
    await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Versions' }).click();
    await page.getByRole('heading', { name: 'Protocol and medication versions' }).waitFor();
    await page.getByLabel('Change a').selectOption('medication');
    await page.getByRole('combobox', { name: 'Medication' }).selectOption('epinephrine');
    await page.getByRole('button', { name: 'Start a draft' }).click();
    const onTheWay = page.getByTestId('other-open-versions');
    await expect
      .poll(() => onTheWay.locator('li').allTextContents())
      .toEqual([expect.stringMatching(/^Version \d+ · In review · drafted by you, /)]);
    expect(new URL((await onTheWay.getByRole('link').getAttribute('href'))!, app.url).href).toBe(versionUrl);
    await capture(page, 'version-draft-other-open');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to the Rigside console' }).waitFor();
  });

  it('is approved by a second medical director and scheduled for today', async () => {
    const { page } = desk;
    await consoleSignIn(page, SECOND_DIRECTOR);
    await page.getByRole('link', { name: 'Medication epinephrine' }).first().click();
    await expect.poll(() => page.getByTestId('version-status').textContent()).toBe('In review');
    expect(page.url()).toBe(versionUrl);
    expect(await page.locator('.change-log-table tbody').textContent()).toMatch(
      /Revision.*Pediatric IM dose \(anaphylaxis\).*0\.015 mg\/kg/,
    );
    expect(await page.locator('.diff-table tbody').textContent()).toMatch(/per_kg.*0\.01.*0\.015/);
    await capture(page, 'version-review');
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => page.getByTestId('version-status').textContent()).toBe('Approved');
    // Today in the agency's time zone, which the label names.
    expect(await page.getByLabel(/Effective date/).inputValue()).toBe(agencyDate());
    expect(await page.getByText(/takes effect at the start of this day, Pacific Time/).count()).toBe(1);
    await page.getByRole('button', { name: 'Schedule' }).click();
    await expect.poll(() => page.getByTestId('version-status').textContent()).toBe('Scheduled');
    await capture(page, 'version-scheduled');
  });

  it('is put in force by the job pg_cron runs, and the trail names each step', async () => {
    // The exact command the migration schedules, run as pg_cron runs it (the database owner).
    const migration = readFileSync(
      join(REPO_ROOT, 'supabase/migrations/20261202001110_reference_versions_schedule.sql'),
      'utf8',
    );
    const command = /'(select public\.activate_due_reference_versions\(\))'/.exec(migration)?.[1];
    expect(command).toBe('select public.activate_due_reference_versions()');
    const { rows } = await backend.db.query<{ activate_due_reference_versions: { activated: Array<{ key: string }> } }>(
      command!,
    );
    expect(rows[0]!.activate_due_reference_versions.activated.map((a) => a.key)).toEqual(['epinephrine']);

    const trail = await backend.db.query<{ action: string; who: string | null }>(
      `select a.action, u.full_name as who from public.audit_logs a left join public.users u on u.id = a.user_id
       where a.details ->> 'medication' = 'epinephrine' and a.action like 'medication_version_%' order by a.occurred_at`,
    );
    expect(trail.rows.map((r) => [r.action, r.who])).toEqual([
      ['medication_version_drafted', 'Dr. Priya Raman'],
      ['medication_version_submitted', 'Dr. Priya Raman'],
      ['medication_version_approved', 'Dr. Alan Brooks'],
      ['medication_version_scheduled', 'Dr. Alan Brooks'],
      ['medication_version_activated', null],
    ]);
    await desk.page.reload();
    await expect.poll(() => desk.page.getByTestId('version-status').textContent()).toBe('In force');
  });

  it('reaches the crew device, which doses from it offline and shows what changed', async () => {
    const { page, context } = crew;
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Sync' }).click();
    await page.getByRole('button', { name: 'Check for protocol updates' }).click();
    await expect
      .poll(() => page.getByTestId('reference-update').textContent(), { timeout: 30_000 })
      .toMatch(/Medications changed: epinephrine/);
    expect(await page.getByTestId('reference-update').getByTestId('what-changed').textContent()).toMatch(
      /What changed in Epinephrine: version \d+, effective \d{4}-\d{2}-\d{2}Revision · Pediatric IM dose \(anaphylaxis\): IM epinephrine for children is now 0\.015 mg\/kg, max 0\.5 mg\./,
    );
    await expectAccessible(page, 'Sync status with what changed');
    await screenshot(page, 'versions-sync-what-changed');

    await context.setOffline(true);
    try {
      await page.reload();
      expect(await epinephrineFor14kg(page)).toEqual({ dose: '0.21 mg', volume: '0.21 mL' });
      const note = page.getByTestId('what-changed');
      expect(await note.getAttribute('open')).not.toBeNull();
      expect(await note.textContent()).toMatch(/Revision · Pediatric IM dose \(anaphylaxis\)/);
      await expectAccessible(page, 'Dosing with what changed');
      await screenshot(page, 'versions-dosing-what-changed-offline');
      await page.getByRole('button', { name: 'Confirm and record' }).click();
      await page.getByRole('button', { name: /Recorded/ }).waitFor();
      const queued = (await readStore(page, 'outboxEvents')).filter((e) => e['kind'] === 'dosing_calculation');
      expect(queued.map((e) => e['payload'])).toEqual([
        expect.objectContaining({
          dose: { value: 0.21, unit: 'mg' },
          formulary_version: expect.stringMatching(/^epinephrine-v\d+$/),
        }),
      ]);
    } finally {
      await context.setOffline(false);
    }
  });
});

describe('a brand-new medication, drafted in the form', () => {
  const ID = 'e2e-test-medication';
  const RULE_ID = `${ID}-adult-iv`;

  it('is started from the versions page, filled in with a dose rule, one added and removed on the way, and saved', async () => {
    const director = await launchBrowser({ width: 1280, height: 900 });
    try {
      const { page } = director;
      await consoleSignIn(page, DIRECTOR.email);
      await page.getByRole('link', { name: 'New medication' }).click();
      await page.getByRole('heading', { name: 'New medication', exact: true }).waitFor();
      const check = page.getByTestId('draft-check');
      const save = page.getByRole('button', { name: 'Save as a draft' });
      await expect.poll(() => check.textContent()).toMatch(/id: fill this in first/);
      expect(await check.textContent()).toMatch(/status: choose one: calculated, titrated, not_in_formulary/);
      expect(await save.isDisabled()).toBe(true);
      expect(await page.getByRole('heading', { name: 'Changes against no active version' }).count()).toBe(1);
      await captureConsole(page, 'version-new-medication-empty');

      const identity = page.getByRole('group', { name: 'Which medication this is' });
      await identity.getByLabel('id', { exact: true }).fill(ID);
      await identity.getByLabel('name', { exact: true }).fill('E2E test medication (not for use)');
      await page.getByLabel(/^classes/).fill('test class');
      await page.getByRole('combobox', { name: 'status', exact: true }).selectOption('calculated');
      await page.getByRole('combobox', { name: 'adult only', exact: true }).selectOption('true');
      await page.getByRole('button', { name: 'Add indication' }).click();
      await page.keyboard.type('testing'); // the new indication's id has the focus

      // The rule, from empty: each field filled in by the director, the id last (the summary names it).
      await page.getByRole('button', { name: 'Add dose rule' }).click();
      const newRule = page.locator('details.record-item', {
        has: page.locator('summary', { hasText: /^dose rule #1$/ }),
      });
      expect(await newRule.getAttribute('open')).not.toBeNull();
      await newRule.getByRole('combobox', { name: 'population', exact: true }).selectOption('adult');
      await newRule.getByRole('checkbox', { name: 'IV', exact: true }).check();
      await newRule.getByLabel(/^indications/).fill('testing');
      await newRule.getByRole('combobox', { name: 'kind', exact: true }).selectOption('fixed');
      await newRule.getByRole('group', { name: 'dose' }).getByLabel('value', { exact: true }).fill('1');
      await newRule.getByRole('combobox', { name: 'unit', exact: true }).selectOption('mg');
      const formulation = newRule.getByRole('group', { name: 'formulation' });
      await formulation.getByLabel('label', { exact: true }).fill('1 mg/mL');
      await formulation.getByLabel(/^per ml/).fill('1');
      await newRule.getByLabel('max single', { exact: true }).fill('1');
      const limits = newRule.getByRole('group', { name: 'limits' });
      await limits.getByLabel('group', { exact: true }).fill(ID);
      await limits.getByLabel('repeat text', { exact: true }).fill('once');
      await limits.getByRole('combobox', { name: 'over max total', exact: true }).selectOption('refuse');
      await newRule.getByLabel(/^sources/).fill('e2e fixture');
      await newRule.getByLabel('id', { exact: true }).fill(RULE_ID);
      await page.getByLabel('Section', { exact: true }).fill('E2E test medication');
      await page.getByLabel('Description', { exact: true }).fill('Added to the formulary (test).');
      await expect.poll(() => check.textContent()).toBe('Devices can use this draft.');

      // A second rule, empty, is refused as it stands; removed from the keyboard after the question, all is well again.
      await page.getByRole('button', { name: 'Add dose rule' }).click();
      await expect.poll(() => check.textContent()).toMatch(/rules\.1\.max_single: enter a number/);
      expect(await save.isDisabled()).toBe(true);
      const emptyRule = page.locator('details.record-item', {
        has: page.locator('summary', { hasText: /^dose rule #2$/ }),
      });
      await captureConsole(page, 'version-new-medication-rule-added');
      await emptyRule.getByRole('button', { name: 'Remove this rule' }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Keep it');
      await captureConsole(page, 'version-new-medication-remove-asked');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByRole('group', { name: 'rules (1)', exact: true }).count()).toBe(1);
      expect(await page.locator('summary', { hasText: /^dose rule #2$/ }).count()).toBe(0);
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Add dose rule');
      await expect.poll(() => check.textContent()).toBe('Devices can use this draft.');

      const diff = page.getByRole('table', { name: 'Changes against no active version' });
      const fields = await diff.locator('tbody th').allTextContents();
      expect(fields).toEqual(expect.arrayContaining(['id', 'name', `rules › ${RULE_ID}`, 'indications › testing']));
      expect(await diff.locator('del').count()).toBe(0);
      expect(await diff.locator('tbody tr').count()).toBe(await diff.locator('ins').count());
      await captureConsole(page, 'version-new-medication-filled');

      await save.click();
      await page
        .getByRole('heading', { name: `Medication ${ID} · E2E test medication (not for use), version 1` })
        .waitFor();
      expect(await page.getByTestId('version-status').textContent()).toBe('Draft');
      expect(await page.getByRole('heading', { name: 'Changes against no active version' }).count()).toBe(1);
      // In the form's order, not the order the server keeps the record's keys in.
      expect((await page.locator('.diff-table tbody th').allTextContents()).slice(0, 4)).toEqual([
        'id',
        'name',
        'brand_names',
        'aliases',
      ]);
      await captureConsole(page, 'version-new-medication-saved');

      const { rows } = await backend.db.query<{ version: number; status: string; rules: Array<{ id: string }> }>(
        `select version, status, content -> 'rules' as rules from public.reference_versions
         where kind = 'medication' and record_key = $1`,
        [ID],
      );
      expect(rows.map((r) => [r.version, r.status, r.rules.map((rule) => rule.id)])).toEqual([[1, 'draft', [RULE_ID]]]);
    } finally {
      await director.close();
    }
  });
});
