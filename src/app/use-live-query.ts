import Dexie, { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';

type State<T> = { value: T | undefined; error: Error | undefined };

/**
 * Re-renders when the IndexedDB data a query reads changes, in this tab, another tab or
 * the service worker. Returns undefined until the first result; errors are surfaced.
 */
export function useLiveQuery<T>(query: () => Promise<T>, deps: readonly unknown[]): State<T> {
  const [state, setState] = useState<State<T>>({ value: undefined, error: undefined });
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: (value) => setState({ value, error: undefined }),
      error: (error: unknown) =>
        setState((s) => ({ value: s.value, error: error instanceof Error ? error : new Error(String(error)) })),
    });
    return () => subscription.unsubscribe();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return state;
}

/**
 * Like useLiveQuery, but runs the query at most once per `intervalMs` however often the data
 * changes: for views of a store that a replay rewrites many times a second, whose readers
 * would otherwise hold up the very writes they watch.
 */
export function useThrottledQuery<T>(query: () => Promise<T>, deps: readonly unknown[], intervalMs = 1_000): State<T> {
  const [state, setState] = useState<State<T>>({ value: undefined, error: undefined });
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = 0;
    const run = () => {
      timer = undefined;
      last = Date.now();
      query().then(
        (value) => !stopped && setState({ value, error: undefined }),
        (error: unknown) =>
          !stopped &&
          setState((s) => ({ value: s.value, error: error instanceof Error ? error : new Error(String(error)) })),
      );
    };
    const changed = () => {
      if (timer === undefined) timer = setTimeout(run, Math.max(0, last + intervalMs - Date.now()));
    };
    run();
    Dexie.on.storagemutated.subscribe(changed);
    return () => {
      stopped = true;
      clearTimeout(timer);
      Dexie.on.storagemutated.unsubscribe(changed);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return state;
}
