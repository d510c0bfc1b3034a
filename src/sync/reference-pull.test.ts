// The device's half of "popularity comes back to the field" (issue 15): the department's
// popularity arrives in the protocols' records through the reference pull and from there ranks
// the device's search; a change of popularity alone is ranking, not a changed protocol; a pull
// with nothing for the device leaves it as it was; the device's own recent and most-used
// protocols stay its own. The server is stood in for by pages built from the authored dataset
// (tests/db/popularity.test.ts runs the same flow against the real pull_reference_page).
import { afterEach, describe, expect, it } from 'vitest';
import { referenceSources } from '../../tests/unit/reference-sources';
import { activeDatasetMeta, RigsideDb } from '../data/db';
import { mostUsedProtocols, protocolUsageWrite, recentProtocols } from '../data/protocol-usage';
import { readMirroredDataset } from '../data/reference-mirror';
import { bundledFormularyRecords } from '../domain/dosing/bundled-formulary';
import type { Protocol } from '../domain/protocols/schema';
import { documentsFromDataset } from '../domain/search/documents';
import type { TransportResult } from '../domain/sync/classify';
import { SearchEngine } from '../search/engine';
import type { LockRunner } from './locks';
import { LAST_UPDATE_KEY, pullReference, type PageRequest } from './reference-pull';

const sources = referenceSources();
const lock: LockRunner = async (_name, fn) => fn();
let db: RigsideDb;
let n = 0;
afterEach(async () => {
  await db.delete();
});

interface Row {
  version: number;
  kind: 'protocol' | 'provider_impression' | 'medication';
  key: string;
  slot: string;
  deleted: boolean;
  record: unknown;
}

/** A server holding rows by version; answers pages as pull_reference_page does (one page). */
function server() {
  const rows: Row[] = [];
  let version = 0;
  const put = (at: number, kind: Row['kind'], key: string, record: unknown) => {
    const slot = `${kind}/${key}`;
    const i = rows.findIndex((r) => r.slot === slot);
    if (i >= 0) rows.splice(i, 1);
    rows.push({ version: at, kind, key, slot, deleted: false, record });
  };
  return {
    /** Everything at version 1. */
    load(popularity: (p: Protocol) => number) {
      version = 1;
      for (const p of sources.protocols) put(1, 'protocol', p.tp_code, { ...p, popularity: popularity(p) });
      for (const i of sources.provider_impressions) put(1, 'provider_impression', `${i.code}:${i.name}`, i);
      for (const m of bundledFormularyRecords()) put(1, 'medication', m.id, m);
    },
    /** A new version changing the popularity of some protocols (the department's hourly job). */
    popularity(changes: Record<string, number>) {
      version++;
      for (const [code, value] of Object.entries(changes)) {
        const p = rows.find((r) => r.slot === `protocol/${code}`)!;
        put(version, 'protocol', code, { ...(p.record as Protocol), popularity: value });
      }
    },
    /** A version taken by a change this device is not sent. */
    bumpWithoutRows() {
      version++;
    },
    fetchPage: async (request: PageRequest): Promise<TransportResult> => {
      const newer = rows.filter((r) => r.version > request.since_version).sort((a, b) => a.version - b.version);
      return { kind: 'response', status: 200, body: { version, reset: false, done: true, rows: newer } };
    },
  };
}

const top = async (query: string) => {
  const mirror = await readMirroredDataset(db);
  return SearchEngine.build(documentsFromDataset(mirror!))
    .search(query, { limit: 2 })
    .map((h) => h.tp_code);
};

describe('popularity through the reference pull', () => {
  it('ranks the device’s search by the popularity the pull brings', async () => {
    db = new RigsideDb(`pull-popularity-${++n}`);
    const s = server();
    s.load((p) => p.popularity);
    expect((await pullReference({ db, fetchPage: s.fetchPage, lock })).status).toBe('updated');
    expect(await top('seizure')).toEqual(['1231', '1231-P']);

    // The department's crews open the children's seizure protocol.
    s.popularity({ '1231-P': 1, '1231': 0.1 });
    const report = await pullReference({ db, fetchPage: s.fetchPage, lock });
    expect(report).toMatchObject({
      status: 'updated',
      update: { version: 2, protocols: { added: [], changed: [], retired: [] }, ranking: 2 },
    });
    const mirror = await readMirroredDataset(db);
    expect(mirror!.protocols.find((p) => p.tp_code === '1231-P')!.popularity).toBe(1);
    expect(await top('seizure')).toEqual(['1231-P', '1231']);
  });

  it('says a protocol changed when more than its popularity did', async () => {
    db = new RigsideDb(`pull-popularity-${++n}`);
    const s = server();
    s.load(() => 0.5);
    await pullReference({ db, fetchPage: s.fetchPage, lock });
    s.popularity({ '1211': 0.9 });
    const before = (await readMirroredDataset(db))!.protocols.find((p) => p.tp_code === '1219')!;
    // 1219 changes in content in the same version.
    const fetchPage = async (request: PageRequest): Promise<TransportResult> => {
      const answer = await s.fetchPage(request);
      if (answer.kind !== 'response') return answer;
      const body = answer.body as { version: number; rows: Row[] };
      const changed = { ...before, keywords: [...before.keywords, 'hives'] };
      return {
        ...answer,
        body: {
          ...body,
          rows: [
            ...body.rows,
            { version: 2, kind: 'protocol', key: '1219', slot: 'protocol/1219', deleted: false, record: changed },
          ],
        },
      };
    };
    const report = await pullReference({ db, fetchPage, lock });
    expect(report).toMatchObject({ status: 'updated', update: { protocols: { changed: ['1219'] }, ranking: 1 } });
  });

  it('stays current, touching nothing, when a newer version brings no row for the device', async () => {
    db = new RigsideDb(`pull-popularity-${++n}`);
    const s = server();
    s.load((p) => p.popularity);
    await pullReference({ db, fetchPage: s.fetchPage, lock });
    const meta = await activeDatasetMeta(db);
    const update = await db.settings.get(LAST_UPDATE_KEY);
    // Another department's popularity moved: a server that still answers the newer version.
    s.bumpWithoutRows();
    expect(await pullReference({ db, fetchPage: s.fetchPage, lock })).toEqual({
      status: 'current',
      version: 1,
      pages: 1,
    });
    expect(await activeDatasetMeta(db)).toEqual(meta);
    expect(await db.settings.get(LAST_UPDATE_KEY)).toEqual(update);
  });

  it('keeps the device’s own recent and most-used protocols local, whatever the department ranks', async () => {
    db = new RigsideDb(`pull-popularity-${++n}`);
    const s = server();
    s.load((p) => p.popularity);
    for (const [i, tp] of ['1237', '1237', '1211'].entries()) {
      await db.protocolUsage.put(protocolUsageWrite({ tpCode: tp, action: 'viewed' }, new Date(1_000 + i * 1000)).row);
    }
    await pullReference({ db, fetchPage: s.fetchPage, lock });
    s.popularity({ '1244': 1, '1237': 0, '1211': 0 });
    await pullReference({ db, fetchPage: s.fetchPage, lock });
    expect(await recentProtocols(db, 5)).toEqual(['1211', '1237']);
    expect(await mostUsedProtocols(db, 5)).toEqual([
      { tpCode: '1237', uses: 2 },
      { tpCode: '1211', uses: 1 },
    ]);
    // Nothing of the device's own use went into the ranking it pulled, and nothing was queued.
    const mirror = await readMirroredDataset(db);
    expect(mirror!.protocols.find((p) => p.tp_code === '1237')!.popularity).toBe(0);
    expect(await db.outboxEvents.count()).toBe(0);
  });
});
