/**
 * One replayer at a time across tabs and the service worker: Web Locks, which a dying
 * context releases by itself (DESIGN.md, Sync). `ifAvailable` means a second replayer does
 * not queue behind the first: it simply has nothing to do.
 */
export const BUSY = Symbol('busy');
export type LockRunner = <T>(
  name: string,
  fn: () => Promise<T>,
  options?: { wait?: boolean },
) => Promise<T | typeof BUSY>;

export const REPLAY_LOCK = 'rigside-outbox-replay';
export const PULL_LOCK = 'rigside-reference-pull';

export function webLocks(locks: LockManager | undefined = globalThis.navigator?.locks): LockRunner {
  return async (name, fn, options) => {
    // Without Web Locks (very old browsers) a context can only exclude itself.
    if (!locks) return inProcessLock(name, fn, options);
    return locks.request(name, { ifAvailable: !options?.wait }, async (lock) => (lock ? fn() : BUSY));
  };
}

const held = new Set<string>();
async function inProcessLock<T>(
  name: string,
  fn: () => Promise<T>,
  options?: { wait?: boolean },
): Promise<T | typeof BUSY> {
  while (held.has(name)) {
    if (!options?.wait) return BUSY;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  held.add(name);
  try {
    return await fn();
  } finally {
    held.delete(name);
  }
}
