// The QI review queue (issue 15): one item per call, filed and flagged in SQL when records
// arrive; the review's states and their rules; what each role may read and do; every review
// action in the audit trail; a crew member's correction requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrganisation,
  createPerson,
  dosingEvent,
  ingest,
  narrativeEvent,
  protocolUsageEvent,
  uuidV7,
  doseWarning,
  type Organisation,
  type UserCaller,
} from './fixtures';
import { createTestDatabase, type Caller, type TestDatabase } from './helpers';

let db: TestDatabase;
let org: Organisation;
let supervisorA: UserCaller;

beforeAll(async () => {
  // The seeded template holds the formulary, which the dose range check reads.
  db = await createTestDatabase({ seed: true });
  org = await createOrganisation(db);
  supervisorA = (
    await createPerson(db, {
      label: 'supervisorA',
      role: 'supervisor',
      departmentId: org.departments.A,
      stationId: org.stations.A1,
    })
  ).caller;
  // This file makes many calls as a few people within a minute; the limits have their own tests.
  await db.query(
    "update public.rate_limit_config set max_requests = 1000000 where scope in ('API', 'GLOBAL', 'DOSING', 'PHI')",
  );
});

afterAll(async () => {
  await db?.close();
});

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

async function accepted(caller: Caller, events: unknown[]): Promise<void> {
  const reply = await ingest(db, caller, events);
  expect(reply.results.map((r) => r.status)).toEqual(events.map(() => 'accepted'));
}

interface ReviewRow {
  id: string;
  call_key: string;
  flags: string[];
  doses: number;
  narratives: number;
  protocols_applied: number;
  protocols_viewed: number;
  status: string;
}

async function reviewOf(callKey: string): Promise<ReviewRow | undefined> {
  const { rows } = await db.query<ReviewRow>('select * from public.qi_reviews where call_key = $1', [callKey]);
  return rows[0];
}

async function flagsOf(callKey: string): Promise<string[]> {
  return (await reviewOf(callKey))?.flags ?? [];
}

/** A dose with the inputs the dosing screen records, in a context of its own unless given one. */
function dose(inputs: Record<string, unknown>, payload: Record<string, unknown> = {}, contextId = uuidV7()) {
  return dosingEvent(
    { occurred_at: minutesAgo(30) },
    {
      context_id: contextId,
      inputs: { medication: payload['medication'] ?? 'epinephrine', route: payload['route'] ?? 'IM', ...inputs },
      ...payload,
    },
  );
}

const ADULT = { weight_kg: 70, age_years: 40 };
const adultEpi = { dose: { value: 0.5, unit: 'mg' }, volume_ml: 0.5, color: 'Adult' };

describe('filing calls for review', () => {
  it('files the records sharing a patient context as one item, with its counts', async () => {
    const context = uuidV7();
    await accepted(org.people.paramedicA.caller, [
      protocolUsageEvent({ occurred_at: minutesAgo(40) }, { tp_code: '1219', action: 'viewed', context_id: context }),
      protocolUsageEvent({ occurred_at: minutesAgo(39) }, { tp_code: '1219', action: 'applied', context_id: context }),
      dose(ADULT, adultEpi, context),
      narrativeEvent({ occurred_at: minutesAgo(20) }, { context_id: context }),
    ]);
    const review = await reviewOf(context);
    expect(review).toMatchObject({
      doses: 1,
      narratives: 1,
      protocols_applied: 1,
      protocols_viewed: 1,
      status: 'new',
      flags: [],
    });
    // A later save of the narrative joins the same call.
    await accepted(org.people.paramedicA.caller, [
      narrativeEvent({ occurred_at: minutesAgo(10) }, { context_id: context }),
    ]);
    expect((await reviewOf(context))?.narratives).toBe(2);
  });

  it('files a record made with no patient open as a call of its own, but not a protocol merely looked up', async () => {
    const standaloneDose = dose(ADULT, adultEpi, null as unknown as string);
    const lookup = protocolUsageEvent(
      { occurred_at: minutesAgo(5) },
      { tp_code: '1211', action: 'viewed', context_id: null },
    );
    const narrativeId = uuidV7();
    await accepted(org.people.paramedicA.caller, [
      standaloneDose,
      lookup,
      narrativeEvent({ occurred_at: minutesAgo(6) }, { narrative_id: narrativeId, context_id: null }),
      narrativeEvent({ occurred_at: minutesAgo(4) }, { narrative_id: narrativeId, context_id: null }),
    ]);
    expect(await reviewOf(standaloneDose.id)).toMatchObject({ doses: 1, narratives: 0 });
    expect(await reviewOf(lookup.id)).toBeUndefined();
    expect(await reviewOf(narrativeId)).toMatchObject({ narratives: 2 });
  });

  it("never joins another user's record to a call, even when it names the same context", async () => {
    const context = uuidV7();
    await accepted(org.people.paramedicA.caller, [dose(ADULT, adultEpi, context)]);
    await accepted(org.people.emtA.caller, [dose(ADULT, adultEpi, context)]);
    const { rows } = await db.query<{ user_id: string; doses: number }>(
      'select user_id, doses from public.qi_reviews where call_key = $1 order by user_id',
      [context],
    );
    expect(rows.map((r) => r.doses)).toEqual([1, 1]);
    expect(new Set(rows.map((r) => r.user_id))).toEqual(new Set([org.people.paramedicA.id, org.people.emtA.id]));
  });
});

describe('automatic flags on crafted records', () => {
  const withProtocol = (contextId: string) =>
    protocolUsageEvent({ occurred_at: minutesAgo(45) }, { tp_code: '1219', action: 'applied', context_id: contextId });

  async function flagsFor(
    inputs: Record<string, unknown>,
    payload: Record<string, unknown>,
    applyProtocol = true,
  ): Promise<string[]> {
    const context = uuidV7();
    await accepted(org.people.paramedicA.caller, [
      ...(applyProtocol ? [withProtocol(context)] : []),
      dose(inputs, payload, context),
    ]);
    return flagsOf(context);
  }

  it('raises none for an adult epinephrine dose within range under an applied protocol', async () => {
    expect(await flagsFor(ADULT, adultEpi)).toEqual([]);
  });

  it('flags every controlled substance: fentanyl, morphine, midazolam and ketamine', async () => {
    expect(
      await flagsFor(ADULT, { medication: 'fentanyl', route: 'IV', dose: { value: 50, unit: 'mcg' }, color: 'Adult' }),
    ).toEqual(['CONTROLLED_SUBSTANCE']);
    expect(
      await flagsFor(ADULT, { medication: 'morphine', route: 'IV', dose: { value: 4, unit: 'mg' }, color: 'Adult' }),
    ).toContain('CONTROLLED_SUBSTANCE');
    expect(
      await flagsFor(
        { ...ADULT, base_order: true },
        { medication: 'midazolam', route: 'IM', dose: { value: 5, unit: 'mg' }, color: 'Adult' },
      ),
    ).toEqual(['CONTROLLED_SUBSTANCE']);
    expect(
      await flagsFor(ADULT, { medication: 'ketamine', route: 'IV', dose: { value: 20, unit: 'mg' }, color: 'Adult' }),
    ).toContain('CONTROLLED_SUBSTANCE');
  });

  it('flags any dose for a child of 14 or under, by age or by tape colour, and not a 15-year-old', async () => {
    const child = { dose: { value: 0.14, unit: 'mg' }, volume_ml: 0.14, color: 'Yellow' };
    expect(await flagsFor({ age_years: 3, weight_kg: 14 }, child)).toEqual(['PEDIATRIC_DOSE']);
    expect(await flagsFor({ age_years: 14.9, weight_kg: 50 }, adultEpi)).toEqual(['PEDIATRIC_DOSE']);
    expect(await flagsFor({ age_years: 15, weight_kg: 50 }, adultEpi)).toEqual([]);
    expect(
      await flagsFor({ age_months: 8, weight_kg: 8 }, { dose: { value: 0.08, unit: 'mg' }, color: 'Red' }),
    ).toEqual(['PEDIATRIC_DOSE']);
  });

  it("flags a child's weight that is missing, never checked against an age, or unusual for the age", async () => {
    const child = { dose: { value: 0.14, unit: 'mg' }, volume_ml: 0.14, color: 'Yellow' };
    expect(await flagsFor({ age_years: 3 }, child)).toEqual(['PEDIATRIC_DOSE', 'PEDIATRIC_WEIGHT_MISSING']);
    expect(await flagsFor({ weight_kg: 14 }, child)).toEqual(['PEDIATRIC_DOSE', 'PEDIATRIC_WEIGHT_UNCONFIRMED']);
    expect(await flagsFor({ weight_lb: 31 }, child)).toEqual(['PEDIATRIC_DOSE', 'PEDIATRIC_WEIGHT_UNCONFIRMED']);
    expect(
      await flagsFor(
        { age_years: 3, weight_kg: 33, weight_confirmed: true },
        { dose: { value: 0.33, unit: 'mg' }, color: 'Green' },
      ),
    ).toEqual(['PEDIATRIC_DOSE', 'PEDIATRIC_WEIGHT_IMPLAUSIBLE']);
  });

  it('flags a capped dose and a dose confirmed over a danger warning, but not a caution', async () => {
    expect(await flagsFor(ADULT, { ...adultEpi, capped: true })).toEqual(['DOSE_CAPPED']);
    expect(
      await flagsFor(ADULT, {
        ...adultEpi,
        warnings: [doseWarning('Epinephrine allergy recorded', 'danger', 'ALLERGY')],
      }),
    ).toEqual(['DANGER_WARNING']);
    expect(
      await flagsFor(ADULT, {
        ...adultEpi,
        warnings: [doseWarning('Check the route', 'caution', 'CONTRAINDICATIONS')],
      }),
    ).toEqual([]);
  });

  it('flags midazolam given with no Base order recorded', async () => {
    expect(
      await flagsFor(
        { age_years: 6, weight_kg: 20 },
        { medication: 'midazolam', route: 'IM', dose: { value: 5, unit: 'mg' }, color: 'Orange' },
      ),
    ).toEqual(['CONTROLLED_SUBSTANCE', 'PEDIATRIC_DOSE', 'MIDAZOLAM_WITHOUT_BASE_ORDER']);
  });

  it("flags a dose above the formulary's largest single dose, or by a route or unit it does not give", async () => {
    expect(await flagsFor(ADULT, { ...adultEpi, dose: { value: 5, unit: 'mg' } })).toEqual(['DOSE_OUTSIDE_PROTOCOL']);
    expect(await flagsFor(ADULT, { ...adultEpi, route: 'PO' })).toEqual(['DOSE_OUTSIDE_PROTOCOL']);
    expect(await flagsFor(ADULT, { ...adultEpi, dose: { value: 500, unit: 'mcg' } })).toEqual([
      'DOSE_OUTSIDE_PROTOCOL',
    ]);
    const { rows } = await db.query<{ detail: string }>(
      "select detail from public.qi_flags where code = 'DOSE_OUTSIDE_PROTOCOL' and detail like '%above%' limit 1",
    );
    expect(rows[0]?.detail).toMatch(/epinephrine 5 mg IM: above 0.5 mg, the largest single adult dose/);
  });

  it('flags a call with no protocol applied, and drops the flag when one is applied later', async () => {
    const context = uuidV7();
    await accepted(org.people.paramedicA.caller, [dose(ADULT, adultEpi, context)]);
    expect(await flagsOf(context)).toEqual(['NO_PROTOCOL']);
    await accepted(org.people.paramedicA.caller, [withProtocol(context)]);
    expect(await flagsOf(context)).toEqual([]);
  });

  it("keeps the flag of each dose with the dose, and the call holds them all in the flags' order", async () => {
    const context = uuidV7();
    await accepted(org.people.paramedicA.caller, [
      dose(
        { ...ADULT, base_order: true },
        { medication: 'midazolam', route: 'IM', dose: { value: 5, unit: 'mg' }, color: 'Adult' },
        context,
      ),
      dose(ADULT, { ...adultEpi, capped: true }, context),
    ]);
    expect(await flagsOf(context)).toEqual(['CONTROLLED_SUBSTANCE', 'DOSE_CAPPED', 'NO_PROTOCOL']);
    const { rows } = await db.query<{ n: string }>(
      'select count(distinct f.record_id) as n from public.qi_flags f join public.qi_reviews r on r.id = f.review_id where r.call_key = $1',
      [context],
    );
    expect(Number(rows[0]?.n)).toBe(2);
  });
});

// ---------------------------------------------------------------------------------------------

async function rpc<T = unknown>(caller: Caller, fn: string, args: Record<string, unknown> = {}): Promise<T> {
  const names = Object.keys(args);
  const { rows } = await db.queryAs<{ result: T }>(
    caller,
    `select public.${fn}(${names.map((n, i) => `${n} => $${i + 1}`).join(', ')}) as result`,
    Object.values(args),
  );
  return rows[0]!.result;
}

async function listQueue(caller: Caller, args: Record<string, unknown> = {}): Promise<Array<Record<string, unknown>>> {
  const names = Object.keys(args);
  const { rows } = await db.queryAs<Record<string, unknown>>(
    caller,
    `select * from public.list_qi_reviews(${names.map((n, i) => `${n} => $${i + 1}`).join(', ')})`,
    Object.values(args),
  );
  return rows;
}

async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    return (error as { code: string }).code;
  }
  return 'ok';
}

/** A fresh call of paramedic A with one flagged dose; its review id. */
async function newItem(): Promise<string> {
  const context = uuidV7();
  await accepted(org.people.paramedicA.caller, [
    dose(ADULT, { medication: 'fentanyl', route: 'IV', dose: { value: 50, unit: 'mcg' }, color: 'Adult' }, context),
  ]);
  return (await reviewOf(context))!.id;
}

describe('who may read and work the queue', () => {
  const readers = () =>
    [
      ['a paramedic', org.people.paramedicA.caller, '42501'],
      ['an EMT', org.people.emtA.caller, '42501'],
      ['a supervisor', supervisorA, 'ok'],
      ['a medical director', org.people.directorA.caller, 'ok'],
      ['an admin', org.people.adminA.caller, 'ok'],
    ] as const;

  it('opens the console context to supervisors, medical directors and admins of the department, never to crews', async () => {
    for (const [who, caller, outcome] of readers())
      expect(await refusal(rpc(caller, 'get_console_context')), who).toBe(outcome);
    const context = await rpc<{ department: { code: string }; people: unknown[]; me: { may_decide: boolean } }>(
      org.people.directorB.caller,
      'get_console_context',
    );
    expect(context.department.code).toBe('SOUTH');
    expect(context.me.may_decide).toBe(true);
    expect((await rpc<{ me: { may_decide: boolean } }>(supervisorA, 'get_console_context')).me.may_decide).toBe(false);
  });

  it("lists the queue to readers of the department only; another department's director sees none of it", async () => {
    const id = await newItem();
    for (const [who, caller, outcome] of readers()) expect(await refusal(listQueue(caller)), who).toBe(outcome);
    expect((await listQueue(org.people.directorA.caller, { page_size: 200 })).map((r) => r['id'])).toContain(id);
    const other = await listQueue(org.people.directorB.caller, { page_size: 200 });
    expect(other.every((r) => r['crew_name'] !== 'Test paramedicA')).toBe(true);
    expect(other.map((r) => r['id'])).not.toContain(id);
  });

  it("opens an item to its department's readers, and answers another department as if it did not exist", async () => {
    const id = await newItem();
    for (const [who, caller, outcome] of readers())
      expect(await refusal(rpc(caller, 'get_qi_review', { review_id: id })), who).toBe(outcome);
    expect(await refusal(rpc(org.people.directorB.caller, 'get_qi_review', { review_id: id }))).toBe('PT404');
    expect(await refusal(rpc(org.people.directorA.caller, 'get_qi_review', { review_id: uuidV7() }))).toBe('PT404');
  });

  it('lets only medical directors and admins of the department act on an item', async () => {
    const actions: Array<[string, (id: string) => Record<string, unknown>]> = [
      ['assign_qi_review', (id) => ({ review_id: id })],
      ['add_qi_review_comment', (id) => ({ review_id: id, body: 'Reviewed the fentanyl dose.' })],
      ['add_qi_review_fallout', (id) => ({ review_id: id, code: 'PN' })],
      ['set_qi_review_status', (id) => ({ review_id: id, status: 'in_review' })],
    ];
    for (const [fn, args] of actions) {
      const id = await newItem();
      expect(await refusal(rpc(org.people.paramedicA.caller, fn, args(id))), `${fn} by a paramedic`).toBe('42501');
      expect(await refusal(rpc(org.people.emtA.caller, fn, args(id))), `${fn} by an EMT`).toBe('42501');
      expect(await refusal(rpc(supervisorA, fn, args(id))), `${fn} by a supervisor`).toBe('42501');
      expect(
        await refusal(rpc(org.people.directorB.caller, fn, args(id))),
        `${fn} by another department's director`,
      ).toBe('PT404');
      expect(await refusal(rpc(org.people.directorA.caller, fn, args(id))), `${fn} by a medical director`).toBe('ok');
      expect(await refusal(rpc(org.people.adminA.caller, fn, args(await newItem()))), `${fn} by an admin`).toBe('ok');
    }
    const id = await newItem();
    await rpc(org.people.directorA.caller, 'add_qi_review_fallout', { review_id: id, code: 'PN' });
    expect(await refusal(rpc(supervisorA, 'remove_qi_review_fallout', { review_id: id, code: 'PN' }))).toBe('42501');
    expect(
      await refusal(rpc(org.people.directorB.caller, 'remove_qi_review_fallout', { review_id: id, code: 'PN' })),
    ).toBe('PT404');
    expect(
      await refusal(rpc(org.people.adminA.caller, 'remove_qi_review_fallout', { review_id: id, code: 'PN' })),
    ).toBe('ok');
  });

  it('refuses anon every console function', async () => {
    for (const fn of ['get_console_context', 'my_correction_requests'])
      expect(await refusal(rpc('anon', fn))).toBe('42501');
  });
});

describe('review states', () => {
  type Detail = {
    status: string;
    next_statuses: string[];
    assignee: { id: string } | null;
    comments: Array<{ body: string }>;
    fallouts: Array<{ code: string }>;
    history: Array<{ action: string; details: Record<string, unknown> }>;
    correction_request: string | null;
  };
  const director = () => org.people.directorA.caller;

  it('moves new -> in review by assignment, to the one who took it', async () => {
    const id = await newItem();
    const fresh = await rpc<Detail>(director(), 'get_qi_review', { review_id: id });
    expect(fresh).toMatchObject({ status: 'new', next_statuses: ['in_review'], assignee: null });
    const taken = await rpc<Detail>(director(), 'assign_qi_review', { review_id: id });
    expect(taken.status).toBe('in_review');
    expect(taken.assignee?.id).toBe(org.people.directorA.id);
    expect(taken.next_statuses).toEqual(['needs_correction', 'closed']);
  });

  it('refuses a jump the workflow does not have, saying where the item can go', async () => {
    const id = await newItem();
    await expect(rpc(director(), 'set_qi_review_status', { review_id: id, status: 'closed' })).rejects.toThrow(
      /a review item that is new can go to in review, not to closed/,
    );
    await expect(
      rpc(director(), 'set_qi_review_status', { review_id: id, status: 'needs_correction', note: 'fix it' }),
    ).rejects.toThrow(/can go to in review/);
  });

  it('asks the crew for a correction only with a note, which becomes the request', async () => {
    const id = await newItem();
    await rpc(director(), 'assign_qi_review', { review_id: id });
    await expect(
      rpc(director(), 'set_qi_review_status', { review_id: id, status: 'needs_correction' }),
    ).rejects.toThrow(/say what the crew member should correct/);
    const sent = await rpc<Detail>(director(), 'set_qi_review_status', {
      review_id: id,
      status: 'needs_correction',
      note: 'Document the pain score before and after fentanyl.',
    });
    expect(sent).toMatchObject({
      status: 'needs_correction',
      correction_request: 'Document the pain score before and after fentanyl.',
      next_statuses: ['in_review', 'closed'],
    });
  });

  it('closes, keeps the closing note as a comment, refuses fallout changes while closed, and reopens only with a reason', async () => {
    const id = await newItem();
    await rpc(director(), 'assign_qi_review', { review_id: id });
    await rpc(director(), 'add_qi_review_fallout', { review_id: id, code: 'PN', note: 'pain not reassessed' });
    const closed = await rpc<Detail>(director(), 'set_qi_review_status', {
      review_id: id,
      status: 'closed',
      note: 'Discussed with the crew.',
    });
    expect(closed.status).toBe('closed');
    expect(closed.comments.map((c) => c.body)).toEqual(['Discussed with the crew.']);
    await expect(rpc(director(), 'add_qi_review_fallout', { review_id: id, code: 'DO' })).rejects.toThrow(
      /closed: reopen it/,
    );
    await expect(rpc(director(), 'remove_qi_review_fallout', { review_id: id, code: 'PN' })).rejects.toThrow(
      /closed: reopen it/,
    );
    await expect(rpc(director(), 'set_qi_review_status', { review_id: id, status: 'in_review' })).rejects.toThrow(
      /say why the closed item is reopened/,
    );
    const reopened = await rpc<Detail>(director(), 'set_qi_review_status', {
      review_id: id,
      status: 'in_review',
      note: 'New narrative arrived.',
    });
    expect(reopened.status).toBe('in_review');
    expect(reopened.fallouts.map((f) => f.code)).toEqual(['PN']);
  });

  it('refuses a fallout code MCG 1373 does not have and empty comments', async () => {
    const id = await newItem();
    await expect(rpc(director(), 'add_qi_review_fallout', { review_id: id, code: 'ZZ' })).rejects.toThrow(
      /ZZ is not an MCG 1373 fallout code; the codes are PI, TP, AW/,
    );
    await expect(rpc(director(), 'add_qi_review_comment', { review_id: id, body: '   ' })).rejects.toThrow(
      /1 to 4000 characters/,
    );
  });

  it('writes every review action to the audit trail, as the server, with the item and never the comment text', async () => {
    const id = await newItem();
    await rpc(director(), 'assign_qi_review', { review_id: id });
    await rpc(director(), 'add_qi_review_comment', { review_id: id, body: 'Patient name should never be here.' });
    await rpc(director(), 'add_qi_review_fallout', { review_id: id, code: 'MD' });
    await rpc(director(), 'remove_qi_review_fallout', { review_id: id, code: 'MD' });
    await rpc(director(), 'set_qi_review_status', {
      review_id: id,
      status: 'needs_correction',
      note: 'Add the Base order.',
    });
    const { rows } = await db.query<{
      action: string;
      source: string;
      user_id: string;
      department_id: string;
      details: Record<string, unknown>;
    }>(
      "select action, source, user_id, department_id, details from public.audit_logs where details ->> 'review_id' = $1 order by occurred_at, action",
      [id],
    );
    expect(rows.map((r) => r.action)).toEqual([
      'qi_review_assigned',
      'qi_review_commented',
      'qi_review_fallout_added',
      'qi_review_fallout_removed',
      'qi_review_status_changed',
    ]);
    expect(
      rows.every(
        (r) => r.source === 'server' && r.user_id === org.people.directorA.id && r.department_id === org.departments.A,
      ),
    ).toBe(true);
    expect(JSON.stringify(rows)).not.toContain('Patient name');
    expect(rows.at(-1)?.details).toMatchObject({ from_status: 'in_review', to_status: 'needs_correction' });
    const detail = await rpc<Detail>(org.people.directorA.caller, 'get_qi_review', { review_id: id });
    expect(detail.history.map((h) => h.action)).toEqual(rows.map((r) => r.action));
  });

  it('counts records that arrive after a correction was asked for', async () => {
    const context = uuidV7();
    await accepted(org.people.paramedicA.caller, [dose(ADULT, adultEpi, context)]);
    const id = (await reviewOf(context))!.id;
    await rpc(director(), 'assign_qi_review', { review_id: id });
    await rpc(director(), 'set_qi_review_status', {
      review_id: id,
      status: 'needs_correction',
      note: 'Add a narrative.',
    });
    await accepted(org.people.paramedicA.caller, [
      narrativeEvent({ occurred_at: minutesAgo(1) }, { context_id: context }),
    ]);
    const { rows } = await db.query<{ records_since_request: number }>(
      'select records_since_request from public.qi_reviews where id = $1',
      [id],
    );
    expect(rows[0]?.records_since_request).toBe(1);
  });
});

describe("correction requests on the crew member's device", () => {
  it("shows a crew member the requests on their own calls, and nobody else's", async () => {
    const id = await newItem();
    await rpc(org.people.directorA.caller, 'assign_qi_review', { review_id: id });
    await rpc(org.people.directorA.caller, 'set_qi_review_status', {
      review_id: id,
      status: 'needs_correction',
      note: 'Record the pain score.',
    });
    const mine = await rpc<Array<{ id: string; request: string; requested_by: string; medications: string[] }>>(
      org.people.paramedicA.caller,
      'my_correction_requests',
    );
    expect(mine.find((r) => r.id === id)).toMatchObject({
      request: 'Record the pain score.',
      requested_by: 'Test directorA',
      medications: ['fentanyl'],
    });
    for (const other of [org.people.emtA.caller, org.people.paramedicB.caller, org.people.directorA.caller]) {
      expect((await rpc<Array<{ id: string }>>(other, 'my_correction_requests')).map((r) => r.id)).not.toContain(id);
    }
    await rpc(org.people.directorA.caller, 'set_qi_review_status', { review_id: id, status: 'closed' });
    expect(
      (await rpc<Array<{ id: string }>>(org.people.paramedicA.caller, 'my_correction_requests')).map((r) => r.id),
    ).not.toContain(id);
  });
});

describe('the queue', () => {
  it('puts flagged calls first, newest first, and pages through every item once with the keyset', async () => {
    const person = await createPerson(db, {
      label: 'pager',
      role: 'paramedic',
      departmentId: org.departments.A,
      stationId: org.stations.A2,
    });
    const events = [];
    for (let i = 0; i < 12; i++) {
      const context = uuidV7();
      events.push(
        protocolUsageEvent(
          { occurred_at: minutesAgo(100 - i) },
          { tp_code: '1219', action: 'applied', context_id: context },
        ),
      );
      events.push(dose(ADULT, i % 3 === 0 ? { ...adultEpi, capped: true } : adultEpi, context));
      (events.at(-1) as { occurred_at: string }).occurred_at = minutesAgo(100 - i);
    }
    await accepted(person.caller, events);
    const seen: Array<Record<string, unknown>> = [];
    let cursor: Record<string, unknown> = {};
    for (;;) {
      const page = await listQueue(org.people.directorA.caller, { filter_user_id: person.id, page_size: 5, ...cursor });
      seen.push(...page);
      if (page.length < 5) break;
      const last = page.at(-1)!;
      cursor = { after_flagged: last['flagged'], after_started_at: last['started_at'], after_id: last['id'] };
    }
    expect(seen).toHaveLength(12);
    expect(new Set(seen.map((r) => r['id'])).size).toBe(12);
    expect(seen.map((r) => r['flagged'])).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    const times = (rows: typeof seen) => rows.map((r) => new Date(r['started_at'] as string).getTime());
    expect(times(seen.slice(0, 4))).toEqual([...times(seen.slice(0, 4))].sort((a, b) => b - a));
    expect(seen.every((r) => r['station_code'] === 'A2' && r['crew_name'] === 'Test pager')).toBe(true);
  });

  it('filters by flag, station, crew member, status and date range', async () => {
    const director = org.people.directorA.caller;
    const capped = await listQueue(director, { filter_flag: 'DOSE_CAPPED', page_size: 200 });
    expect(capped.length).toBeGreaterThan(0);
    expect(capped.every((r) => (r['flags'] as string[]).includes('DOSE_CAPPED'))).toBe(true);
    const atA2 = await listQueue(director, { filter_station_id: org.stations.A2, page_size: 200 });
    expect(atA2.length).toBeGreaterThan(0);
    expect(atA2.every((r) => r['station_id'] === org.stations.A2)).toBe(true);
    const byEmt = await listQueue(director, { filter_user_id: org.people.emtA.id, page_size: 200 });
    expect(byEmt.every((r) => r['user_id'] === org.people.emtA.id)).toBe(true);
    const waiting = await listQueue(director, { filter_status: 'needs_correction', page_size: 200 });
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.every((r) => r['status'] === 'needs_correction')).toBe(true);
    const window = await listQueue(director, { from_time: minutesAgo(95), to_time: minutesAgo(92), page_size: 200 });
    expect(window.length).toBeGreaterThan(0);
    expect(window.every((r) => new Date(r['started_at'] as string) >= new Date(minutesAgo(95.1)))).toBe(true);
    await expect(listQueue(director, { filter_flag: 'NOT_A_FLAG' })).rejects.toThrow(
      /filter_flag must be one of CONTROLLED_SUBSTANCE/,
    );
    await expect(listQueue(director, { after_id: uuidV7() })).rejects.toThrow(/go together/);
  });
});
