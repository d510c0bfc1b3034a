/** The Background Sync tag the service worker replays the outbox on (sw/sw.ts), and the page registers. */
export const SYNC_TAG = 'rigside-outbox';

/** Background Sync (Chromium only): the worker replays even after the app is closed. Re-registered after each write. */
export async function registerBackgroundSync(): Promise<void> {
  // Until a worker controls the page (the very first visit) its start-up replay does the job.
  if (!('serviceWorker' in navigator) || !navigator.serviceWorker.controller) return;
  const registration = (await navigator.serviceWorker.ready) as ServiceWorkerRegistration & {
    sync?: { register(tag: string): Promise<void> };
  };
  await registration.sync?.register(SYNC_TAG);
}
