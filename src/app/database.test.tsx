import { afterEach, describe, expect, it, vi } from 'vitest';
import { Suspense } from 'react';
import { act, cleanup, render, screen } from '@testing-library/react';
import { RigsideDb } from '../data/db';
import { createAuditLog } from '../data/audit-log';
import { lazyDatabase } from './database';
import { ServicesProvider, useServices } from './services';

const dbs: RigsideDb[] = [];
afterEach(async () => {
  cleanup();
  for (const db of dbs.splice(0)) await db.delete();
});

function testDb(): RigsideDb {
  const db = new RigsideDb(`test-lazy-db-${crypto.randomUUID()}`);
  dbs.push(db);
  return db;
}

function DatabaseName() {
  return <p>database {useServices().db.name}</p>;
}

describe('the database, loaded when first needed', () => {
  it('is not loaded until something awaits it, and is loaded once however often it is awaited', async () => {
    const db = testDb();
    const load = vi.fn(() => Promise.resolve(db));
    const database = lazyDatabase(load);
    expect(load).not.toHaveBeenCalled();
    expect(await database).toBe(db);
    expect(await Promise.all([database, database])).toEqual([db, db]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('passes on a failed load to whoever awaits it', async () => {
    const database = lazyDatabase(() => Promise.reject(new Error('the database chunk could not be fetched')));
    await expect(Promise.resolve(database)).rejects.toThrow('could not be fetched');
  });

  it('holds a screen that needs it behind its Suspense boundary until it has loaded, then renders it', async () => {
    const db = testDb();
    let loaded!: (db: RigsideDb) => void;
    const database = lazyDatabase(() => new Promise<RigsideDb>((resolve) => (loaded = resolve)));
    // Rendered inside an async act: after a sync one, React leaves the retry in act's queue.
    await act(async () => {
      render(
        <ServicesProvider services={{ db: database, audit: createAuditLog(db), sync: null }}>
          <Suspense fallback={<p>Opening…</p>}>
            <DatabaseName />
          </Suspense>
        </ServicesProvider>,
      );
    });
    expect(screen.getByText('Opening…')).toBeTruthy();
    await act(async () => loaded(db));
    expect(await screen.findByText(`database ${db.name}`)).toBeTruthy();
  });
});
