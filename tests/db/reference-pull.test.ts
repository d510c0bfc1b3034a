// Reference data coming down to a device: pull_reference_page pages by (version, slot) with
// tombstones and a reset, and the device's own pull code (src/sync/reference-pull.ts, on
// fake-indexeddb) applies what the server sends, atomically and resumably.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeDatasetMeta, RigsideDb } from '../../src/data/db';
import { readMirroredDataset } from '../../src/data/reference-mirror';
import { getProtocol } from '../../src/data/reference-reads';
import { BUSY, type LockRunner } from '../../src/sync/locks';
import { LAST_UPDATE_KEY, pullReference, type PageRequest } from '../../src/sync/reference-pull';
import type { TransportResult } from '../../src/domain/sync/classify';
import { createTestDatabase, type TestDatabase } from './helpers';

interface Page {
  version: number;
  reset: boolean;
  done: boolean;
  rows: Array<{
    version: number;
    kind: string;
    key: string;
    slot: string;
    deleted: boolean;
    record: Record<string, unknown> | null;
  }>;
}

const PARAMEDIC = 'a0000000-0000-4000-8000-000000000001';
const caller = { userId: PARAMEDIC, appRole: 'paramedic' as const };
let db: TestDatabase;
const devices: RigsideDb[] = [];

beforeAll(async () => {
  db = await createTestDatabase({ seed: true });
});
afterAll(async () => {
  for (const d of devices) await d.delete();
  await db?.close();
});

async function page(since: number, after: { version: number; slot: string } | null = null, size = 200): Promise<Page> {
  const { rows } = await db.queryAs<{ page: Page }>(
    caller,
    'select public.pull_reference_page($1, $2, $3, $4) as page',
    [since, after?.version ?? null, after?.slot ?? null, size],
  );
  return rows[0]!.page;
}

async function allPages(since: number, size: number): Promise<{ pages: Page[]; rows: Page['rows'] }> {
  const pages: Page[] = [];
  let after: { version: number; slot: string } | null = null;
  for (let i = 0; i < 100; i++) {
    const p = await page(since, after, size);
    pages.push(p);
    const last = p.rows.at(-1);
    if (last) after = { version: last.version, slot: last.slot };
    if (p.done) break;
  }
  return { pages, rows: pages.flatMap((p) => p.rows) };
}

const counts = async () =>
  (
    await db.query<{ p: number; i: number; m: number }>(
      `select (select count(*)::int from public.protocols where deleted_at is null) as p,
            (select count(*)::int from public.provider_impressions where deleted_at is null) as i,
            (select count(*)::int from public.medications where deleted_at is null) as m`,
    )
  ).rows[0]!;

async function changeMedication(
  id: string,
  change: (record: Record<string, unknown>) => Record<string, unknown>,
): Promise<void> {
  const { rows } = await db.query<{ record: Record<string, unknown> }>(
    'select record from public.medications where id = $1',
    [id],
  );
  await db.query('update public.medications set record = $2 where id = $1', [
    id,
    JSON.stringify(change(rows[0]!.record)),
  ]);
}

describe('my_profile', () => {
  it('tells a signed-in paramedic their role, department and station', async () => {
    const { rows } = await db.queryAs<{ p: Record<string, unknown> }>(caller, 'select public.my_profile() as p');
    expect(rows[0]!.p).toMatchObject({
      id: PARAMEDIC,
      role: 'paramedic',
      department: { code: 'NVFD' },
      station: { code: 'ST12' },
    });
  });
  it('is not callable without a sign-in', async () => {
    await expect(db.queryAs('anon', 'select public.my_profile()')).rejects.toThrow(/permission denied/);
  });
});

describe('pull_reference_page', () => {
  it('pages a pull from scratch so that every current row comes exactly once, in (version, slot) order, without tombstones', async () => {
    const { pages, rows } = await allPages(0, 25);
    const expected = await counts();
    expect(pages.length).toBeGreaterThan(3);
    expect(pages.at(-1)!.done).toBe(true);
    expect(new Set(rows.map((r) => r.slot)).size).toBe(rows.length);
    expect(rows.filter((r) => r.kind === 'protocol')).toHaveLength(expected.p);
    expect(rows.filter((r) => r.kind === 'provider_impression')).toHaveLength(expected.i);
    expect(rows.filter((r) => r.kind === 'medication')).toHaveLength(expected.m);
    expect(rows.some((r) => r.deleted)).toBe(false);
    const order = rows.map((r) => [r.version, r.slot] as const);
    expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)));
  });

  it('sends a device only what changed since its version: the changed row in full and a tombstone for a retired one', async () => {
    const { version } = await page(0, null, 1);
    await changeMedication('naloxone', (r) => ({ ...r, guidance: 'changed for the pull test' }));
    await db.query("update public.protocols set deleted_at = now() where tp_code = '1244-P'");
    const { rows } = await allPages(version, 200);
    expect(rows.map((r) => [r.kind, r.key, r.deleted])).toEqual(
      expect.arrayContaining([
        ['medication', 'naloxone', false],
        ['protocol', '1244-P', true],
      ]),
    );
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.key === '1244-P')!.record).toBeNull();
  });

  it('answers reset to a device ahead of the server (a server restored from a backup)', async () => {
    const { version } = await page(0, null, 1);
    const p = await page(version + 1000, null, 500);
    expect(p.reset).toBe(true);
    expect(p.rows.some((r) => r.deleted)).toBe(false);
    expect(p.rows.length).toBeGreaterThan(50);
  });

  it('refuses nonsense arguments with a message that says what to send', async () => {
    await expect(page(-1)).rejects.toThrow(/since_version must be 0/);
    await expect(page(0, null, 0)).rejects.toThrow(/page_size must be between 1 and 1000/);
    await expect(db.queryAs(caller, 'select public.pull_reference_page(0, 5, null, 10)')).rejects.toThrow(
      /go together/,
    );
    await expect(db.queryAs('anon', 'select public.pull_reference_page(0)')).rejects.toThrow(/permission denied/);
  });
});

describe('the device applies a pull', () => {
  const lock: LockRunner = async (_name, fn) => fn();
  function device(): RigsideDb {
    const d = new RigsideDb(`pull-${crypto.randomUUID()}`);
    devices.push(d);
    return d;
  }
  const fetchAs = (failAfter = Infinity) => {
    let calls = 0;
    return async (request: PageRequest): Promise<TransportResult> => {
      if (calls++ >= failAfter) return { kind: 'network_error', message: 'dropped' };
      try {
        const { rows } = await db.queryAs<{ page: unknown }>(
          caller,
          'select public.pull_reference_page($1, $2, $3, $4) as page',
          [request.since_version, request.after_version, request.after_slot, request.page_size],
        );
        return { kind: 'response', status: 200, body: rows[0]!.page };
      } catch (error) {
        return { kind: 'response', status: 400, body: { message: (error as Error).message } };
      }
    };
  };

  it('mirrors the server’s data from scratch, resuming after a dropped page without starting over', async () => {
    const d = device();
    const first = await pullReference({ db: d, fetchPage: fetchAs(2), lock, pageSize: 20 });
    expect(first).toMatchObject({ status: 'failed', pages: 3 });
    expect(await activeDatasetMeta(d)).toBeNull(); // nothing half-applied
    expect(await d.referenceStaging.count()).toBe(40);
    const pages: PageRequest[] = [];
    const fetch = fetchAs();
    const second = await pullReference({ db: d, fetchPage: (r) => (pages.push(r), fetch(r)), lock, pageSize: 20 });
    expect(second).toMatchObject({ status: 'updated' });
    expect(pages[0]?.after_slot).not.toBeNull(); // resumed where it stopped
    const expected = await counts();
    const meta = await activeDatasetMeta(d);
    expect(meta).toMatchObject({ protocolCount: expected.p, impressionCount: expected.i, medicationCount: expected.m });
    expect(meta?.referenceVersion).toBeGreaterThan(0);
    expect(await d.referenceStaging.count()).toBe(0);
  });

  it('applies a later change as a delta and says what changed', async () => {
    const d = device();
    expect((await pullReference({ db: d, fetchPage: fetchAs(), lock })).status).toBe('updated');
    await changeMedication('ondansetron', (r) => ({ ...r, guidance: 'a second change for the pull test' }));
    const report = await pullReference({ db: d, fetchPage: fetchAs(), lock });
    expect(report).toMatchObject({
      status: 'updated',
      update: { medications: { changed: ['ondansetron'], added: [], retired: [] } },
    });
    const mirrored = await readMirroredDataset(d);
    expect(
      (mirrored?.medications.find((m) => m.id === 'ondansetron') as { guidance?: string } | undefined)?.guidance,
    ).toBe('a second change for the pull test');
    expect(await getProtocol(d, '1244-P')).toBeNull();
    expect((await pullReference({ db: d, fetchPage: fetchAs(), lock })).status).toBe('current');
  });

  it('keeps the old mirror when the server sends a record the device’s schema refuses', async () => {
    const d = device();
    await pullReference({ db: d, fetchPage: fetchAs(), lock });
    const before = await activeDatasetMeta(d);
    const broken = async (request: PageRequest): Promise<TransportResult> => {
      const real = await fetchAs()(request);
      if (real.kind !== 'response') return real;
      const body = real.body as Page;
      return {
        ...real,
        body: {
          ...body,
          done: true,
          version: body.version + 1,
          rows: [
            {
              version: body.version + 1,
              kind: 'protocol',
              key: '1211',
              slot: 'protocol/1211',
              deleted: false,
              record: { tp_code: '1211' },
            },
          ],
        },
      };
    };
    const report = await pullReference({ db: d, fetchPage: broken, lock });
    expect(report.status).toBe('failed');
    expect(await activeDatasetMeta(d)).toEqual(before);
    expect(await d.referenceStaging.count()).toBe(0);
  });

  it('stays current when the version moves on with no row for the device (another department’s change): nothing is re-applied', async () => {
    const d = device();
    expect((await pullReference({ db: d, fetchPage: fetchAs(), lock })).status).toBe('updated');
    const meta = await activeDatasetMeta(d);
    const lastUpdate = await d.settings.get(LAST_UPDATE_KEY);
    // A transaction that took a reference version and changed nothing this device is sent.
    await db.query('select private.claim_reference_version()');
    const since = meta!.referenceVersion!;
    const answer = await page(since);
    expect(answer).toMatchObject({ rows: [], done: true, reset: false, version: since });
    expect(await pullReference({ db: d, fetchPage: fetchAs(), lock })).toEqual({
      status: 'current',
      version: since,
      pages: 1,
    });
    expect(await activeDatasetMeta(d)).toEqual(meta);
    expect(await d.settings.get(LAST_UPDATE_KEY)).toEqual(lastUpdate);
  });

  it('lets one pull run at a time', async () => {
    const busy: LockRunner = async () => BUSY;
    expect(await pullReference({ db: device(), fetchPage: fetchAs(), lock: busy })).toEqual({ status: 'busy' });
  });
});
