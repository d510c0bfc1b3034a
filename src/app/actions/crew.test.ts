import { AuthApiError, AuthRetryableFetchError } from '@supabase/supabase-js';
import { afterEach, describe, expect, it } from 'vitest';
import { RigsideDb } from '../../data/db';
import { readCrew } from '../../data/crew';
import { deadLetters, pendingEvents } from '../../data/outbox-store';
import type { ServerClient } from '../../sync/client';
import { recordProtocolUse } from './clinical-acts';
import { claimUnownedRecords, signIn, signOut } from './crew';
import { exportUnsent } from './dead-letters';

const DANA = {
  id: 'a0000000-0000-4000-8000-000000000001',
  email: 'paramedic@north-valley.example',
  full_name: 'Dana Ortiz',
  role: 'paramedic',
  department: { id: 'd0000000-0000-4000-8000-000000000001', name: 'North Valley Fire Department' },
  station: { name: 'Station 12' },
};
const SAM = {
  ...DANA,
  id: 'a0000000-0000-4000-8000-000000000002',
  email: 'emt@north-valley.example',
  full_name: 'Sam Whitfield',
  role: 'emt',
};

const open: RigsideDb[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.delete();
});
function freshDb() {
  const db = new RigsideDb(`crew-${crypto.randomUUID()}`);
  open.push(db);
  return db;
}

/** A stand-in for supabase-js: answers sign-in with `outcome`, my_profile with `profile`. */
function server(outcome: 'ok' | Error, profile: unknown = DANA): ServerClient & { signOuts: number } {
  const fake = {
    signOuts: 0,
    supabase: {
      auth: {
        signInWithPassword: async () =>
          outcome === 'ok'
            ? { data: { session: { access_token: 't' } }, error: null }
            : { data: { session: null }, error: outcome },
        signOut: async () => {
          fake.signOuts++;
          return { error: null };
        },
      },
      rpc: async () => ({ data: profile, error: null }),
    },
  };
  return fake as unknown as ServerClient & { signOuts: number };
}

const use = (db: RigsideDb, tpCode = '1211') =>
  recordProtocolUse(db, 'viewed', { tpCode, query: null, contextId: null, datasetVersion: null });

describe('signing in', () => {
  it('says plainly when the email and password do not match, and changes nothing', async () => {
    const db = freshDb();
    await use(db);
    const result = await signIn(db, server(new AuthApiError('Invalid login credentials', 400, 'invalid_credentials')), {
      email: DANA.email,
      password: 'wrong',
    });
    expect(result).toMatchObject({
      ok: false,
      code: 'WRONG_CREDENTIALS',
      message: expect.stringMatching(/do not match an account/),
    });
    expect(await readCrew(db)).toBeNull();
    expect(await pendingEvents(db)).toHaveLength(2);
  });

  it('tells a crew member offline at their first sign-in that it needs a connection once', async () => {
    const db = freshDb();
    const result = await signIn(db, server(new AuthRetryableFetchError('Failed to fetch', 0)), {
      email: DANA.email,
      password: 'x',
    });
    expect(result).toMatchObject({ ok: false, code: 'OFFLINE', message: expect.stringMatching(/cannot be reached/) });
  });

  it('refuses an account without a Rigside profile and signs its session out again', async () => {
    const db = freshDb();
    const fake = server('ok', null);
    expect(await signIn(db, fake, { email: 'stranger@example.com', password: 'x' })).toMatchObject({
      ok: false,
      code: 'NO_PROFILE',
    });
    expect(fake.signOuts).toBe(1);
  });

  it('names the crew member, their role and department, and stamps what they do from then on', async () => {
    const db = freshDb();
    const result = await signIn(db, server('ok'), { email: DANA.email, password: 'x' });
    expect(result).toMatchObject({
      ok: true,
      value: {
        userId: DANA.id,
        fullName: 'Dana Ortiz',
        role: 'paramedic',
        department: 'North Valley Fire Department',
        departmentId: 'd0000000-0000-4000-8000-000000000001',
        station: 'Station 12',
      },
    });
    await use(db);
    expect((await pendingEvents(db)).map((e) => e.authorId)).toEqual([DANA.id, DANA.id, DANA.id]);
  });

  it('holds records made before any sign-in until the crew member claims them', async () => {
    const db = freshDb();
    await use(db);
    await signIn(db, server('ok'), { email: DANA.email, password: 'x' });
    expect((await pendingEvents(db)).filter((e) => e.authorId === null)).toHaveLength(2);
    expect(await claimUnownedRecords(db)).toBe(2);
    expect((await pendingEvents(db)).every((e) => e.authorId === DANA.id)).toBe(true);
  });

  it('refuses a hand-off to another crew member while the first has records waiting', async () => {
    const db = freshDb();
    await signIn(db, server('ok'), { email: DANA.email, password: 'x' });
    await use(db);
    const fake = server('ok', SAM);
    expect(await signIn(db, fake, { email: SAM.email, password: 'x' })).toMatchObject({
      ok: false,
      code: 'HANDOFF_REFUSED',
      message: expect.stringMatching(/Dana Ortiz still has 3 record/),
    });
    expect((await readCrew(db))?.userId).toBe(DANA.id);
    expect(fake.signOuts).toBe(1);
  });
});

describe('signing out', () => {
  it('is refused while records wait, and loses nothing', async () => {
    const db = freshDb();
    await signIn(db, server('ok'), { email: DANA.email, password: 'x' });
    await use(db);
    expect(await signOut(db, null)).toMatchObject({
      ok: false,
      code: 'UNSENT_RECORDS',
      message: expect.stringMatching(/^3 record\(s\) are waiting/),
    });
    expect((await readCrew(db))?.userId).toBe(DANA.id);
    expect(await pendingEvents(db)).toHaveLength(3);
  });

  it('goes through with a reason, audited with the counts, and keeps the records for their author', async () => {
    const db = freshDb();
    await signIn(db, server('ok'), { email: DANA.email, password: 'x' });
    await use(db);
    expect(await signOut(db, null, { forceReason: 'end of shift, tablet to next crew' })).toEqual({
      ok: true,
      value: null,
    });
    expect(await readCrew(db)).toBeNull();
    const events = await pendingEvents(db);
    expect(events.at(-1)?.payload).toMatchObject({
      action: 'sign_out_forced',
      details: { pending: 3, dead_letters: 0, reason: 'end of shift, tablet to next crew' },
    });
    expect(events.every((e) => e.authorId === DANA.id)).toBe(true);
  });

  it('goes through once the waiting records were exported', async () => {
    const db = freshDb();
    await signIn(db, server('ok'), { email: DANA.email, password: 'x' });
    await use(db);
    const file = await exportUnsent(db);
    expect(JSON.parse(file.json)).toMatchObject({ author: DANA.email, pending: expect.any(Array), dead_letters: [] });
    expect(file.count).toBe(3);
    expect(await signOut(db, null, { exported: true })).toEqual({ ok: true, value: null });
    expect(await deadLetters(db)).toEqual([]);
  });
});
