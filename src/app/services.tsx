import { createContext, use, useContext, type ReactNode } from 'react';
import type { RigsideDb } from '../data/db';
import type { AuditLog } from '../data/audit-log';
import type { SyncHandle } from './sync-runner';

/**
 * The app's database, or (in the app) the promise of it: Dexie is not part of the first screen's
 * load (issue 13: cold start); it loads when first awaited (src/app/database.ts).
 */
export type DatabaseSource = RigsideDb | PromiseLike<RigsideDb>;

/** The adapters the screens use, injected so tests can hand in their own database. */
export interface Services {
  db: DatabaseSource;
  audit: AuditLog;
  /** Sending and pulling; null when the build names no server (records wait in the outbox). */
  sync: SyncHandle | null;
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

function useServicesContext(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices() outside <ServicesProvider>: wrap the app in it');
  return services;
}

function isLoaded(db: DatabaseSource): db is RigsideDb {
  return typeof (db as Partial<PromiseLike<RigsideDb>>).then !== 'function';
}

/**
 * The services with the database loaded. A component that calls it suspends (React's `use`)
 * until the database has loaded, the first time only; render it inside a <Suspense> boundary.
 */
export function useServices(): Omit<Services, 'db'> & { db: RigsideDb } {
  const services = useServicesContext();
  const db = isLoaded(services.db) ? services.db : use(services.db);
  return { ...services, db };
}

/** The server sync handle, without waiting for the database. */
export function useSync(): SyncHandle | null {
  return useServicesContext().sync;
}
