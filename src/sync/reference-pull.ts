import { z } from 'zod';
import { activeDatasetMeta, type RigsideDb, type StagedReferenceRow } from '../data/db';
import { applyDatasetBundle, readMirroredDataset } from '../data/reference-mirror';
import { buildDatasetBundle } from '../data/dataset-bundle';
import { canonicalJson, type Dataset, type DatasetContent } from '../domain/protocols/dataset';
import type { TransportResult } from '../domain/sync/classify';
import { BUSY, PULL_LOCK, type LockRunner } from './locks';
import { changeNoteSchema } from '../domain/versions/change-log';
import { CHANGE_NOTES_KEY, mergeChangeNotes, readChangeNotes, type StoredChangeNotes } from '../data/reference-changes';

/**
 * Reference data comes down (DESIGN.md, Sync): `pull_reference_page` pages by (version, slot)
 * with tombstones. Each page and the cursor are staged in ONE transaction, so a pull cut off
 * half way resumes where it stopped; the mirror changes only when the last page is in, in one
 * transaction with its meta (applyDatasetBundle), so search never sees a half-applied dataset.
 */
const rowSchema = z.object({
  version: z.number().int().min(0),
  kind: z.enum(['protocol', 'provider_impression', 'medication']),
  key: z.string().min(1),
  slot: z.string().min(1),
  deleted: z.boolean(),
  record: z.unknown(),
  // A change log the device cannot read never stops the records it came with.
  change: changeNoteSchema.nullable().optional().catch(null),
});
const pageSchema = z.object({
  version: z.number().int().min(0),
  reset: z.boolean(),
  done: z.boolean(),
  rows: z.array(rowSchema),
});

const cursorSchema = z.object({
  since: z.number().int().min(0),
  afterVersion: z.number().int().nullable(),
  afterSlot: z.string().nullable(),
  reset: z.boolean(),
});
type Cursor = z.infer<typeof cursorSchema>;
const CURSOR_KEY = 'pullCursor';
/** The department whose popularity the mirror holds (the department of the crew member who last pulled). */
export const PULLED_FOR_DEPARTMENT_KEY = 'pulledForDepartment';
export const LAST_UPDATE_KEY = 'lastReferenceUpdate';

export const referenceUpdateSchema = z.object({
  version: z.number().int(),
  at: z.string(),
  protocols: z.object({ added: z.array(z.string()), changed: z.array(z.string()), retired: z.array(z.string()) }),
  medications: z.object({ added: z.array(z.string()), changed: z.array(z.string()), retired: z.array(z.string()) }),
  /**
   * Protocols whose popularity alone changed: the server's hourly share of search ranking from
   * the department's protocol use (issue 15), not a change to the protocol the crew reads.
   */
  ranking: z.number().int().min(0).optional(),
  /** What changed, from the change logs of the records this update added or changed (older updates have none). */
  notes: z
    .array(
      z.object({
        kind: z.enum(['protocol', 'medication']),
        key: z.string(),
        name: z.string(),
        note: changeNoteSchema,
      }),
    )
    .default([]),
});
export type ReferenceUpdate = z.infer<typeof referenceUpdateSchema>;

export interface PageRequest {
  since_version: number;
  after_version: number | null;
  after_slot: string | null;
  page_size: number;
}

export interface PullDeps {
  db: RigsideDb;
  fetchPage: (request: PageRequest) => Promise<TransportResult>;
  lock: LockRunner;
  /**
   * The signed-in crew member's department id (the server answers the pull for it). Protocol
   * popularity is each department's own, and a pull since a version only carries what changed
   * since: so a pull for another department than the mirror's starts from version 0, and the
   * mirror takes the new department's popularity whole. Unknown (a sign-in from before the
   * department was kept): pulls as before.
   */
  department?: string | undefined;
  now?: () => Date;
  pageSize?: number;
}

export type PullReport =
  | { status: 'updated'; update: ReferenceUpdate; pages: number }
  | { status: 'current'; version: number; pages: number }
  | { status: 'busy' }
  | { status: 'failed'; message: string; pages: number };

export async function pullReference(deps: PullDeps): Promise<PullReport> {
  const outcome = await deps.lock(PULL_LOCK, () => pullLocked(deps));
  return outcome === BUSY ? { status: 'busy' } : outcome;
}

async function pullLocked({
  db,
  fetchPage,
  department,
  now = () => new Date(),
  pageSize = 200,
}: PullDeps): Promise<PullReport> {
  const meta = await activeDatasetMeta(db);
  const pulledFor = (await db.settings.get(PULLED_FOR_DEPARTMENT_KEY))?.value;
  const since = department === undefined || pulledFor === department ? (meta?.referenceVersion ?? 0) : 0;
  let cursor = cursorSchema.safeParse((await db.settings.get(CURSOR_KEY))?.value).data;
  if (!cursor || cursor.since !== since) {
    // A pull for another starting point (or none) was left behind: start over.
    cursor = { since, afterVersion: null, afterSlot: null, reset: false };
    await db.transaction('rw', db.referenceStaging, db.settings, async () => {
      await db.referenceStaging.clear();
      await db.settings.put({ key: CURSOR_KEY, value: cursor });
    });
  }

  let pages = 0;
  let target = since;
  for (;;) {
    const result = await fetchPage({
      since_version: since,
      after_version: cursor.afterVersion,
      after_slot: cursor.afterSlot,
      page_size: pageSize,
    });
    pages++;
    if (result.kind !== 'response')
      return {
        status: 'failed',
        message: result.kind === 'timeout' ? 'the server did not answer in time' : 'no connection to the server',
        pages,
      };
    if (result.status !== 200)
      return { status: 'failed', message: `the server refused the pull (HTTP ${result.status})`, pages };
    const page = pageSchema.safeParse(result.body);
    if (!page.success)
      return { status: 'failed', message: 'the server’s answer to the pull is not a page of reference data', pages };
    const { rows, done, version, reset } = page.data;
    const last = rows.at(-1);
    const next: Cursor = {
      since,
      afterVersion: last ? last.version : cursor.afterVersion,
      afterSlot: last ? last.slot : cursor.afterSlot,
      reset: cursor.reset || reset,
    };
    const staged: StagedReferenceRow[] = rows.map((r) => ({
      slot: r.slot,
      kind: r.kind,
      key: r.key,
      deleted: r.deleted,
      record: r.record,
      change: r.change ?? null,
    }));
    await db.transaction('rw', db.referenceStaging, db.settings, async () => {
      await db.referenceStaging.bulkPut(staged);
      await db.settings.put({ key: CURSOR_KEY, value: next });
    });
    cursor = next;
    if (done) {
      target = version;
      break;
    }
  }

  const staged = await db.referenceStaging.toArray();
  // No row to apply: the device is current at its version, even when a server says a newer
  // version (one taken by a change this device is not sent); applying nothing would only rebuild
  // the mirror and the search index from the same data.
  if (staged.length === 0 && !cursor.reset && (target === since || since > 0)) {
    await db.settings.delete(CURSOR_KEY);
    return { status: 'current', version: since, pages };
  }
  const before = await readMirroredDataset(db);
  const replaceAll = since === 0 || cursor.reset || !before;
  const content = merge(replaceAll ? null : before, staged);
  const dataset = await buildDatasetBundle(content, `server-${target}`).catch((error: unknown) => error as Error);
  if (dataset instanceof Error)
    return refuse(db, `the pulled data is not valid (${dataset.message.slice(0, 300)})`, pages);
  const applied = await applyDatasetBundle(db, dataset, now(), target);
  if (applied.status === 'refused') return refuse(db, applied.message, pages);

  const at = now().toISOString();
  const changed = changes(before, dataset);
  const notes = mergeChangeNotes(await readChangeNotes(db), staged, replaceAll, at);
  const update: ReferenceUpdate = { version: target, at, ...changed, notes: notesFor(changed, dataset, notes) };
  await db.transaction('rw', db.referenceStaging, db.settings, async () => {
    await db.referenceStaging.clear();
    await db.settings.delete(CURSOR_KEY);
    await db.settings.put({ key: LAST_UPDATE_KEY, value: update });
    await db.settings.put({ key: CHANGE_NOTES_KEY, value: notes });
    if (department !== undefined) await db.settings.put({ key: PULLED_FOR_DEPARTMENT_KEY, value: department });
  });
  return { status: 'updated', update, pages };
}

async function refuse(db: RigsideDb, message: string, pages: number): Promise<PullReport> {
  // The old mirror stays in use; the next pull starts from scratch.
  await db.transaction('rw', db.referenceStaging, db.settings, async () => {
    await db.referenceStaging.clear();
    await db.settings.delete(CURSOR_KEY);
  });
  return { status: 'failed', message, pages };
}

function merge(base: Dataset | null, staged: StagedReferenceRow[]): DatasetContent {
  const protocols = new Map((base?.protocols ?? []).map((p) => [p.tp_code, p as unknown]));
  const impressions = new Map((base?.provider_impressions ?? []).map((i) => [`${i.code}:${i.name}`, i as unknown]));
  const medications = new Map((base?.medications ?? []).map((m) => [m.id, m as unknown]));
  const tables = { protocol: protocols, provider_impression: impressions, medication: medications };
  for (const row of staged) {
    if (row.deleted) tables[row.kind].delete(row.key);
    else tables[row.kind].set(row.key, row.record);
  }
  // The server may retire a protocol or medication that another protocol still links to: the
  // link goes, the update does not (a device that refused it would never update again).
  for (const [code, value] of protocols) {
    const p = value as { related?: string[]; medications?: Array<{ medication_id: string }> };
    const related = p.related?.filter((r) => protocols.has(r));
    const linked = p.medications?.filter((m) => medications.has(m.medication_id));
    if (related?.length !== p.related?.length || linked?.length !== p.medications?.length) {
      protocols.set(code, { ...p, ...(related ? { related } : {}), ...(linked ? { medications: linked } : {}) });
    }
  }
  const sorted = (m: Map<string, unknown>) =>
    [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  return {
    protocols: sorted(protocols),
    provider_impressions: sorted(impressions),
    medications: sorted(medications),
  } as DatasetContent;
}

function diff<T>(before: readonly T[], after: readonly T[], key: (t: T) => string) {
  const old = new Map(before.map((t) => [key(t), canonicalJson(t)]));
  const now = new Map(after.map((t) => [key(t), canonicalJson(t)]));
  return {
    added: [...now.keys()].filter((k) => !old.has(k)).sort(),
    changed: [...now.keys()].filter((k) => old.has(k) && old.get(k) !== now.get(k)).sort(),
    retired: [...old.keys()].filter((k) => !now.has(k)).sort(),
  };
}

/** The change logs of the records this update added or changed, for Sync status. */
function notesFor(
  changed: ReturnType<typeof changes>,
  dataset: Dataset,
  notes: StoredChangeNotes,
): ReferenceUpdate['notes'] {
  const names = new Map<string, string>([
    ...dataset.protocols.map((p) => [`protocol/${p.tp_code}`, `TP ${p.tp_code} ${p.name}`] as const),
    ...dataset.medications.map((m) => [`medication/${m.id}`, m.name] as const),
  ]);
  const out: ReferenceUpdate['notes'] = [];
  for (const kind of ['protocol', 'medication'] as const) {
    const group = kind === 'protocol' ? changed.protocols : changed.medications;
    for (const key of [...group.added, ...group.changed]) {
      const stored = notes[`${kind}/${key}`];
      if (stored)
        out.push({
          kind,
          key,
          name: names.get(`${kind}/${key}`) ?? key,
          note: { version: stored.version, effective_date: stored.effective_date, change_log: stored.change_log },
        });
    }
  }
  return out;
}

function changes(before: Dataset | null, after: Dataset) {
  // A protocol whose popularity alone moved is not "changed" for the crew: only its ranking is.
  const withoutPopularity = ({ popularity: _popularity, ...rest }: Dataset['protocols'][number]) => rest;
  const protocols = diff(
    (before?.protocols ?? []).map(withoutPopularity),
    after.protocols.map(withoutPopularity),
    (p) => p.tp_code,
  );
  const old = new Map((before?.protocols ?? []).map((p) => [p.tp_code, p.popularity]));
  const ranking = after.protocols.filter((p) => old.has(p.tp_code) && old.get(p.tp_code) !== p.popularity).length;
  return {
    protocols,
    medications: diff(before?.medications ?? [], after.medications, (m) => m.id),
    ranking,
  };
}
