// The console in Chromium against the real local backend (issue 15): a medical director works
// a flagged call through the QI queue, the crew member's device shows the correction asked of
// them (offline too), a Harbor City director sees nothing of North Valley, a supervisor reads
// only, and a crew device never fetches a byte of the console. Screenshots of every console page
// at 1280 and 768 px, each checked with axe-core.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { consoleApart } from '../bench/app-size';
import {
  launchBrowser,
  REPO_ROOT,
  screenshot,
  waitForServiceWorkerControl,
  type Browser,
  type RunningApp,
} from './harness';
import { ADMIN, buildAndServe, DEMO_PASSWORD, DIRECTOR, PARAMEDIC, startBackend, type Backend } from './backend';
import { captureConsole, consoleSignIn as signIn, expectAccessible } from './console-pages';

const HARBOR_DIRECTOR = 'director@harbor-city.example';
const SUPERVISOR = 'supervisor@north-valley.example';

let backend: Backend;
let app: RunningApp;
let crew: Browser;
let desk: Browser;
const crewRequests: string[] = [];
let reviewId = '';

beforeAll(async () => {
  backend = await startBackend('console');
  await backend.liftRateLimits();
  app = await buildAndServe('console', backend.stack.apiUrl, backend.stack.anonKey);
  crew = await launchBrowser();
  crew.context.on('request', (request) => crewRequests.push(new URL(request.url()).pathname));
  desk = await launchBrowser({ width: 1280, height: 900 });
});
afterAll(async () => {
  await crew?.close();
  await desk?.close();
  await app?.close();
  await backend?.stop();
});

const capture = captureConsole;
const consoleSignIn = (page: Page, email: string) => signIn(page, app.url, email);

describe('the crew device', () => {
  it('signs in and records a call that the server flags', async () => {
    const { page } = crew;
    await page.goto(app.url);
    await waitForServiceWorkerControl(page);
    await page.goto(new URL('/#/sign-in', app.url).href);
    await page.getByLabel('Email').fill(PARAMEDIC.email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.locator('#main').getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => page.getByTestId('crew').textContent()).toMatch(/Dana Ortiz/);

    // The call: a child's midazolam for a seizure with no protocol applied, sent the way the
    // device sends it (ingest_events as the paramedic).
    const medic = await backend.signedIn(PARAMEDIC.email);
    const context = crypto.randomUUID();
    const at = new Date(Date.now() - 20 * 60_000).toISOString();
    const sent = await medic.rpc('ingest_events', {
      events: [
        {
          id: crypto.randomUUID(),
          kind: 'dosing_calculation',
          occurred_at: at,
          payload: {
            context_id: context,
            medication: 'midazolam',
            route: 'IM',
            indication: 'seizure',
            inputs: { medication: 'midazolam', route: 'IM', weight_kg: 20, age_years: 6 },
            dose: { value: 5, unit: 'mg' },
            volume_ml: 1,
            concentration: '5 mg/mL',
            color: 'Orange',
            capped: false,
            warnings: [],
            formulary_version: 'test',
          },
        },
      ],
    });
    expect(sent.error).toBeNull();
    const { rows } = await backend.db.query<{ id: string; flags: string[] }>(
      'select id, flags from public.qi_reviews where call_key = $1',
      [context],
    );
    expect(rows[0]?.flags).toEqual([
      'CONTROLLED_SUBSTANCE',
      'PEDIATRIC_DOSE',
      'MIDAZOLAM_WITHOUT_BASE_ORDER',
      'NO_PROTOCOL',
    ]);
    reviewId = rows[0]!.id;
  });
});

describe('a medical director works the item through the queue', () => {
  it('signs in, finds the call flagged at the top, and opens it', async () => {
    const { page } = desk;
    await page.goto(new URL('/console', app.url).href);
    await page.getByRole('heading', { name: 'Sign in to the Rigside console' }).waitFor();
    await capture(page, 'sign-in');
    await consoleSignIn(page, DIRECTOR.email);
    const first = page.locator('.queue-table tbody tr').first();
    await expect.poll(() => first.textContent()).toMatch(/Dana Ortiz.*Midazolam without a Base order/s);
    await capture(page, 'queue');

    await page.getByLabel('Flag', { exact: true }).selectOption('MIDAZOLAM_WITHOUT_BASE_ORDER');
    await expect.poll(() => page.url()).toMatch(/flag=MIDAZOLAM_WITHOUT_BASE_ORDER/);
    await expect.poll(() => page.locator('.queue-table tbody tr').count()).toBe(1);
    await capture(page, 'queue-filtered');

    await first.getByRole('link').click();
    await page.getByRole('heading', { name: /Call of .* Dana Ortiz/ }).waitFor();
    expect(await page.locator('.review-header .flag-chips').textContent()).toMatch(
      /Controlled substance.*Child's dose.*Midazolam without a Base order.*No impression or protocol/s,
    );
    expect(await page.locator('.dose-flags').textContent()).toMatch(/midazolam 5 mg IM with no Base order recorded/);
    await capture(page, 'review-new');
  });

  it('assigns it, comments, files a fallout code, asks for a correction, and the crew device shows it', async () => {
    const { page } = desk;
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await expect.poll(() => page.getByTestId('review-status').textContent()).toBe('In review');
    await page.getByLabel('Comment', { exact: true }).fill('Seizure dose for age is right; the Base order is missing.');
    await page.getByRole('button', { name: 'Add comment' }).click();
    await expect.poll(() => page.locator('.comment-list').textContent()).toMatch(/Base order is missing/);
    await page.getByRole('combobox', { name: 'Fallout code' }).selectOption('MD');
    await page.getByLabel('What deviated (optional)').fill('Midazolam given with no Base order documented');
    await page.getByRole('button', { name: 'File fallout' }).click();
    await expect.poll(() => page.locator('.fallout-list').textContent()).toMatch(/MD.*Midazolam/);
    await page
      .getByRole('textbox', { name: /^Note/ })
      .fill('Please add the Base order (time and physician) to this call.');
    await page.getByRole('button', { name: 'Ask the crew for a correction' }).click();
    await expect.poll(() => page.getByTestId('review-status').textContent()).toBe('Needs crew correction');
    expect(await page.locator('.history-list').textContent()).toMatch(
      /took the item.*commented.*filed a fallout MD.*moved it to Needs crew correction/s,
    );
    await capture(page, 'review-needs-correction');

    const { rows } = await backend.db.query<{ action: string }>(
      "select action from public.audit_logs where details ->> 'review_id' = $1 and source = 'server' order by occurred_at",
      [reviewId],
    );
    expect(rows.map((r) => r.action)).toEqual([
      'qi_review_assigned',
      'qi_review_commented',
      'qi_review_fallout_added',
      'qi_review_status_changed',
    ]);

    // The crew member's device, on its next pull.
    const phone = crew.page;
    await phone.getByRole('button', { name: 'Check for protocol updates' }).click();
    await expect
      .poll(() => phone.getByTestId('correction-requests').textContent(), { timeout: 20_000 })
      .toMatch(/Please add the Base order/);
    expect(await phone.getByTestId('correction-requests').textContent()).toMatch(
      /midazolam.*Asked by Dr\. Priya Raman/s,
    );
    await screenshot(phone, 'sync-correction-request');
    // Offline, after a reload, it is still there.
    await crew.context.setOffline(true);
    try {
      await phone.reload();
      await phone.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Sync' }).click();
      await expect
        .poll(() => phone.getByTestId('correction-requests').textContent(), { timeout: 20_000 })
        .toMatch(/Please add the Base order/);
      await screenshot(phone, 'sync-correction-request-offline');
    } finally {
      await crew.context.setOffline(false);
    }
  });

  it('closes the item once corrected, and the request leaves the crew device', async () => {
    const { page } = desk;
    await page.getByRole('textbox', { name: /^Note/ }).fill('Base order confirmed with the base hospital log.');
    await page.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.getByTestId('review-status').textContent()).toBe('Closed');
    await capture(page, 'review-closed');
    const phone = crew.page;
    await phone.getByRole('button', { name: 'Check for protocol updates' }).click();
    await expect
      .poll(() => phone.getByTestId('correction-requests').textContent(), { timeout: 20_000 })
      .toMatch(/No call of yours is waiting/);
  });
});

describe('the audit trail and sync health', () => {
  it('searches the trail by action, shows device and server entries, and exports it as CSV', async () => {
    const { page } = desk;
    await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Audit trail' }).click();
    await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
    await expect
      .poll(() => page.locator('.audit-table tbody').textContent())
      .toMatch(/server.*qi review status changed/s);
    expect(await page.locator('.audit-table tbody').textContent()).toMatch(/device/);
    await capture(page, 'audit');
    await page.getByRole('combobox', { name: 'Action' }).selectOption('qi_review_status_changed');
    await expect.poll(() => page.locator('.audit-table tbody tr').count()).toBe(2);
    await page.getByRole('combobox', { name: 'Resource', exact: true }).selectOption('review_id');
    await page.getByRole('textbox', { name: 'Resource id or code' }).fill(reviewId);
    await page.getByRole('textbox', { name: 'Resource id or code' }).blur();
    await expect.poll(() => page.url()).toMatch(new RegExp(`value=${reviewId}`));
    await expect.poll(() => page.locator('.audit-table tbody tr').count()).toBe(2);
    await capture(page, 'audit-filtered');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = await new Promise<string>((resolve, reject) => {
      download.createReadStream().then((stream) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        stream.on('error', reject);
      }, reject);
    });
    expect(csv.split('\r\n')[0]).toBe('occurred_at,received_at,person,station,source,action,details,session_id,id');
    expect(csv.trim().split('\r\n')).toHaveLength(3);
    await expect
      .poll(async () =>
        Number(
          (
            await backend.db.query<{ n: string }>(
              "select count(*) as n from public.audit_logs where action = 'console_exported'",
            )
          ).rows[0]!.n,
        ),
      )
      .toBe(1);
  });

  it("shows each device's report, and lets an admin lift a ban with a reason", async () => {
    // The crew device reported its outbox after its last send.
    await expect
      .poll(
        async () =>
          Number(
            (
              await backend.db.query<{ n: string }>(
                'select count(*) as n from public.device_outbox_states where user_id = $1',
                [PARAMEDIC.id],
              )
            ).rows[0]!.n,
          ),
        { timeout: 40_000 },
      )
      .toBe(1);
    await backend.db.query(
      `insert into public.rate_limit_violations (user_id, department_id, scope, request_count, limit_count, reputation_after, banned_until)
       select id, department_id, 'DOSING', 45, 30, 5, now() + interval '24 hours' from public.users where email = 'emt@north-valley.example'`,
    );
    const admin = await launchBrowser({ width: 1280, height: 900 });
    try {
      const { page } = admin;
      await consoleSignIn(page, ADMIN.email);
      await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Sync health' }).click();
      await expect
        .poll(() => page.locator('.sync-table tbody').textContent())
        .toMatch(/Sam Whitfield.*Banned until.*Dana Ortiz/s);
      await capture(page, 'sync-health');
      await page.getByRole('button', { name: /Lift the ban of Sam Whitfield/ }).click();
      await page.getByRole('textbox', { name: /Why/ }).fill('The tablet retried a stuck batch; fixed with the crew.');
      await capture(page, 'sync-health-lift');
      await page.getByRole('button', { name: 'Lift the ban', exact: true }).click();
      await expect
        .poll(() => page.getByRole('status').first().textContent())
        .toMatch(/ban of Sam Whitfield .* is lifted/);
      await expect.poll(() => page.locator('.sync-table tbody').textContent()).not.toMatch(/Banned until/);
      const { rows } = await backend.db.query<{ details: Record<string, unknown> }>(
        "select details from public.audit_logs where action = 'rate_limit_ban_lifted'",
      );
      expect(rows[0]?.details).toMatchObject({ reason: 'The tablet retried a stuck batch; fixed with the crew.' });
    } finally {
      await admin.close();
    }
  });
});

describe('departments and roles', () => {
  it('shows a Harbor City director nothing of North Valley', async () => {
    const other = await launchBrowser({ width: 1280, height: 900 });
    try {
      const { page } = other;
      await consoleSignIn(page, HARBOR_DIRECTOR);
      await expect.poll(() => page.getByRole('status').textContent()).toMatch(/item/);
      const text = await page.locator('#console-main').textContent();
      expect(text).not.toMatch(/Dana Ortiz|Sam Whitfield|North Valley|ST12|ST15/);
      expect(await page.getByLabel('Crew member').textContent()).not.toMatch(/Dana Ortiz/);
      await page.goto(new URL(`/console/queue/${reviewId}`, app.url).href);
      await expect
        .poll(() => page.getByRole('alert').first().textContent())
        .toMatch(/no review item with this id in your department/);
      expect(await page.locator('#console-main').textContent()).not.toMatch(/Dana Ortiz|midazolam/i);
      await capture(page, 'other-department-item');
      for (const [link, loaded] of [
        ['Audit trail', /entries/],
        ['Sync health', /No device has reported|Crew member/],
        ['ePCR hand-off', /No call has been closed yet/],
      ] as const) {
        await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: link }).click();
        await page.getByRole('heading', { name: link }).waitFor();
        await expect.poll(() => page.locator('#console-main').textContent()).toMatch(loaded);
        expect(await page.locator('#console-main').textContent(), link).not.toMatch(
          /Dana Ortiz|Sam Whitfield|Priya Raman|North Valley/,
        );
      }
    } finally {
      await other.close();
    }
  });

  it('lets a supervisor read the queue and the item, and do nothing to it', async () => {
    const sup = await launchBrowser({ width: 1280, height: 900 });
    try {
      const { page } = sup;
      await consoleSignIn(page, SUPERVISOR);
      expect(await page.locator('.console-who').textContent()).toMatch(/read only/);
      await page.goto(new URL(`/console/queue/${reviewId}`, app.url).href);
      await page.getByRole('heading', { name: /Call of .* Dana Ortiz/ }).waitFor();
      expect(await page.getByRole('button', { name: 'Assign to me' }).count()).toBe(0);
      expect(await page.locator('.review-side').textContent()).toMatch(/You can read this item/);
      await capture(page, 'review-supervisor');
    } finally {
      await sup.close();
    }
  });

  it('tells a paramedic plainly that the console is not theirs', async () => {
    const medic = await launchBrowser({ width: 768, height: 900 });
    try {
      const { page } = medic;
      await page.goto(new URL('/console', app.url).href);
      await page.getByLabel('Email').fill(PARAMEDIC.email);
      await page.getByLabel('Password').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect
        .poll(() => page.getByRole('alert').first().textContent())
        .toMatch(/not a supervisor’s, a medical director’s or an admin’s/);
      await capture(page, 'refused-crew');
    } finally {
      await medic.close();
    }
  });

  it('says plainly that it works online only', async () => {
    const { page, context } = desk;
    await context.setOffline(true);
    try {
      await page.evaluate(() => window.dispatchEvent(new Event('offline')));
      await expect
        .poll(() => page.locator('.console-offline').textContent())
        .toMatch(/You are offline. The console works only with a connection/);
      await capture(page, 'offline');
    } finally {
      await context.setOffline(false);
    }
  });
});

describe('every console page', () => {
  it('opens from the navigation at 1280 and 768 px, each with no axe violation', async () => {
    const director = await launchBrowser({ width: 1280, height: 900 });
    try {
      const { page } = director;
      await consoleSignIn(page, DIRECTOR.email);
      const nav = page.getByRole('navigation', { name: 'Console pages' });
      const labels = await nav.getByRole('link').allTextContents();
      // The pages this test was written with, and any added since (each gets its screenshots).
      expect(labels).toEqual(expect.arrayContaining(['QI queue', 'Audit trail', 'Sync health', 'ePCR hand-off']));
      for (const label of labels) {
        const link = nav.getByRole('link', { name: label, exact: true });
        await link.click();
        await expect.poll(() => link.getAttribute('aria-current')).toBe('page');
        await page.locator('#console-main h1').first().waitFor();
        await expect.poll(() => page.locator('#console-main').textContent()).not.toMatch(/Loading/);
        await page.waitForLoadState('networkidle');
        const path = new URL(page.url()).pathname.replace(/^\/console\/?/, '').replace(/\W+/g, '-') || 'home';
        await capture(page, `page-${path}`);
      }
    } finally {
      await director.close();
    }
  });
});

describe('the top bar', () => {
  /** Where the bar's parts are: each tab's box and Sign out's, and whether the page scrolls sideways. */
  async function bar(page: Page) {
    return page.evaluate(() => {
      const box = (e: Element) => {
        const r = e.getBoundingClientRect();
        return { top: Math.round(r.top), bottom: Math.round(r.bottom), left: r.left, right: r.right, height: r.height };
      };
      const tabs = [...document.querySelectorAll('nav[aria-label="Console pages"] a')].map(box);
      const signOut = [...document.querySelectorAll('.console-topbar button')].find(
        (b) => b.textContent === 'Sign out',
      );
      return {
        tabs,
        signOut: signOut ? box(signOut) : null,
        width: document.documentElement.clientWidth,
        scrollWidth: document.documentElement.scrollWidth,
      };
    });
  }

  it('keeps six tabs and Sign out on one row at 1280 px, and every one of them whole at 768 px and on a phone', async () => {
    const director = await launchBrowser({ width: 1280, height: 900 });
    try {
      const { page } = director;
      await consoleSignIn(page, DIRECTOR.email);
      const wide = await bar(page);
      expect(wide.tabs.length).toBeGreaterThanOrEqual(6);
      // One row: every tab and Sign out share the same band (Sign out wrapped below the tabs before).
      for (const tab of wide.tabs) {
        expect(tab.top).toBeLessThan(wide.signOut!.bottom);
        expect(tab.bottom).toBeGreaterThan(wide.signOut!.top);
      }
      await screenshot(page, 'console-topbar-1280');

      for (const width of [768, 412]) {
        await page.setViewportSize({ width, height: 900 });
        const narrow = await bar(page);
        expect(narrow.scrollWidth, `${width} px: no sideways scrolling`).toBe(narrow.width);
        // Sign out on the first row, above the tabs, within the page.
        expect(narrow.signOut!.bottom).toBeLessThanOrEqual(Math.min(...narrow.tabs.map((t) => t.top)));
        expect(narrow.signOut!.right).toBeLessThanOrEqual(width);
        for (const tab of narrow.tabs) {
          expect(tab.height, `${width} px: a tab is a full target`).toBeGreaterThanOrEqual(44);
          expect(tab.left).toBeGreaterThanOrEqual(0);
          expect(tab.right).toBeLessThanOrEqual(width);
        }
        await expectAccessible(page, `the top bar at ${width} px`);
        await screenshot(page, `console-topbar-${width}`);
      }
      // The tabs still lead where they say on a phone.
      await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Versions' }).click();
      await page.getByRole('heading', { name: 'Protocol and medication versions' }).waitFor();
    } finally {
      await director.close();
    }
  });
});

describe('what a crew device downloads', () => {
  it('never fetched a console chunk, and the service worker does not precache one', async () => {
    expect(crewRequests.length).toBeGreaterThan(0);
    expect(crewRequests.filter((p) => p.includes('/assets/console/'))).toEqual([]);
    const cached = await crew.page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys())
        for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
      return urls;
    });
    expect(cached.length).toBeGreaterThan(0);
    expect(cached.filter((p) => p.includes('/assets/console/'))).toEqual([]);
    // Judged by the chunk graph, not by the folder: nothing only the console reaches (its pages,
    // jsdiff, their styles) is outside assets/console/, nor fetched or cached by the crew device.
    const { consoleOnly, misplaced, crewInConsole } = consoleApart(join(REPO_ROOT, '.tmp/dist-console'));
    expect(consoleOnly.length).toBeGreaterThan(0);
    expect(misplaced).toEqual([]);
    expect(crewInConsole).toEqual([]);
    const only = new Set(consoleOnly.map((file) => `/${file}`));
    expect([...crewRequests, ...cached].filter((p) => only.has(p))).toEqual([]);
  });
});
