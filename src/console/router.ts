import { useSyncExternalStore } from 'react';

/**
 * The console's routes live under /console in the address bar (History API), so a link to
 * one review item can be shared with another medical director.
 */
export const CONSOLE_BASE = '/console';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  return () => window.removeEventListener('popstate', onChange);
}

export interface ConsoleLocation {
  /** The path below /console, without a trailing slash ('' for the console's home). */
  path: string;
  search: URLSearchParams;
}

let snapshot: { key: string; value: ConsoleLocation } | null = null;
function read(): ConsoleLocation {
  const key = location.pathname + location.search;
  if (snapshot?.key !== key) {
    const path = location.pathname.slice(CONSOLE_BASE.length).replace(/^\/+|\/+$/g, '');
    snapshot = { key, value: { path, search: new URLSearchParams(location.search) } };
  }
  return snapshot.value;
}

export function useConsoleLocation(): ConsoleLocation {
  return useSyncExternalStore(subscribe, read);
}

/** Goes to a console path ('queue/ID', 'audit?user=...'); replace keeps the history entry. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const url = `${CONSOLE_BASE}/${to.replace(/^\/+/, '')}`;
  if (options.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.dispatchEvent(new PopStateEvent('popstate'));
}
