import { createContext, useContext, type ReactNode } from 'react';
import type { RigsideDb } from '../data/db';
import type { AuditLog } from '../data/audit-log';
import type { SyncHandle } from './sync-runner';

/** The adapters the screens use, injected so tests can hand in their own database. */
export interface Services {
  db: RigsideDb;
  audit: AuditLog;
  /** Sending and pulling; null when the build names no server (records wait in the outbox). */
  sync: SyncHandle | null;
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices() outside <ServicesProvider>: wrap the app in it');
  return services;
}
