import type { DatasetMetaRow, SearchIndexRow } from './db';

/** The name of Rigside's IndexedDB database (src/data/db.ts opens it with Dexie). */
export const APP_DB_NAME = 'rigside';

/** What the search worker needs from the mirror to start: its description and the one export kept. */
export interface SearchStartRead {
  meta: DatasetMetaRow | null;
  kept: Pick<SearchIndexRow, 'configHash' | 'chunks'> | null;
}

const NOTHING: SearchStartRead = { meta: null, kept: null };

/**
 * Reads the two rows a cold start's search needs with IndexedDB itself, in one read-only
 * transaction, and closes the connection. The search worker starts with this instead of Dexie:
 * Dexie was 96 KB of the worker's 225 KB, compiled before its first read, and its open checks
 * every table's schema; this read needs neither. Writing (a built index) still goes through
 * Dexie, loaded when it is needed.
 *
 * It never creates or upgrades the database: on a device that has none yet the open's upgrade is
 * aborted (so Dexie later creates it at its own version) and the answer is "nothing mirrored".
 * A page that upgrades the database meanwhile is never blocked: the connection closes when asked.
 */
export function readSearchStart(name: string = APP_DB_NAME, idb: IDBFactory = indexedDB): Promise<SearchStartRead> {
  return new Promise((resolve, reject) => {
    const open = idb.open(name);
    let created = false;
    open.onupgradeneeded = () => {
      created = true;
      open.transaction?.abort();
    };
    open.onerror = (event) => {
      if (created) {
        // Our own abort: no database here yet.
        event.preventDefault();
        resolve(NOTHING);
      } else reject(open.error ?? new Error(`IndexedDB "${name}" could not be opened`));
    };
    open.onsuccess = () => {
      const db = open.result;
      db.onversionchange = () => db.close();
      const stores = ['datasetMeta', 'searchIndexes'];
      if (!stores.every((store) => db.objectStoreNames.contains(store))) {
        db.close();
        resolve(NOTHING);
        return;
      }
      const tx = db.transaction(stores, 'readonly');
      const meta = tx.objectStore('datasetMeta').get('active') as IDBRequest<DatasetMetaRow | undefined>;
      // A device keeps one export (search-index-store.ts, `saveSearchIndex`); whatever it was saved under,
      // the caller checks its settings hash.
      const kept = tx.objectStore('searchIndexes').getAll(null, 1) as IDBRequest<SearchIndexRow[]>;
      tx.oncomplete = () => {
        db.close();
        const row = kept.result[0];
        resolve({ meta: meta.result ?? null, kept: row ? { configHash: row.configHash, chunks: row.chunks } : null });
      };
      tx.onabort = () => {
        db.close();
        reject(tx.error ?? new Error(`reading the search index from IndexedDB "${name}" was aborted`));
      };
    };
  });
}
