// Popularity comes back to the field (issue 15): the hourly job works out each department's
// protocol popularity from its own protocol usage; the reference pull sends it to that
// department's devices as the protocols' popularity (the 30% share of search ranking), never to
// another department's; a device that pulls it ranks its search by it, while its own recent and
// most-used protocols stay its own. Harbor City and North Valley are the demo departments.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeDatasetMeta, RigsideDb } from '../../src/data/db';
import { readMirroredDataset } from '../../src/data/reference-mirror';
import { mostUsedProtocols, protocolUsageWrite, recentProtocols } from '../../src/data/protocol-usage';
import { documentsFromDataset } from '../../src/domain/search/documents';
import type { TransportResult } from '../../src/domain/sync/classify';
import { SearchEngine } from '../../src/search/engine';
import type { LockRunner } from '../../src/sync/locks';
import { LAST_UPDATE_KEY, pullReference, type PageRequest } from '../../src/sync/reference-pull';
import { createTestDatabase, type Caller, type TestDatabase } from './helpers';

const NV = 'd0000000-0000-4000-8000-000000000001';
const HC = 'd0000000-0000-4000-8000-000000000002';
const nvParamedic = { id: 'a0000000-0000-4000-8000-000000000001', station: '50000000-0000-4000-8000-000000000012' };
const hcParamedic = { id: 'a0000000-0000-4000-8000-000000000005', station: '50000000-0000-4000-8000-000000000003' };
const NV_CALLER: Caller = { userId: nvParamedic.id, appRole: 'paramedic' };
const HC_CALLER: Caller = { userId: hcParamedic.id, appRole: 'paramedic' };

let db: TestDatabase;
const devices: RigsideDb[] = [];
const lock: LockRunner = async (_name, fn) => fn();

beforeAll(async () => {
  db = await createTestDatabase({ seed: true });
  await db.query("update public.rate_limit_config set max_requests = 1000000 where scope in ('API', 'GLOBAL')");
});
afterAll(async () => {
  for (const d of devices) await d.delete();
  await db?.close();
});

async function use(department: string, who: { id: string; station: string }, tp: string, action: string, n: number) {
  await db.query(
    `insert into public.protocol_usage (id, user_id, department_id, station_id, tp_code, action, created_at)
     select gen_random_uuid(), $1, $2, $3, $4, $5::public.protocol_usage_action, now() - make_interval(mins => g)
     from generate_series(1, $6) g`,
    [who.id, department, who.station, tp, action, n],
  );
}
const refresh = async () =>
  (await db.query<{ r: { popularity_changed: number } }>('select public.refresh_console_analytics() as r')).rows[0]!.r;
const stored = async (department: string) =>
  new Map(
    (
      await db.query<{ tp_code: string; popularity: number }>(
        'select tp_code, popularity from private.department_protocol_popularity where department_id = $1',
        [department],
      )
    ).rows.map((r) => [r.tp_code, r.popularity]),
  );

function device(): RigsideDb {
  const d = new RigsideDb(`popularity-${crypto.randomUUID()}`);
  devices.push(d);
  return d;
}
/** The device's pull, answered by the real pull_reference_page as `caller`; pages seen are kept. */
function fetchAs(caller: Caller, seen: unknown[] = []) {
  return async (request: PageRequest): Promise<TransportResult> => {
    const { rows } = await db.queryAs<{ page: unknown }>(
      caller,
      'select public.pull_reference_page($1, $2, $3, $4) as page',
      [request.since_version, request.after_version, request.after_slot, request.page_size],
    );
    seen.push(rows[0]!.page);
    return { kind: 'response', status: 200, body: rows[0]!.page };
  };
}
async function popularityOnDevice(d: RigsideDb): Promise<Map<string, number>> {
  const mirror = await readMirroredDataset(d);
  return new Map(mirror!.protocols.map((p) => [p.tp_code, p.popularity]));
}
async function topFor(d: RigsideDb, query: string): Promise<string[]> {
  const mirror = await readMirroredDataset(d);
  return SearchEngine.build(documentsFromDataset(mirror!))
    .search(query, { limit: 2 })
    .map((h) => h.tp_code);
}

describe('popularity per department', () => {
  let north: RigsideDb;
  let harbor: RigsideDb;
  let agencyPopularity: Map<string, number>;

  beforeAll(async () => {
    agencyPopularity = new Map(
      (
        await db.query<{ tp_code: string; popularity: number }>('select tp_code, popularity from public.protocols')
      ).rows.map((r) => [r.tp_code, r.popularity]),
    );
    // North Valley treats adults' seizures; Harbor City children's.
    await use(NV, nvParamedic, '1231', 'applied', 5);
    await use(NV, nvParamedic, '1211', 'viewed', 2);
    await use(HC, hcParamedic, '1231-P', 'applied', 5);
    await use(HC, hcParamedic, '1231', 'viewed', 1);
  });

  it('is worked out by the hourly job from each department’s own use, on a log scale', async () => {
    const protocols = agencyPopularity.size;
    expect((await refresh()).popularity_changed).toBe(2 * protocols);
    const nv = await stored(NV);
    const hc = await stored(HC);
    // North Valley: 1231 applied 5 times (10), 1211 viewed twice (2).
    expect(nv.get('1231')).toBe(1);
    expect(nv.get('1211')).toBe(Math.round((Math.log(3) / Math.log(11)) * 100) / 100);
    expect(nv.get('1231-P')).toBe(0);
    // Harbor City: 1231-P applied 5 times (10), 1231 viewed once (1).
    expect(hc.get('1231-P')).toBe(1);
    expect(hc.get('1231')).toBe(Math.round((Math.log(2) / Math.log(11)) * 100) / 100);
    expect(hc.get('1211')).toBe(0);
    // A second run with nothing new changes nothing, so no device pulls anything.
    expect((await refresh()).popularity_changed).toBe(0);
  });

  it('reaches each department’s devices with the pull, and never another department’s', async () => {
    north = device();
    harbor = device();
    const northPages: Array<{ rows: Array<{ kind: string; key: string; record: { popularity?: number } }> }> = [];
    expect((await pullReference({ db: north, fetchPage: fetchAs(NV_CALLER, northPages), lock })).status).toBe(
      'updated',
    );
    expect((await pullReference({ db: harbor, fetchPage: fetchAs(HC_CALLER), lock })).status).toBe('updated');
    expect(await popularityOnDevice(north)).toEqual(await stored(NV));
    expect(await popularityOnDevice(harbor)).toEqual(await stored(HC));
    // Every protocol row North Valley was sent carries North Valley's popularity.
    const nv = await stored(NV);
    const sent = northPages.flatMap((p) => p.rows).filter((r) => r.kind === 'protocol');
    expect(sent.length).toBe(nv.size);
    for (const row of sent) expect(row.record.popularity).toBe(nv.get(row.key));
    // The service role (no department) is sent the protocols' own popularity.
    const { rows } = await db.queryAs<{ page: { rows: Array<{ key: string; record: { popularity: number } }> } }>(
      'service_role',
      'select public.pull_reference_page(0, null, null, 1000) as page',
    );
    for (const row of rows[0]!.page.rows.filter((r) => agencyPopularity.has(r.key)))
      expect(row.record.popularity).toBe(agencyPopularity.get(row.key));
  });

  it('ranks each rig’s search by what its colleagues open', async () => {
    // "seizure" names both seizure protocols; relevance alone nearly ties them.
    expect(await topFor(north, 'seizure')).toEqual(['1231', '1231-P']);
    expect(await topFor(harbor, 'seizure')).toEqual(['1231-P', '1231']);
  });

  it('sends a later change only to its own department, whose crews see it as ranking, not as changed protocols', async () => {
    const northMeta = await activeDatasetMeta(north);
    const northUpdate = await north.settings.get(LAST_UPDATE_KEY);
    await use(HC, hcParamedic, '1211', 'applied', 8);
    expect((await refresh()).popularity_changed).toBeGreaterThan(0);

    // North Valley: the version moved on, nothing for it: current, nothing re-applied.
    const northPull = await pullReference({ db: north, fetchPage: fetchAs(NV_CALLER), lock });
    expect(northPull).toMatchObject({ status: 'current', version: northMeta!.referenceVersion });
    expect(await activeDatasetMeta(north)).toEqual(northMeta);
    expect(await north.settings.get(LAST_UPDATE_KEY)).toEqual(northUpdate);

    // Harbor City: only the protocols whose popularity moved come down.
    const pages: Array<{ rows: Array<{ key: string }> }> = [];
    const harborPull = await pullReference({ db: harbor, fetchPage: fetchAs(HC_CALLER, pages), lock });
    const hc = await stored(HC);
    expect(hc.get('1211')).toBe(1);
    expect(harborPull).toMatchObject({
      status: 'updated',
      update: { protocols: { added: [], changed: [], retired: [] }, ranking: pages[0]!.rows.length },
    });
    expect(pages[0]!.rows.map((r) => r.key).sort()).toEqual(['1211', '1231', '1231-P']);
    expect(await popularityOnDevice(harbor)).toEqual(hc);
  });

  it('gives a device lent to another department that department’s popularity whole, and back again', async () => {
    const lent = device();
    expect((await pullReference({ db: lent, fetchPage: fetchAs(NV_CALLER), lock, department: NV })).status).toBe(
      'updated',
    );
    expect(await popularityOnDevice(lent)).toEqual(await stored(NV));
    // A pull since the device's version would carry none of Harbor City's older popularity.
    const pages: Array<{ since_version: number }> = [];
    const harborPull = await pullReference({ db: lent, fetchPage: fetchAs(HC_CALLER, pages), lock, department: HC });
    expect(pages[0]!.since_version).toBe(0);
    expect(harborPull).toMatchObject({
      status: 'updated',
      update: { protocols: { added: [], changed: [], retired: [] } },
    });
    expect(await popularityOnDevice(lent)).toEqual(await stored(HC));
    expect(await topFor(lent, 'seizure')).toEqual(['1231-P', '1231']);
    // The same department again: nothing new, nothing pulled again.
    expect(await pullReference({ db: lent, fetchPage: fetchAs(HC_CALLER), lock, department: HC })).toMatchObject({
      status: 'current',
    });
    await pullReference({ db: lent, fetchPage: fetchAs(NV_CALLER), lock, department: NV });
    expect(await popularityOnDevice(lent)).toEqual(await stored(NV));
    expect(await topFor(lent, 'seizure')).toEqual(['1231', '1231-P']);
  });

  it('leaves the device’s own recent and most-used protocols on the device, whatever the server ranks', async () => {
    const d = device();
    for (const [i, tp] of ['1244', '1244', '1237'].entries()) {
      const write = protocolUsageWrite({ tpCode: tp, action: 'viewed' }, new Date(Date.now() + i * 1000));
      await d.protocolUsage.put(write.row);
    }
    await pullReference({ db: d, fetchPage: fetchAs(NV_CALLER), lock });
    expect(await recentProtocols(d, 5)).toEqual(['1237', '1244']);
    expect(await mostUsedProtocols(d, 5)).toEqual([
      { tpCode: '1244', uses: 2 },
      { tpCode: '1237', uses: 1 },
    ]);
    // The pull carried the department's popularity, not this device's use.
    expect((await popularityOnDevice(d)).get('1244')).toBe((await stored(NV)).get('1244'));
  });
});
