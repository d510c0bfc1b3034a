// The built app served on 127.0.0.1 and one Chromium on it, for a whole test file: started
// before its first test and closed after its last. The fields are set once beforeAll has run.
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, serveBuiltApp, type Browser, type RunningApp } from './harness';

export interface AppInChromium {
  app: RunningApp;
  browser: Browser;
}

export function builtAppInChromium(): AppInChromium {
  const run = {} as AppInChromium;
  beforeAll(async () => {
    run.app = await serveBuiltApp();
    run.browser = await launchBrowser();
  });
  afterAll(async () => {
    await run.browser?.close();
    await run.app?.close();
  });
  return run;
}
