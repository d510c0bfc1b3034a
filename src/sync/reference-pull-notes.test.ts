// What changed reaches the rig with the pull: each protocol and medication row of
// pull_reference_page carries the change log of its version in force (`change`); the device keeps
// them beside the mirror and lists them with the update. A note it cannot read never stops the update.
import { afterEach, describe, expect, it } from 'vitest';
import { RigsideDb } from '../data/db';
import { readChangeNote } from '../data/reference-changes';
import { bundledFormularyRecords } from '../domain/dosing/bundled-formulary';
import type { TransportResult } from '../domain/sync/classify';
import type { LockRunner } from './locks';
import { pullReference, type PageRequest } from './reference-pull';

const lock: LockRunner = async (_name, fn) => fn();
let db: RigsideDb;
let n = 0;
afterEach(async () => {
  await db.delete();
});

const NOTE = {
  version: 2,
  effective_date: '2026-12-02',
  change_log: [{ type: 'Revision', section: 'Pediatric IM dose', description: 'Now 0.015 mg/kg.' }],
};

/** Version 1: the formulary; version 2: epinephrine changed in the console. */
function server() {
  const formulary = bundledFormularyRecords();
  let version = 1;
  const row = (v: number, m: (typeof formulary)[number], change: unknown = null) => ({
    version: v,
    kind: 'medication',
    key: m.id,
    slot: `medication/${m.id}`,
    deleted: false,
    record: m,
    change,
  });
  let rows = formulary.map((m) => row(1, m));
  return {
    changeEpinephrine(change: unknown = NOTE) {
      version = 2;
      const epinephrine = structuredClone(formulary.find((m) => m.id === 'epinephrine')!);
      epinephrine.formulary_version = 'epinephrine-v2';
      rows = [...rows.filter((r) => r.key !== 'epinephrine'), row(2, epinephrine, change)];
    },
    fetchPage: (request: PageRequest): Promise<TransportResult> =>
      Promise.resolve({
        kind: 'response',
        status: 200,
        body: { version, reset: false, done: true, rows: rows.filter((r) => r.version > request.since_version) },
      }),
  };
}

describe('what changed, through the reference pull', () => {
  it('keeps the change log of each pulled record and lists it with the update', async () => {
    db = new RigsideDb(`pull-notes-${++n}`);
    const s = server();
    await pullReference({ db, fetchPage: s.fetchPage, lock });
    expect(await readChangeNote(db, 'medication', 'epinephrine')).toBeNull();

    s.changeEpinephrine();
    const report = await pullReference({ db, fetchPage: s.fetchPage, lock });
    expect(report).toMatchObject({
      status: 'updated',
      update: {
        medications: { changed: ['epinephrine'] },
        notes: [{ kind: 'medication', key: 'epinephrine', name: 'Epinephrine', note: NOTE }],
      },
    });
    expect(await readChangeNote(db, 'medication', 'epinephrine')).toMatchObject(NOTE);
  });

  it('updates the records even when a change log cannot be read', async () => {
    db = new RigsideDb(`pull-notes-${++n}`);
    const s = server();
    await pullReference({ db, fetchPage: s.fetchPage, lock });
    s.changeEpinephrine({ version: 'two', change_log: 'lowered' });
    const report = await pullReference({ db, fetchPage: s.fetchPage, lock });
    expect(report).toMatchObject({
      status: 'updated',
      update: { medications: { changed: ['epinephrine'] }, notes: [] },
    });
  });
});
