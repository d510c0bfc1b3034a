// The console's audit trail and sync health (issue 15): who may search the trail and how it
// filters and pages; what devices report about their outboxes and what readers see of it;
// lifting a ban, by an admin, in the trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditEvent,
  createOrganisation,
  createPerson,
  ingest,
  uuidV7,
  type Organisation,
  type UserCaller,
} from './fixtures';
import { createTestDatabase, type Caller, type TestDatabase } from './helpers';

let db: TestDatabase;
let org: Organisation;
let supervisorA: UserCaller;
let adminB: UserCaller;
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

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
  adminB = (
    await createPerson(db, { label: 'adminB', role: 'admin', departmentId: org.departments.B, stationId: null })
  ).caller;
  await db.query("update public.rate_limit_config set max_requests = 1000000 where scope in ('API', 'GLOBAL')");
  await ingest(db, org.people.paramedicA.caller, [
    auditEvent({ occurred_at: minutesAgo(50) }, { action: 'protocol_viewed', details: { tp_code: '1211' } }),
    auditEvent({ occurred_at: minutesAgo(40) }, { action: 'dose_confirmed', details: { medication: 'epinephrine' } }),
    auditEvent({ occurred_at: minutesAgo(30) }, { action: 'protocol_viewed', details: { tp_code: '1219' } }),
  ]);
  await ingest(db, org.people.emtA.caller, [
    auditEvent({ occurred_at: minutesAgo(20) }, { action: 'protocol_viewed', details: { tp_code: '1211' } }),
  ]);
  await ingest(db, org.people.paramedicB.caller, [
    auditEvent({ occurred_at: minutesAgo(10) }, { action: 'protocol_viewed', details: { tp_code: '1211' } }),
  ]);
});

afterAll(async () => {
  await db?.close();
});

async function rows<R = Record<string, unknown>>(
  caller: Caller,
  fn: string,
  args: Record<string, unknown> = {},
): Promise<R[]> {
  const names = Object.keys(args);
  return (
    await db.queryAs<R & Record<string, unknown>>(
      caller,
      `select * from public.${fn}(${names.map((n, i) => `${n} => $${i + 1}`).join(', ')})`,
      Object.values(args),
    )
  ).rows;
}

async function value<T>(caller: Caller, fn: string, args: Record<string, unknown> = {}): Promise<T> {
  const names = Object.keys(args);
  return (
    await db.queryAs<{ v: T }>(
      caller,
      `select public.${fn}(${names.map((n, i) => `${n} => $${i + 1}`).join(', ')}) as v`,
      Object.values(args),
    )
  ).rows[0]!.v;
}

async function outcome(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return 'ok';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe('the audit trail in the console', () => {
  it('is searched by supervisors, medical directors and admins, never by crews', async () => {
    const cases: Array<[string, Caller, string]> = [
      ['a paramedic', org.people.paramedicA.caller, '42501'],
      ['an EMT', org.people.emtA.caller, '42501'],
      ['a supervisor', supervisorA, 'ok'],
      ['a medical director', org.people.directorA.caller, 'ok'],
      ['an admin', org.people.adminA.caller, 'ok'],
      ['anon', 'anon', '42501'],
    ];
    for (const [who, caller, expected] of cases) {
      expect(await outcome(rows(caller, 'search_audit_logs')), who).toBe(expected);
      expect(await outcome(value(caller, 'list_audit_actions')), who).toBe(expected);
    }
  });

  it('shows a department only its own entries, newest first', async () => {
    const north = await rows<{ user_id: string; action: string }>(org.people.directorA.caller, 'search_audit_logs');
    expect(north.map((r) => r.user_id)).toEqual([
      org.people.emtA.id,
      org.people.paramedicA.id,
      org.people.paramedicA.id,
      org.people.paramedicA.id,
    ]);
    const south = await rows<{ user_id: string }>(org.people.directorB.caller, 'search_audit_logs');
    expect(south.map((r) => r.user_id)).toEqual([org.people.paramedicB.id]);
  });

  it('filters by person, action, resource, source and time, and pages by the keyset', async () => {
    const director = org.people.directorA.caller;
    expect(await rows(director, 'search_audit_logs', { filter_user_id: org.people.emtA.id })).toHaveLength(1);
    expect(await rows(director, 'search_audit_logs', { filter_action: 'dose_confirmed' })).toHaveLength(1);
    const about1211 = await rows<{ details: { tp_code: string } }>(director, 'search_audit_logs', {
      filter_resource_key: 'tp_code',
      filter_resource_value: '1211',
    });
    expect(about1211.map((r) => r.details.tp_code)).toEqual(['1211', '1211']);
    expect(await rows(director, 'search_audit_logs', { filter_source: 'server' })).toHaveLength(0);
    expect(
      await rows(director, 'search_audit_logs', { from_time: minutesAgo(45), to_time: minutesAgo(25) }),
    ).toHaveLength(2);
    const first = await rows<{ id: string; occurred_at: Date }>(director, 'search_audit_logs', { page_size: 3 });
    const last = first.at(-1)!;
    const next = await rows<{ id: string }>(director, 'search_audit_logs', {
      page_size: 3,
      after_occurred_at: last.occurred_at,
      after_id: last.id,
    });
    expect([...first, ...next].map((r) => r.id)).toHaveLength(4);
    expect(new Set([...first, ...next].map((r) => r.id)).size).toBe(4);
    expect(await value<string[]>(director, 'list_audit_actions')).toEqual(['dose_confirmed', 'protocol_viewed']);
    await expect(rows(director, 'search_audit_logs', { filter_resource_key: 'tp_code' })).rejects.toThrow(
      /give both, or neither/,
    );
  });

  it('writes an export of console data to the trail, with what and how many rows', async () => {
    await value(org.people.directorA.caller, 'note_console_export', {
      what: 'audit_trail',
      row_count: 4,
      filters: { action: 'protocol_viewed' },
    });
    const entries = await rows<{ action: string; source: string; details: Record<string, unknown> }>(
      org.people.adminA.caller,
      'search_audit_logs',
      { filter_action: 'console_exported' },
    );
    expect(entries[0]).toMatchObject({ source: 'server', details: { what: 'audit_trail', rows: 4 } });
    expect(
      await outcome(value(org.people.paramedicA.caller, 'note_console_export', { what: 'audit_trail', row_count: 1 })),
    ).toBe('42501');
  });
});

describe('sync health', () => {
  const device = uuidV7();

  it('keeps what a device reports about its outbox, without the content of refused events', async () => {
    await value(org.people.paramedicA.caller, 'report_outbox_state', {
      device_id: device,
      pending: 7,
      oldest_pending_at: minutesAgo(95),
      refused_count: 1,
      refused: JSON.stringify([
        {
          kind: 'narrative',
          code: 'PAYLOAD_INVALID',
          reason: 'payload.format must be soap, chronological or nemsis',
          rejected_at: minutesAgo(5),
          payload: { content: 'Patient John Doe' },
        },
      ]),
      app_version: '0.1.0',
    });
    const health = await rows<{
      user_id: string;
      pending: number;
      refused: unknown[];
      refused_count: number;
      last_report_at: Date;
    }>(org.people.directorA.caller, 'list_sync_health');
    const row = health.find((r) => r.user_id === org.people.paramedicA.id);
    expect(row).toMatchObject({ pending: 7, refused_count: 1 });
    expect(row?.refused).toEqual([
      {
        kind: 'narrative',
        code: 'PAYLOAD_INVALID',
        reason: 'payload.format must be soap, chronological or nemsis',
        rejected_at: expect.any(String),
      },
    ]);
    expect(JSON.stringify(health)).not.toContain('John Doe');
  });

  it('is read by console readers of the department only', async () => {
    expect(await outcome(rows(org.people.paramedicA.caller, 'list_sync_health'))).toBe('42501');
    expect(await outcome(rows(supervisorA, 'list_sync_health'))).toBe('ok');
    const south = await rows<{ user_id: string }>(org.people.directorB.caller, 'list_sync_health');
    expect(south.map((r) => r.user_id)).not.toContain(org.people.paramedicA.id);
  });

  it('refuses a report without a device or with a negative count', async () => {
    await expect(
      value(org.people.paramedicA.caller, 'report_outbox_state', { device_id: device, pending: -1 }),
    ).rejects.toThrow(/pending \(0 or more\)/);
    expect(await outcome(value('anon', 'report_outbox_state', { device_id: device, pending: 0 }))).toBe('42501');
  });
});

describe('lifting a ban', () => {
  it('shows a banned member, lets only an admin of the department lift the ban, and writes it to the trail', async () => {
    const medic = await createPerson(db, {
      label: 'banned',
      role: 'paramedic',
      departmentId: org.departments.A,
      stationId: org.stations.A1,
    });
    await db.query(
      `insert into public.rate_limit_violations (user_id, department_id, scope, request_count, limit_count, reputation_after, banned_until)
       values ($1, $2, 'DOSING', 40, 30, 5, now() + interval '24 hours')`,
      [medic.id, org.departments.A],
    );
    const before = await rows<{ user_id: string; banned_until: Date | null; violations_30d: number }>(
      org.people.directorA.caller,
      'list_sync_health',
    );
    expect(before[0]).toMatchObject({ user_id: medic.id, violations_30d: 1 });
    expect(before[0]?.banned_until).not.toBeNull();

    for (const [who, caller, expected] of [
      // The banned member is refused every call, this one included (HTTP 429, BANNED).
      ['the member', medic.caller, 'PGRST'],
      ['a supervisor', supervisorA, '42501'],
      ['a medical director', org.people.directorA.caller, '42501'],
      ["another department's admin", adminB, 'PT404'],
    ] as Array<[string, Caller, string]>) {
      expect(
        await outcome(value(caller, 'lift_rate_limit_ban', { user_id: medic.id, reason: 'device clock fixed' })),
        who,
      ).toBe(expected);
    }
    await expect(
      value(org.people.adminA.caller, 'lift_rate_limit_ban', { user_id: medic.id, reason: ' ' }),
    ).rejects.toThrow(/say why/);
    await value(org.people.adminA.caller, 'lift_rate_limit_ban', {
      user_id: medic.id,
      reason: 'Device clock was wrong; fixed with the crew.',
    });
    const after = await rows<{ user_id: string; banned_until: Date | null }>(
      org.people.directorA.caller,
      'list_sync_health',
      { filter_user_id: medic.id },
    );
    expect(after[0]?.banned_until).toBeNull();
    const reply = await ingest(db, medic.caller, [auditEvent()]);
    expect(reply.refusal).toBeNull();
    const trail = await rows<{ action: string; user_id: string; details: Record<string, unknown> }>(
      org.people.directorA.caller,
      'search_audit_logs',
      { filter_action: 'rate_limit_ban_lifted' },
    );
    expect(trail[0]).toMatchObject({
      user_id: org.people.adminA.id,
      details: { member_id: medic.id, reason: 'Device clock was wrong; fixed with the crew.' },
    });
    await expect(
      value(org.people.adminA.caller, 'lift_rate_limit_ban', { user_id: medic.id, reason: 'again' }),
    ).rejects.toThrow(/is not banned/);
  });
});
