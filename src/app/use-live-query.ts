import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';

/**
 * Re-renders when the IndexedDB data a query reads changes, in this tab, another tab or
 * the service worker. Returns undefined until the first result; errors are surfaced.
 */
export function useLiveQuery<T>(query: () => Promise<T>, deps: readonly unknown[]): { value: T | undefined; error: Error | undefined } {
  const [state, setState] = useState<{ value: T | undefined; error: Error | undefined }>({ value: undefined, error: undefined });
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: (value) => setState({ value, error: undefined }),
      error: (error: unknown) => setState((s) => ({ value: s.value, error: error instanceof Error ? error : new Error(String(error)) })),
    });
    return () => subscription.unsubscribe();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return state;
}
