import type { RigsideDb } from '../data/db';

/**
 * supabase-js keeps its session through this adapter, in IndexedDB rather than
 * localStorage, which a service worker cannot reach.
 */
export function dexieAuthStorage(db: RigsideDb) {
  const key = (name: string) => `auth:${name}`;
  return {
    async getItem(name: string): Promise<string | null> {
      const row = await db.settings.get(key(name));
      return typeof row?.value === 'string' ? row.value : null;
    },
    async setItem(name: string, value: string): Promise<void> {
      await db.settings.put({ key: key(name), value });
    },
    async removeItem(name: string): Promise<void> {
      await db.settings.delete(key(name));
    },
  };
}

/** The user id of the stored supabase-js session, if any (expired or not): for Sync status. */
export async function storedSessionUserId(db: RigsideDb): Promise<string | null> {
  const row = await db.settings.get('auth:rigside-auth');
  if (typeof row?.value !== 'string') return null;
  try {
    const id = (JSON.parse(row.value) as { user?: { id?: unknown } }).user?.id;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}
