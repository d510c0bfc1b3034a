import { useEffect, useState } from 'react';

/**
 * Runs `run` once the page is next idle, at most `timeoutMs` later; where there is no
 * requestIdleCallback (Safari), after `withoutIdleMs`. Returns a cancel function.
 */
export function onIdle(run: () => void, timeoutMs: number, withoutIdleMs: number): () => void {
  if ('requestIdleCallback' in globalThis) {
    const handle = requestIdleCallback(() => run(), { timeout: timeoutMs });
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(run, withoutIdleMs);
  return () => clearTimeout(timer);
}

/**
 * False until the page has first been idle since the component mounted (Safari: 50 ms later).
 * For reads the first screen can show a moment late: at a cold start they would otherwise open
 * IndexedDB on the main thread while the crew's first query is being answered.
 */
export function useFirstIdle(): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => onIdle(() => setIdle(true), 500, 50), []);
  return idle;
}
