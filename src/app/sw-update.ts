import { Workbox } from 'workbox-window';
import { create } from 'zustand';

interface SwUpdateState {
  /** A new version is installed and waiting for the user's word. */
  updateReady: boolean;
  /** Whether a service worker controls this page (the app works offline). */
  controlled: boolean;
  applyUpdate: () => void;
}

export const useSwUpdate = create<SwUpdateState>(() => ({
  updateReady: false,
  controlled: false,
  applyUpdate() {},
}));

/**
 * Registers the service worker built from sw/. A new version never takes over on its own:
 * the shell shows "Update ready" and applies it only when the user taps it, so a reload
 * never lands in the middle of a calculation or a narrative.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  const wb = new Workbox(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL });
  useSwUpdate.setState({ controlled: navigator.serviceWorker.controller !== null });
  wb.addEventListener('controlling', () => useSwUpdate.setState({ controlled: true }));
  wb.addEventListener('waiting', () => {
    useSwUpdate.setState({
      updateReady: true,
      applyUpdate() {
        wb.addEventListener('controlling', () => window.location.reload());
        wb.messageSkipWaiting();
      },
    });
  });
  wb.register().catch((error: unknown) =>
    console.error('The service worker could not be registered', error instanceof Error ? error.message : error),
  );
}
