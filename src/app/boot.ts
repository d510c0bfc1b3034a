import { appDb } from '../data/db';
import { createAuditLog } from '../data/audit-log';
import { ensureStoragePersistence } from './storage-persistence';
import type { Services } from './services';

/** Opens the local stores and records the start; never blocks the first render. */
export function boot(): Services {
  const db = appDb();
  const audit = createAuditLog(db);
  void (async () => {
    const { state, firstRun } = await ensureStoragePersistence(db);
    if (firstRun) await audit.record('storage_persistence_requested', { status: state.status });
    await audit.record('app_started', { standalone: matchMedia('(display-mode: standalone)').matches });
  })().catch((error: unknown) => console.error('Rigside could not finish starting up', error));
  return { db, audit };
}
