import Dexie, { type EntityTable } from 'dexie';
import type { OutboxEvent } from '../domain/outbox/event';
import type { AuditEvent } from '../domain/audit/actions';

/**
 * Rigside's one IndexedDB database, shared by the page and the service worker.
 * Every schema version stays declared here; a new version adds a `.version(n)` block with an
 * upgrade function and never drops a user's records (STYLE.md: migrations never throw
 * away a user's work).
 */

/** A stored reference row: the validated record plus its key fields for indexes. */
export interface ReferenceRow<T> {
  key: string;
  datasetVersion: string;
  value: T;
}

export interface DatasetMetaRow {
  key: 'active';
  version: string;
  contentHash: string;
  loadedAt: string;
  protocolCount: number;
  medicationCount: number;
  impressionCount: number;
}

export interface SearchIndexRow {
  configHash: string;
  datasetVersion: string;
  chunks: Record<string, string>;
  savedAt: string;
}

/** Records written on the device. `id` is also the id of the outbox event that carries them. */
export interface StoredRecord {
  id: string;
  createdAt: string;
  [field: string]: unknown;
}

export interface PatientContextRow {
  id: string;
  createdAt: string;
  expiresAt: string;
  /** AES-GCM ciphertext of every patient field (src/data/phi-crypto.ts); never plaintext. */
  sealed: { iv: Uint8Array; data: ArrayBuffer };
}

export interface SettingRow {
  key: string;
  value: unknown;
}

export interface KeyRow {
  name: string;
  key: CryptoKey;
}

export type RecordTableName = 'narratives' | 'dosingCalculations' | 'protocolUsage' | 'auditEvents';

export class RigsideDb extends Dexie {
  protocols!: EntityTable<ReferenceRow<unknown>, 'key'>;
  providerImpressions!: EntityTable<ReferenceRow<unknown>, 'key'>;
  medications!: EntityTable<ReferenceRow<unknown>, 'key'>;
  datasetMeta!: EntityTable<DatasetMetaRow, 'key'>;
  searchIndexes!: EntityTable<SearchIndexRow, 'configHash'>;
  patientContexts!: EntityTable<PatientContextRow, 'id'>;
  narratives!: EntityTable<StoredRecord, 'id'>;
  dosingCalculations!: EntityTable<StoredRecord, 'id'>;
  protocolUsage!: EntityTable<StoredRecord, 'id'>;
  auditEvents!: EntityTable<AuditEvent, 'id'>;
  outbox!: EntityTable<OutboxEvent, 'id'>;
  deadLetters!: EntityTable<OutboxEvent & { rejectedAt: string; reason: string }, 'id'>;
  settings!: EntityTable<SettingRow, 'key'>;
  keys!: EntityTable<KeyRow, 'name'>;

  constructor(name = 'rigside') {
    super(name);
    this.version(1).stores({
      protocols: 'key',
      providerImpressions: 'key',
      medications: 'key',
      datasetMeta: 'key',
      searchIndexes: 'configHash',
      patientContexts: 'id, createdAt, expiresAt',
      narratives: 'id, createdAt, contextId',
      dosingCalculations: 'id, createdAt, contextId',
      protocolUsage: 'id, createdAt, tpCode',
      auditEvents: 'id, occurredAt, action',
      outbox: 'id, kind, nextAttemptAt, createdAt',
      deadLetters: 'id, kind, rejectedAt',
      settings: 'key',
      keys: 'name',
    });
  }
}

let shared: RigsideDb | undefined;

/** The app's database; tests make their own `new RigsideDb(uniqueName)`. */
export function appDb(): RigsideDb {
  shared ??= new RigsideDb();
  return shared;
}
