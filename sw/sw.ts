/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { ExpirationPlugin } from 'workbox-expiration';
import { appDb } from '../src/data/db';
import { deviceId } from '../src/data/crew';
import { createServerClient } from '../src/sync/client';
import { webLocks } from '../src/sync/locks';
import { createReplayer } from '../src/sync/replayer';
import { readServerConfig } from '../src/sync/server-config';
import { SYNC_TAG } from '../src/sync/background-sync';
import { workerScriptsWithoutCodeCache } from './worker-scripts';

declare const self: ServiceWorkerGlobalScope;

// The app shell and the reference dataset, versioned by the build. The search worker's script
// is served without a code-cache handle (worker-scripts.ts).
addPlugins([workerScriptsWithoutCodeCache]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Any in-app navigation, online or not, gets the precached shell; the shell routes itself.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/rest\//, /^\/auth\//] }));

// Same-origin static assets not in the precache (fonts, images added later).
registerRoute(
  ({ request, url }) =>
    url.origin === self.location.origin && ['image', 'font', 'style', 'script'].includes(request.destination),
  new CacheFirst({
    cacheName: 'rigside-static',
    plugins: [new ExpirationPlugin({ maxEntries: 120, maxAgeSeconds: 30 * 24 * 3600 })],
  }),
);

// A new version waits until the user taps "Update now" (src/app/sw-update.ts).
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') event.waitUntil(self.skipWaiting());
});

// The very first install takes control at once so the first visit already works offline.
clientsClaim();

// Outbox replay from the worker (DESIGN.md, Sync): at every worker start, and on Background
// Sync (Chromium), which fires even after the app was closed. The same replayer as the page's,
// under the same Web Lock, so the two never send at once.
// Chromium ends a sync event after about 3 minutes: no new batch starts past 2.5.
const SYNC_EVENT_BUDGET_MS = 150_000;

const replayer = (() => {
  const config = readServerConfig();
  if (!config) return null;
  const db = appDb();
  const server = createServerClient(config, db, { worker: true });
  return deviceId(db).then((id) =>
    createReplayer({
      db,
      deviceId: id,
      send: server.sendEvents,
      sender: server.sender,
      refreshSession: server.refreshSession,
      lock: webLocks(),
    }),
  );
})();

async function replay(deadline?: number): Promise<void> {
  if (!replayer) return;
  const report = await (await replayer).drain(deadline === undefined ? {} : { deadline });
  // Still work to do (waiting or stopped): a failed sync event is retried by the browser later.
  if (deadline !== undefined && (report.status === 'stopped' || report.status === 'deadline'))
    throw new Error(`outbox not drained: ${report.status}`);
}

self.addEventListener('sync', (event) => {
  const sync = event as ExtendableEvent & { tag: string };
  if (sync.tag === SYNC_TAG) sync.waitUntil(replay(Date.now() + SYNC_EVENT_BUDGET_MS));
});

void replay().catch((error: unknown) =>
  console.warn('Rigside worker: replay at start failed', error instanceof Error ? error.message : error),
);
