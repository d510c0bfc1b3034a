// What the console's real-browser tests share: signing in at /console, and capturing a page at
// the console's two widths (a desk's 1280 px and a tablet's 768 px), each screenshot checked
// with axe-core first.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations } from './axe';
import { DEMO_PASSWORD } from './backend';
import { screenshot } from './harness';

export const CONSOLE_WIDTHS = [1280, 768] as const;

export async function expectAccessible(page: Page, label: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `${label}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

/** Both widths, the whole page, each screenshot looked at by a person and checked by axe; back to 1280 px after. */
export async function captureConsole(page: Page, name: string): Promise<void> {
  for (const width of CONSOLE_WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await expectAccessible(page, `${name} at ${width} px`);
    await screenshot(page, `console-${name}-${width}`, { fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Signs in at /console and waits for the queue, where the console opens. */
export async function consoleSignIn(page: Page, appUrl: string, email: string): Promise<void> {
  await page.goto(new URL('/console', appUrl).href);
  await page.getByRole('heading', { name: 'Sign in to the Rigside console' }).waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'QI review queue' }).waitFor();
}
