import { afterEach, describe, expect, it, vi } from 'vitest';
import { RigsideDb } from '../data/db';
import { ensureStoragePersistence, readStoragePersistence } from './storage-persistence';

const open: RigsideDb[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.delete();
});
const fresh = () => {
  const db = new RigsideDb(`test-persist-${crypto.randomUUID()}`);
  open.push(db);
  return db;
};

describe('storage persistence', () => {
  it('asks the browser once on first run and remembers the answer', async () => {
    const db = fresh();
    const storage = { persist: vi.fn(async () => true), persisted: vi.fn(async () => true) };
    expect(await ensureStoragePersistence(db, storage)).toMatchObject({ firstRun: true, state: { status: 'granted' } });
    expect(await ensureStoragePersistence(db, storage)).toMatchObject({
      firstRun: false,
      state: { status: 'granted' },
    });
    expect(storage.persist).toHaveBeenCalledTimes(1);
    expect(storage.persisted).toHaveBeenCalledTimes(1);
    expect(await readStoragePersistence(db)).toMatchObject({ status: 'granted' });
  });

  it('records a refusal as denied', async () => {
    const db = fresh();
    await ensureStoragePersistence(db, { persist: async () => false, persisted: async () => false });
    expect(await readStoragePersistence(db)).toMatchObject({ status: 'denied' });
  });

  it('says unsupported where the browser has no storage manager', async () => {
    const db = fresh();
    expect((await ensureStoragePersistence(db, undefined)).state.status).toBe('unsupported');
  });
});
