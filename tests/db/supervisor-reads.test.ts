// What medical directors and admins read about their department: filtered by time, station
// and user, paged, and never another department's records.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrganisation,
  doseWarning,
  dosingEvent,
  ingest,
  narrativeEvent,
  protocolUsageEvent,
  auditEvent,
  type Organisation,
} from './fixtures';
import { createTestDatabase, type Caller, type TestDatabase } from './helpers';

let db: TestDatabase;
let org: Organisation;
const start = new Date(Date.now() - 60 * 60 * 1000);
const minutesIn = (m: number) => new Date(start.getTime() + m * 60_000).toISOString();
const range = { from_time: start.toISOString(), to_time: new Date(Date.now() + 60_000).toISOString() };
let medicSession: string;

beforeAll(async () => {
  db = await createTestDatabase();
  org = await createOrganisation(db);
  const { paramedicA, emtA, paramedicB } = org.people;
  medicSession = randomUUID();
  await ingest(db, { ...paramedicA.caller, sessionId: medicSession }, [
    narrativeEvent({ occurred_at: minutesIn(1) }, { content: 'medic A narrative' }),
    dosingEvent({ occurred_at: minutesIn(2) }),
    dosingEvent(
      { occurred_at: minutesIn(3) },
      { warnings: [doseWarning('allergy to epinephrine recorded in the context', 'danger', 'ALLERGY')] },
    ),
    dosingEvent(
      { occurred_at: minutesIn(3.5) },
      { warnings: [doseWarning('no indication given', 'info', 'INDICATION_ASSUMED')] },
    ),
    protocolUsageEvent({ occurred_at: minutesIn(4) }, { tp_code: '1211', action: 'viewed' }),
    protocolUsageEvent({ occurred_at: minutesIn(5) }, { tp_code: '1211', action: 'applied' }),
    auditEvent({ occurred_at: minutesIn(6) }, { action: 'dosing_calculated' }),
    narrativeEvent({ occurred_at: minutesIn(7) }, { format: 'not a format' }),
  ]);
  await ingest(db, emtA.caller, [
    narrativeEvent({ occurred_at: minutesIn(8) }, { content: 'EMT A narrative' }),
    protocolUsageEvent({ occurred_at: minutesIn(9) }, { tp_code: '1219', action: 'viewed' }),
    protocolUsageEvent({ occurred_at: minutesIn(10) }, { tp_code: '1211', action: 'viewed' }),
    auditEvent({ occurred_at: minutesIn(11) }, { action: 'protocol_viewed' }),
  ]);
  await ingest(db, paramedicB.caller, [
    narrativeEvent({ occurred_at: minutesIn(12) }, { content: 'medic B narrative' }),
    dosingEvent({ occurred_at: minutesIn(13) }, { warnings: [doseWarning('department B warning')] }),
  ]);
});

afterAll(async () => {
  await db?.close();
});

async function read<R extends Record<string, unknown>>(
  caller: Caller,
  fn: string,
  args: Record<string, unknown> = {},
): Promise<R[]> {
  const all = { ...range, ...args };
  const names = Object.keys(all);
  const { rows } = await db.queryAs<R>(
    caller,
    `select * from public.${fn}(${names.map((n, i) => `${n} => $${i + 1}`).join(', ')})`,
    Object.values(all),
  );
  return rows;
}

describe('supervisor reads', () => {
  it('gives a medical director the narratives of their department, newest first, and none of another', async () => {
    const rows = await read<{ content: string; badge_number: string; total_count: string }>(
      org.people.directorA.caller,
      'list_department_narratives',
    );
    expect(rows.map((r) => r.content)).toEqual(['EMT A narrative', 'medic A narrative']);
    expect(rows.map((r) => r.badge_number)).toEqual(['EMTA', 'PARAMEDICA']);
    const other = await read<{ content: string }>(org.people.directorB.caller, 'list_department_narratives');
    expect(other.map((r) => r.content)).toEqual(['medic B narrative']);
  });

  it('lists dosing calculations with danger warnings first, then other warnings, then the rest', async () => {
    const rows = await read<{ has_warnings: boolean; warnings: Array<{ message: string }> }>(
      org.people.adminA.caller,
      'list_department_dosing_calculations',
    );
    expect(rows.map((r) => r.warnings.map((w) => w.message))).toEqual([
      ['allergy to epinephrine recorded in the context'],
      ['no indication given'],
      [],
    ]);
  });

  it('counts protocol usage per protocol, most used first', async () => {
    const rows = await read<{
      tp_code: string;
      views: string;
      applications: string;
      uses: string;
      distinct_users: string;
    }>(org.people.directorA.caller, 'count_department_protocol_usage');
    expect(
      rows.map((r) => [r.tp_code, Number(r.views), Number(r.applications), Number(r.uses), Number(r.distinct_users)]),
    ).toEqual([
      ['1211', 2, 1, 3, 2],
      ['1219', 1, 0, 1, 1],
    ]);
  });

  it('filters audit events by action, user and station', async () => {
    const { paramedicA, emtA } = org.people;
    const byAction = await read<{ action: string }>(org.people.directorA.caller, 'list_department_audit_events', {
      filter_action: 'dosing_calculated',
    });
    expect(byAction.map((r) => r.action)).toEqual(['dosing_calculated']);
    const byUser = await read<{ user_id: string }>(org.people.directorA.caller, 'list_department_audit_events', {
      filter_user_id: emtA.id,
    });
    expect(byUser.map((r) => r.user_id)).toEqual([emtA.id]);
    const byStation = await read<{ user_id: string }>(org.people.directorA.caller, 'list_department_audit_events', {
      filter_station_id: paramedicA.stationId,
    });
    expect(byStation.map((r) => r.user_id)).toEqual([paramedicA.id]);
  });

  it('keeps to the time range given, end excluded', async () => {
    const rows = await read<{ content: string }>(org.people.directorA.caller, 'list_department_narratives', {
      from_time: minutesIn(0),
      to_time: minutesIn(8),
    });
    expect(rows.map((r) => r.content)).toEqual(['medic A narrative']);
  });

  it('pages through a result, saying how large the whole is', async () => {
    const director = org.people.directorA.caller;
    const first = await read<{ content: string; total_count: string }>(director, 'list_department_narratives', {
      page_size: 1,
      page_offset: 0,
    });
    const second = await read<{ content: string; total_count: string }>(director, 'list_department_narratives', {
      page_size: 1,
      page_offset: 1,
    });
    expect([...first, ...second].map((r) => [r.content, Number(r.total_count)])).toEqual([
      ['EMT A narrative', 2],
      ['medic A narrative', 2],
    ]);
  });

  it("reports each device's sync health: batches, accepted, rejected and when it was last seen", async () => {
    const rows = await read<{
      session_id: string;
      batches: string;
      events: string;
      accepted: string;
      rejected: string;
      duplicates: string;
    }>(org.people.directorA.caller, 'list_department_sync_health', { filter_user_id: org.people.paramedicA.id });
    expect(
      rows.map((r) => [
        r.session_id,
        Number(r.batches),
        Number(r.events),
        Number(r.accepted),
        Number(r.rejected),
        Number(r.duplicates),
      ]),
    ).toEqual([[medicSession, 1, 8, 7, 1, 0]]);
  });

  it('refuses paramedics and EMTs, who read their own records instead', async () => {
    for (const who of [org.people.paramedicA, org.people.emtA]) {
      await expect(read(who.caller, 'list_department_narratives'), who.key).rejects.toMatchObject({
        code: '42501',
        message: 'only a medical director or an admin may read department records',
      });
    }
    await expect(
      db.queryAs('anon', "select * from public.list_department_narratives(now() - interval '1 day', now())"),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it('refuses a backwards time range and pages too large, saying what to change', async () => {
    const director = org.people.directorA.caller;
    await expect(
      read(director, 'list_department_narratives', { from_time: range.to_time, to_time: range.from_time }),
    ).rejects.toMatchObject({ code: '22023', message: 'give a time range with from_time before to_time' });
    await expect(read(director, 'list_department_narratives', { page_size: 501 })).rejects.toMatchObject({
      code: '22023',
      message: 'page_size must be between 1 and 500',
    });
  });
});
