import Dexie, { type EntityTable } from 'dexie';
import type { ChangeNote } from '../domain/versions/change-log';
import type { DeadLetter, OutboxEvent } from '../domain/outbox/event';
import type { AuditEvent } from '../domain/audit/actions';
import { APP_DB_NAME } from './search-start-read';

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
  /** The server's reference version once a pull has applied; null while only the shipped bundle is here. */
  referenceVersion?: number | null;
  /** SHA-256 of the mirrored medications (hashFormularyRecords), checked whenever the formulary is loaded for dosing. */
  formularyHash?: string;
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

/**
 * The narrative being written for one patient, sealed like the patient context (it is PHI)
 * and purged with it. Every edit is written here, so closing the app mid-sentence loses nothing.
 */
export interface NarrativeDraftRow {
  contextId: string;
  expiresAt: string;
  updatedAt: string;
  /** AES-GCM ciphertext of the draft (src/data/narratives.ts); never plaintext. */
  sealed: { iv: Uint8Array; data: ArrayBuffer };
}

export interface PatientContextRow {
  id: string;
  createdAt: string;
  expiresAt: string;
  /** AES-GCM ciphertext of every patient field (src/data/phi-crypto.ts); never plaintext. */
  sealed: { iv: Uint8Array; data: ArrayBuffer };
}

/** A reference row fetched by a pull that has not finished yet (src/sync/reference-pull.ts). */
export interface StagedReferenceRow {
  /** `${kind}/${key}`: one row per record, the newest page wins. */
  slot: string;
  kind: 'protocol' | 'provider_impression' | 'medication';
  key: string;
  deleted: boolean;
  record: unknown;
  /** The change log of the record's version in force, when the console drafted it. */
  change?: ChangeNote | null;
}

export interface SettingRow {
  key: string;
  value: unknown;
}

export interface KeyRow {
  name: string;
  key: CryptoKey;
}

export type RecordTableName = 'narratives' | 'dosingCalculations' | 'protocolUsage' | 'auditEvents' | 'closedCalls';

export class RigsideDb extends Dexie {
  protocols!: EntityTable<ReferenceRow<unknown>, 'key'>;
  providerImpressions!: EntityTable<ReferenceRow<unknown>, 'key'>;
  medications!: EntityTable<ReferenceRow<unknown>, 'key'>;
  datasetMeta!: EntityTable<DatasetMetaRow, 'key'>;
  searchIndexes!: EntityTable<SearchIndexRow, 'configHash'>;
  patientContexts!: EntityTable<PatientContextRow, 'id'>;
  narrativeDrafts!: EntityTable<NarrativeDraftRow, 'contextId'>;
  narratives!: EntityTable<StoredRecord, 'id'>;
  /** Calls the crew closed: which patient, which report, when (no PHI: the encounter travels in the event). */
  closedCalls!: EntityTable<StoredRecord, 'id'>;
  dosingCalculations!: EntityTable<StoredRecord, 'id'>;
  protocolUsage!: EntityTable<StoredRecord, 'id'>;
  auditEvents!: EntityTable<AuditEvent, 'id'>;
  /** The outbox: ordered by `seq`, the device's own auto-increment, one counter for page and worker. */
  outboxEvents!: EntityTable<OutboxEvent, 'seq'>;
  deadLetters!: EntityTable<DeadLetter, 'id'>;
  referenceStaging!: EntityTable<StagedReferenceRow, 'slot'>;
  settings!: EntityTable<SettingRow, 'key'>;
  keys!: EntityTable<KeyRow, 'name'>;

  constructor(name = APP_DB_NAME) {
    // Strict durability: a write the crew was told is recorded is on disk, not in an OS buffer.
    super(name, { chromeTransactionDurability: 'strict' });
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
    // The outbox gains its own sequence (the UUID v7 stays the idempotency key) and its author.
    // IndexedDB cannot change a primary key, so the events move to a new store.
    this.version(2)
      .stores({
        outboxEvents: '++seq, &id, kind, authorId',
        deadLetters: 'id, seq, kind, rejectedAt',
        referenceStaging: 'slot',
      })
      .upgrade(async (tx) => {
        const old = await tx.table('outbox').orderBy('createdAt').toArray();
        await tx
          .table('outboxEvents')
          .bulkAdd(old.map(({ seq: _seq, ...event }: Record<string, unknown>) => ({ authorId: null, ...event })));
      });
    this.version(3).stores({ outbox: null });
    // Narratives: a sealed draft per patient context, kept through every edit until it expires.
    this.version(4).stores({ narrativeDrafts: 'contextId, expiresAt' });
    // Closing a call hands it to the ePCR: the record of the closing, by patient context.
    this.version(5).stores({ closedCalls: 'id, contextId, createdAt' });
  }
}

let shared: RigsideDb | undefined;

/** The app's database; tests make their own `new RigsideDb(uniqueName)`. */
export function appDb(): RigsideDb {
  shared ??= new RigsideDb();
  return shared;
}

/** The mirrored dataset's description, or null before the first mirror. Here rather than in
 * reference-mirror.ts so that the search worker reads it without loading the mirror's checks. */
export async function activeDatasetMeta(db: RigsideDb): Promise<DatasetMetaRow | null> {
  return (await db.datasetMeta.get('active')) ?? null;
}
