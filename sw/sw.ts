/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { ExpirationPlugin } from 'workbox-expiration';

declare const self: ServiceWorkerGlobalScope;

// The app shell and the reference dataset, versioned by the build.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Any in-app navigation, online or not, gets the precached shell; the shell routes itself.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/rest\//, /^\/auth\//] }));

// Same-origin static assets not in the precache (fonts, images added later).
registerRoute(
  ({ request, url }) => url.origin === self.location.origin && ['image', 'font', 'style', 'script'].includes(request.destination),
  new CacheFirst({
    cacheName: 'rigside-static',
    plugins: [new ExpirationPlugin({ maxEntries: 120, maxAgeSeconds: 30 * 24 * 3600 })],
  }),
);

// A new version waits until the user taps "Update now" (src/app/sw-update.ts).
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// The very first install takes control at once so the first visit already works offline.
clientsClaim();
