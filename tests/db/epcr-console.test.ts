// The ePCR hand-off in the console (issues 15 and 16): who may read a department's hand-offs and
// who may put one back in the queue; the seven stages the page names, worked out from the rows
// the real runner's claim and report leave; urgent first, newest first, keyset-paged; the stage
// filter and the counts; re-queueing a failed call, audited, and what it refuses.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createPerson, ingest, uuidV7, type Organisation, type UserCaller } from './fixtures';
import { createTestDatabase, type Caller, type TestDatabase } from './helpers';

let db: TestDatabase;
let org: Organisation;
let supervisorA: UserCaller;

const example = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../nemsis/encounters/pediatric-anaphylaxis-14kg.json'), 'utf8'),
) as Record<string, unknown>;

interface Claimed {
  id: string;
  claim_token: string;
}

interface Handoff {
  id: string;
  pcr_number: string;
  user_id: string;
  full_name: string;
  stage: string;
  status: string;
  urgency: number;
  attempts: number;
  next_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  warnings: string | null;
  closed_at: Date;
  sent_at: Date | null;
  requeues: number;
  requeued_by_name: string | null;
  may_requeue: boolean;
}

/** pcr number -> submission id, for the calls made below. */
const ids = new Map<string, string>();
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
const later = (base: Date, m: number) => new Date(base.getTime() + m * 60_000);

async function closeCall(caller: UserCaller, pcrNumber: string, closedAt: Date): Promise<string> {
  const event = {
    id: uuidV7(closedAt),
    kind: 'call_closed',
    occurred_at: closedAt.toISOString(),
    payload: { context_id: null, encounter: { ...example, reportUuid: crypto.randomUUID(), pcrNumber } },
  };
  const { results } = await ingest(db, caller, [event]);
  expect(results.map((r) => r.status)).toEqual(['accepted']);
  ids.set(pcrNumber, event.id);
  return event.id;
}

/** The runner's claim at `now`: exactly the one row the test expects. */
async function claimOnly(id: string, now: Date): Promise<Claimed> {
  const { rows } = await db.queryAs<Claimed>(
    'service_role',
    'select * from public.claim_epcr_submissions(1, 120, $1)',
    [now],
  );
  expect(rows.map((r) => r.id)).toEqual([id]);
  return rows[0]!;
}

async function report(row: Claimed, outcome: string, now: Date, code: number | null, message: string | null = null) {
  await db.queryAs('service_role', 'select public.report_epcr_submission($1, $2, $3, $4, $5, $6, $7)', [
    row.id,
    row.claim_token,
    outcome,
    code,
    message,
    outcome === 'processing' ? 'H-77' : null,
    now,
  ]);
}

async function list(caller: Caller, args: Record<string, unknown> = {}): Promise<Handoff[]> {
  const names = Object.keys(args);
  return (
    await db.queryAs<Handoff & Record<string, unknown>>(
      caller,
      `select * from public.list_epcr_handoffs(${names.map((n, i) => `${n} => $${i + 1}`).join(', ')})`,
      Object.values(args),
    )
  ).rows;
}

async function requeue(caller: Caller, pcr: string, reason: string | null) {
  return (
    await db.queryAs<{ r: Record<string, unknown> }>(caller, 'select public.requeue_epcr_submission($1, $2) as r', [
      ids.get(pcr) ?? pcr,
      reason,
    ])
  ).rows[0]!.r;
}

async function outcome(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return 'ok';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  org = await createOrganisation(db);
  supervisorA = (
    await createPerson(db, {
      label: 'supervisorA',
      role: 'supervisor',
      departmentId: org.departments.A,
      stationId: null,
    })
  ).caller;
  await db.query("update public.rate_limit_config set max_requests = 1000000 where scope in ('API', 'GLOBAL')");
  const medic = org.people.paramedicA.caller;
  const emt = org.people.emtA.caller;

  // Each call is driven by the runner's own claim and report to where the page finds it. The
  // clock moves only for the one that fails after three retries, made first, alone in the queue.
  const failed = await closeCall(medic, 'NV-FAILED', minutesAgo(90));
  let now = new Date();
  for (const wait of [0, 1, 2, 4]) {
    now = later(now, wait);
    await report(await claimOnly(failed, now), 'retryable', now, -20, 'generic server error');
  }
  const refused = await closeCall(emt, 'NV-REFUSED', minutesAgo(80));
  await report(
    await claimOnly(refused, new Date()),
    'needs_correction',
    new Date(),
    -12,
    'failed XML (schema) validation: eTimes.03 is missing',
  );
  const sent = await closeCall(medic, 'NV-SENT', minutesAgo(70));
  await report(await claimOnly(sent, new Date()), 'sent', new Date(), 1);
  const warned = await closeCall(emt, 'NV-WARNED', minutesAgo(60));
  await report(
    await claimOnly(warned, new Date()),
    'sent_with_warnings',
    new Date(),
    3,
    '[WARNING] Incident ZIP Code should be recorded',
  );
  const processing = await closeCall(medic, 'NV-PROCESSING', minutesAgo(50));
  await report(await claimOnly(processing, new Date()), 'processing', new Date(), 10);
  const retrying = await closeCall(medic, 'NV-RETRY', minutesAgo(40));
  await report(await claimOnly(retrying, new Date()), 'retryable', new Date(), null, 'timed out after 30 s');
  const claimed = await closeCall(emt, 'NV-CLAIMED', minutesAgo(30));
  await claimOnly(claimed, new Date());
  await closeCall(medic, 'NV-QUEUED', minutesAgo(20));
  await closeCall(org.people.paramedicB.caller, 'SV-OTHER', minutesAgo(10));
});

afterAll(async () => {
  await db?.close();
});

describe('who may read the hand-off and who may send a call again', () => {
  it('opens the page to supervisors, medical directors and admins, and re-queueing to the last two only', async () => {
    const cases: Array<[string, Caller, string, string]> = [
      ['a paramedic', org.people.paramedicA.caller, '42501', '42501'],
      ['an EMT', org.people.emtA.caller, '42501', '42501'],
      ['a supervisor', supervisorA, 'ok', '42501'],
      ['a medical director', org.people.directorA.caller, 'ok', 'P0001'],
      ['an admin', org.people.adminA.caller, 'ok', 'P0001'],
      ['anon', 'anon', '42501', '42501'],
    ];
    for (const [who, caller, reads, requeues] of cases) {
      expect(await outcome(list(caller)), who).toBe(reads);
      expect(await outcome(db.queryAs(caller, 'select public.count_epcr_handoffs()')), who).toBe(reads);
      // The sent call cannot go again, so those allowed get P0001 rather than a change.
      expect(await outcome(requeue(caller, 'NV-SENT', 'checking the rights')), who).toBe(requeues);
    }
  });

  it('shows a department only its own calls, and another department’s call does not exist for it', async () => {
    expect((await list(org.people.directorA.caller)).map((r) => r.pcr_number)).not.toContain('SV-OTHER');
    expect((await list(org.people.directorB.caller)).map((r) => r.pcr_number)).toEqual(['SV-OTHER']);
    expect(await outcome(requeue(org.people.directorB.caller, 'NV-FAILED', 'not ours'))).toBe('PT404');
    expect(await outcome(requeue(org.people.directorA.caller, crypto.randomUUID(), 'unknown'))).toBe('PT404');
    const counts = await db.queryAs<{ c: Record<string, number> }>(
      org.people.directorB.caller,
      'select public.count_epcr_handoffs() as c',
    );
    expect(counts.rows[0]!.c).toMatchObject({ queued: 1, failed: 0, sent: 0 });
  });

  it('offers re-queueing on a failed or refused call to a medical director, never to a supervisor', async () => {
    const mayRequeue = (rows: Handoff[]) => rows.filter((r) => r.may_requeue).map((r) => r.pcr_number);
    expect(mayRequeue(await list(org.people.directorA.caller))).toEqual(['NV-REFUSED', 'NV-FAILED']);
    expect(mayRequeue(await list(supervisorA))).toEqual([]);
  });
});

describe('the stages, in the page’s order', () => {
  it('lists failed and refused calls first, then those on their way, then those sent, each newest first', async () => {
    const rows = await list(supervisorA);
    expect(rows.map((r) => [r.pcr_number, r.stage])).toEqual([
      ['NV-REFUSED', 'needs_correction'],
      ['NV-FAILED', 'failed'],
      ['NV-QUEUED', 'queued'],
      ['NV-CLAIMED', 'sending'],
      ['NV-RETRY', 'retry_scheduled'],
      ['NV-PROCESSING', 'sending'],
      ['NV-WARNED', 'sent_with_warnings'],
      ['NV-SENT', 'sent'],
    ]);
    const by = (pcr: string) => rows.find((r) => r.pcr_number === pcr)!;
    expect(by('NV-FAILED')).toMatchObject({ attempts: 4, last_status_code: -20, last_error: 'generic server error' });
    expect(by('NV-REFUSED')).toMatchObject({
      attempts: 0,
      last_status_code: -12,
      last_error: 'failed XML (schema) validation: eTimes.03 is missing',
      full_name: 'Test emtA',
    });
    expect(by('NV-WARNED')).toMatchObject({ warnings: '[WARNING] Incident ZIP Code should be recorded' });
    expect(by('NV-WARNED').sent_at).not.toBeNull();
    const retry = by('NV-RETRY');
    expect(retry.attempts).toBe(1);
    expect(retry.last_error).toBe('timed out after 30 s');
    expect(retry.next_attempt_at!.getTime() - Date.now()).toBeGreaterThan(50_000);
    expect(retry.next_attempt_at!.getTime() - Date.now()).toBeLessThanOrEqual(60_000);
  });

  it('counts every stage, naming those with none', async () => {
    const { rows } = await db.queryAs<{ c: Record<string, number> }>(
      org.people.directorA.caller,
      'select public.count_epcr_handoffs() as c',
    );
    expect(rows[0]!.c).toEqual({
      needs_correction: 1,
      failed: 1,
      retry_scheduled: 1,
      sending: 2,
      queued: 1,
      sent_with_warnings: 1,
      sent: 1,
    });
  });

  it('filters by stage and by crew member', async () => {
    const director = org.people.directorA.caller;
    const stageOf = async (stage: string) => (await list(director, { filter_stage: stage })).map((r) => r.pcr_number);
    expect(await stageOf('sending')).toEqual(['NV-CLAIMED', 'NV-PROCESSING']);
    expect(await stageOf('queued')).toEqual(['NV-QUEUED']);
    expect(await stageOf('retry_scheduled')).toEqual(['NV-RETRY']);
    expect(await stageOf('needs_correction')).toEqual(['NV-REFUSED']);
    expect(await stageOf('failed')).toEqual(['NV-FAILED']);
    expect(await stageOf('sent')).toEqual(['NV-SENT']);
    expect(await stageOf('sent_with_warnings')).toEqual(['NV-WARNED']);
    const emtCalls = await list(director, { filter_user_id: org.people.emtA.id });
    expect(emtCalls.map((r) => r.pcr_number)).toEqual(['NV-REFUSED', 'NV-CLAIMED', 'NV-WARNED']);
    await expect(list(director, { filter_stage: 'lost' })).rejects.toMatchObject({
      code: '22023',
      message: expect.stringMatching(/^filter_stage must be one of needs_correction, failed, /) as unknown,
    });
  });

  it('pages by the keyset to the same order, with no call twice and none left out', async () => {
    const director = org.people.directorA.caller;
    const whole = (await list(director)).map((r) => r.id);
    const paged: string[] = [];
    let after: Handoff | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await list(director, {
        page_size: 3,
        ...(after ? { after_urgency: after.urgency, after_closed_at: after.closed_at, after_id: after.id } : {}),
      });
      paged.push(...page.map((r) => r.id));
      if (page.length < 3) break;
      after = page.at(-1);
    }
    expect(paged).toEqual(whole);
    await expect(list(director, { after_id: whole[0] })).rejects.toMatchObject({ code: '22023' });
    await expect(list(director, { page_size: 0 })).rejects.toMatchObject({ code: '22023' });
  });
});

describe('putting a call back in the queue', () => {
  it('asks what was fixed, and refuses a call that is not failed or refused', async () => {
    const director = org.people.directorA.caller;
    await expect(requeue(director, 'NV-FAILED', '  ')).rejects.toMatchObject({
      code: '22023',
      message: 'say what was fixed before sending it again (up to 500 characters)',
    });
    await expect(requeue(director, 'NV-QUEUED', 'too early')).rejects.toMatchObject({
      code: 'P0001',
      message: 'call NV-QUEUED is queued: only a failed call or one that needs correction goes back in the queue',
    });
  });

  it('queues a failed call again, due at once with its retries counted afresh, and writes it to the audit trail', async () => {
    const director = org.people.directorA.caller;
    const reason = 'The county repository was down until 14:00; it is back.';
    expect(await requeue(director, 'NV-FAILED', reason)).toMatchObject({ id: ids.get('NV-FAILED'), status: 'queued' });
    const row = (await list(director)).find((r) => r.pcr_number === 'NV-FAILED')!;
    expect(row).toMatchObject({
      stage: 'queued',
      attempts: 0,
      last_error: null,
      requeues: 1,
      requeued_by_name: 'Test directorA',
      may_requeue: false,
    });
    const { rows: audit } = await db.query<{ action: string; user_id: string; source: string; details: unknown }>(
      "select action, user_id, source, details from public.audit_logs where action = 'epcr_submission_requeued'",
    );
    expect(audit).toEqual([
      {
        action: 'epcr_submission_requeued',
        user_id: org.people.directorA.id,
        source: 'server',
        details: {
          submission_id: ids.get('NV-FAILED'),
          pcr_number: 'NV-FAILED',
          from_status: 'failed',
          attempts: 4,
          status_code: -20,
          last_error: 'generic server error',
          reason,
        },
      },
    ]);
    // The trail finds it by the hand-off's id.
    const found = await db.queryAs<{ action: string }>(
      director,
      "select action from public.search_audit_logs(filter_resource_key => 'submission_id', filter_resource_value => $1)",
      [ids.get('NV-FAILED')],
    );
    expect(found.rows.map((r) => r.action)).toEqual(['epcr_submission_requeued']);
    // The runner takes it on its next turn.
    const { rows } = await db.queryAs<{ id: string }>(
      'service_role',
      'select id from public.claim_epcr_submissions(100, 120, now())',
    );
    expect(rows.map((r) => r.id)).toContain(ids.get('NV-FAILED'));
  });

  it('refuses a call past its retention, whose encounter is gone', async () => {
    await db.query('update public.epcr_submissions set encounter = null where id = $1', [ids.get('NV-REFUSED')]);
    await expect(requeue(org.people.adminA.caller, 'NV-REFUSED', 'fixed the schema')).rejects.toMatchObject({
      code: 'P0001',
      message: 'call NV-REFUSED is past its retention: its encounter is gone, so there is nothing to send',
    });
    const row = (await list(org.people.adminA.caller, { filter_stage: 'needs_correction' }))[0]!;
    expect(row.may_requeue).toBe(false);
  });
});
