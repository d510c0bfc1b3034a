// The version workflow for protocols and formulary records (one implementation, kind 'protocol'
// or 'medication'): draft -> review -> approved (by a medical director who did not draft it) ->
// scheduled -> active on its date, superseding the version before and bumping the reference
// version that devices pull by. A version belongs to the department of its author: that
// department's console readers follow it and its directors and admins decide it; others see it
// once released. This file walks protocols through it; tests/db/medication-versions.test.ts
// walks medications, and tests/db/reference-versions-roles.test.ts holds the role matrix.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createPerson, type Organisation, type Person, type UserCaller } from './fixtures';
import { agencyDate } from './agency-calendar';
import { createTestDatabase, type Caller, type TestDatabase } from './helpers';

let db: TestDatabase;
let org: Organisation;
let director: Person;
let admin: Person;
/** A second medical director of North, to approve what the first one drafts. */
let secondDirector: { id: string; caller: UserCaller };

beforeAll(async () => {
  db = await createTestDatabase();
  org = await createOrganisation(db);
  director = org.people.directorA;
  admin = org.people.adminA;
  secondDirector = await createPerson(db, {
    label: 'directorA2',
    role: 'medical_director',
    departmentId: org.departments.A,
    stationId: null,
  });
});

afterAll(async () => {
  await db?.close();
});

interface Version {
  id: string;
  record_key: string;
  version: number;
  status: string;
  department_id: string | null;
  approved_by: string | null;
  effective_date: string | null;
}

const changeLog = [{ type: 'Revision', section: 'Treatment', description: 'Clarify the adenosine step.' }];

const content = (name: string, tpCode = '1213') => ({
  tp_code: tpCode,
  name,
  population: tpCode.endsWith('-P') ? 'pediatric' : 'adult',
  category: 'Cardiac',
  provider_impressions: ['DYSR'],
  keywords: ['SVT', 'tachycardia'],
  sections: [
    { kind: 'treatment', title: 'Treat', items: ['Vagal manoeuvres first, then adenosine 6 mg rapid IV push.'] },
  ],
  medications: [],
  related: [],
  popularity: 0,
});

async function call(caller: Caller, sql: string, params: unknown[] = []): Promise<Version> {
  const { rows } = await db.queryAs<Version>(caller, sql, params);
  return rows[0]!;
}

const draft = (who: Caller, name: string, tpCode = '1213') =>
  call(who, "select * from public.create_reference_draft('protocol', $1, $2::jsonb, $3::jsonb)", [
    tpCode,
    JSON.stringify(content(name, tpCode)),
    JSON.stringify(changeLog),
  ]);
const submit = (who: Caller, id: string) => call(who, 'select * from public.submit_reference_version($1)', [id]);
const approve = (who: Caller, id: string) => call(who, 'select * from public.approve_reference_version($1)', [id]);
const schedule = (who: Caller, id: string, date: string) =>
  call(who, 'select * from public.schedule_reference_version($1, $2)', [id, date]);

async function activate(
  onDate: string,
): Promise<{ activated: Array<{ key: string; version: number }>; reference_version: number }> {
  const { rows } = await db.queryAs<{
    result: { activated: Array<{ key: string; version: number }>; reference_version: number };
  }>(
    'service_role',
    // A second past midnight at the start of onDate, in the agency's time zone.
    `select public.activate_due_reference_versions(($1::date::timestamp at time zone rs.time_zone) + interval '1 second') as result
     from public.reference_state rs`,
    [onDate],
  );
  return rows[0]!.result;
}

async function referenceVersion(): Promise<number> {
  return Number((await db.query<{ version: string }>('select version from public.reference_state')).rows[0]!.version);
}

/** Takes a new version of `tpCode` from draft to scheduled for `date`. */
async function scheduledVersion(name: string, date: string, tpCode = '1213'): Promise<Version> {
  const created = await draft(admin.caller, name, tpCode);
  await submit(admin.caller, created.id);
  await approve(director.caller, created.id);
  return schedule(director.caller, created.id, date);
}

describe('protocol version workflow', () => {
  it('lets only a medical director approve a version in review', async () => {
    const created = await draft(admin.caller, 'Tachycardia');
    await submit(admin.caller, created.id);
    for (const who of [admin, org.people.paramedicA, org.people.emtA]) {
      await expect(approve(who.caller, created.id), who.key).rejects.toMatchObject({
        code: '42501',
        message: 'only a medical director may approve protocol and medication versions',
      });
    }
    const approved = await approve(director.caller, created.id);
    expect(approved).toMatchObject({ status: 'approved', approved_by: director.id });
  });

  it('lets only a medical director reject, and only with a reason', async () => {
    const created = await draft(director.caller, 'Tachycardia (rejected)');
    await submit(director.caller, created.id);
    await expect(
      call(admin.caller, "select * from public.reject_reference_version($1, 'no')", [created.id]),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(
      call(director.caller, "select * from public.reject_reference_version($1, ' ')", [created.id]),
    ).rejects.toMatchObject({ code: '22023' });
    const rejected = await call(
      director.caller,
      "select * from public.reject_reference_version($1, 'cite the dose source')",
      [created.id],
    );
    expect(rejected.status).toBe('rejected');
  });

  it('lets no paramedic or EMT draft a protocol', async () => {
    await expect(draft(org.people.paramedicA.caller, 'Mine')).rejects.toMatchObject({
      code: '42501',
      message: expect.stringMatching(/medical director or an admin/),
    });
  });

  it('takes the steps in order only', async () => {
    const created = await draft(admin.caller, 'Out of order');
    await expect(approve(director.caller, created.id)).rejects.toMatchObject({
      message: expect.stringMatching(/is draft; only a version that is review can be approved/),
    });
    await expect(schedule(director.caller, created.id, agencyDate(1))).rejects.toMatchObject({
      message: expect.stringMatching(/only a version that is approved or scheduled/),
    });
    await submit(admin.caller, created.id);
    await expect(submit(admin.caller, created.id)).rejects.toMatchObject({
      message: expect.stringMatching(/is review/),
    });
  });

  it('refuses a protocol record that devices could not use, naming what to fix', async () => {
    const bad = { ...content('No sections'), sections: [] };
    await expect(
      call(admin.caller, "select * from public.create_reference_draft('protocol', '1213', $1::jsonb, $2::jsonb)", [
        JSON.stringify(bad),
        JSON.stringify(changeLog),
      ]),
    ).rejects.toMatchObject({ code: '22023', message: 'sections: must list at least 1' });
    await expect(
      call(admin.caller, "select * from public.create_reference_draft('protocol', '1213-P', $1::jsonb, $2::jsonb)", [
        JSON.stringify({ ...content('Wrong population'), tp_code: '1213-P' }),
        JSON.stringify(changeLog),
      ]),
    ).rejects.toMatchObject({ message: 'population: pediatric protocols, and only they, have a code ending in -P' });
  });

  it('refuses a date in the past when scheduling', async () => {
    const created = await draft(admin.caller, 'Late');
    await submit(admin.caller, created.id);
    await approve(director.caller, created.id);
    await expect(schedule(director.caller, created.id, agencyDate(-1))).rejects.toMatchObject({ code: '22023' });
  });

  it('numbers versions of one protocol one after another', async () => {
    const first = await draft(admin.caller, 'Numbering', '1230');
    const second = await draft(admin.caller, 'Numbering again', '1230');
    expect([first.version, second.version]).toEqual([1, 2]);
  });
});

describe('activation of scheduled versions', () => {
  it('activates a version on its date, not before, superseding the active one and bumping the reference version once', async () => {
    const v1 = await scheduledVersion('Chest Pain v1', agencyDate(1), '1211');
    await activate(agencyDate(1));
    const before = await referenceVersion();
    const v2 = await scheduledVersion('Chest Pain v2', agencyDate(3), '1211');

    expect((await activate(agencyDate(2))).activated).toEqual([]);
    const result = await activate(agencyDate(3));

    expect(result.activated).toEqual([{ kind: 'protocol', key: '1211', version: v2.version, version_id: v2.id }]);
    expect(result.reference_version).toBe(before + 1);
    const statuses = await db.query<{ id: string; status: string }>(
      "select id, status from public.reference_versions where record_key = '1211'",
    );
    expect(Object.fromEntries(statuses.rows.map((r) => [r.id, r.status]))).toEqual({
      [v1.id]: 'superseded',
      [v2.id]: 'active',
    });
    const protocol = await db.query(
      "select name, version, effective_date::text, reference_version::int from public.protocols where tp_code = '1211'",
    );
    expect(protocol.rows).toEqual([
      { name: 'Chest Pain v2', version: v2.version, effective_date: agencyDate(3), reference_version: before + 1 },
    ]);
  });

  it('puts a version in force at the start of its date where the agency is, not at midnight UTC', async () => {
    const date = agencyDate(40);
    const version = await scheduledVersion('Hyperthermia', date, '1243');
    const activateAt = async (sql: string) =>
      (
        await db.queryAs<{ result: { activated: Array<{ version_id: string }> } }>(
          'service_role',
          `select public.activate_due_reference_versions(${sql}) as result from public.reference_state rs`,
          [date],
        )
      ).rows[0]!.result.activated.map((a) => a.version_id);
    // Midnight UTC of its date is 4 pm (5 pm in summer) the day before in Los Angeles.
    expect(await activateAt(`$1::date::timestamp at time zone 'UTC'`)).not.toContain(version.id);
    expect(await activateAt(`($1::date::timestamp at time zone rs.time_zone) - interval '1 second'`)).not.toContain(
      version.id,
    );
    expect(await activateAt(`$1::date::timestamp at time zone rs.time_zone`)).toContain(version.id);
  });

  it("refuses a date before the agency's today, naming that day, and a time zone that does not exist", async () => {
    const created = await draft(admin.caller, 'Yesterday');
    await submit(admin.caller, created.id);
    await approve(director.caller, created.id);
    await expect(schedule(director.caller, created.id, agencyDate(-1))).rejects.toMatchObject({
      code: '22023',
      message: `effective_date must be today or later: today is ${agencyDate()} in America/Los_Angeles`,
    });
    // Today itself is fine (withdrawn again, so that the next activation does not take it).
    await expect(schedule(director.caller, created.id, agencyDate())).resolves.toMatchObject({ status: 'scheduled' });
    await call(director.caller, 'select * from public.withdraw_reference_version($1, $2)', [created.id, 'test']);
    await expect(db.query("update public.reference_state set time_zone = 'Pacific/Nowhere'")).rejects.toMatchObject({
      code: '22023',
      message: 'Pacific/Nowhere is not a time zone name: use an IANA name such as America/Los_Angeles',
    });
  });

  it('bumps the reference version once for all the versions activated together', async () => {
    await scheduledVersion('Seizure', agencyDate(5), '1231');
    await scheduledVersion('Stroke', agencyDate(5), '1232');
    const before = await referenceVersion();
    const result = await activate(agencyDate(5));
    expect(result.activated.map((a) => a.key).sort()).toEqual(['1231', '1232']);
    expect(result.reference_version).toBe(before + 1);
  });

  it('ends with the later version active when two of one protocol fall due together', async () => {
    const earlier = await scheduledVersion('Burns v1', agencyDate(6), '1220');
    const later = await scheduledVersion('Burns v2', agencyDate(7), '1220');
    await activate(agencyDate(8));
    const { rows } = await db.query<{ id: string; status: string }>(
      "select id, status from public.reference_versions where record_key = '1220' order by version",
    );
    expect(rows).toEqual([
      { id: earlier.id, status: 'superseded' },
      { id: later.id, status: 'active' },
    ]);
  });

  it('sends devices the new protocol on their next pull', async () => {
    const since = await referenceVersion();
    await scheduledVersion('Hypothermia', agencyDate(9), '1223');
    await activate(agencyDate(9));
    const { rows } = await db.queryAs<{
      pull: { version: number; protocols: Array<{ tp_code: string; name: string }> };
    }>(org.people.paramedicA.caller, 'select public.pull_reference($1) as pull', [since]);
    expect(rows[0]!.pull.protocols.map((p) => [p.tp_code, p.name])).toEqual([['1223', 'Hypothermia']]);
  });

  it('retires a protocol when its active version is archived, and tells devices it is gone', async () => {
    const version = await scheduledVersion('Dystonic Reaction', agencyDate(10), '1239');
    await activate(agencyDate(10));
    const since = await referenceVersion();
    await call(director.caller, "select * from public.archive_reference_version($1, 'merged into 1202')", [version.id]);
    const { rows } = await db.queryAs<{ pull: { deleted: { protocols: string[] } } }>(
      org.people.emtA.caller,
      'select public.pull_reference($1) as pull',
      [since],
    );
    expect(rows[0]!.pull.deleted.protocols).toEqual(['1239']);
    const visible = await db.queryAs(org.people.emtA.caller, "select 1 from public.protocols where tp_code = '1239'");
    expect(visible.rowCount).toBe(0);
  });

  it('leaves activation to the schedule: no signed-in user may run it', async () => {
    await expect(db.queryAs(director.caller, 'select public.activate_due_reference_versions()')).rejects.toMatchObject({
      code: '42501',
    });
  });

  it('skips a version withdrawn before its date: the protocol in force stays', async () => {
    const v1 = await scheduledVersion('Syncope v1', agencyDate(12), '1233');
    await activate(agencyDate(12));
    const v2 = await scheduledVersion('Syncope v2', agencyDate(13), '1233');
    await call(director.caller, "select * from public.withdraw_reference_version($1, 'dose table has a typo')", [
      v2.id,
    ]);
    expect((await activate(agencyDate(13))).activated).toEqual([]);
    const { rows } = await db.query<{ id: string; status: string }>(
      "select id, status from public.reference_versions where record_key = '1233' order by version",
    );
    expect(rows).toEqual([
      { id: v1.id, status: 'active' },
      { id: v2.id, status: 'withdrawn' },
    ]);
  });

  it('records every step in the audit trail under the person who took it', async () => {
    const version = await scheduledVersion('Audited', agencyDate(11), '1225');
    const { rows } = await db.query<{ action: string; user_id: string | null; source: string }>(
      "select action, user_id, source from public.audit_logs where details ->> 'version_id' = $1 order by occurred_at, action",
      [version.id],
    );
    expect(rows.map((r) => [r.action, r.user_id, r.source])).toEqual([
      ['protocol_version_drafted', admin.id, 'server'],
      ['protocol_version_submitted', admin.id, 'server'],
      ['protocol_version_approved', director.id, 'server'],
      ['protocol_version_scheduled', director.id, 'server'],
    ]);
    await activate(agencyDate(11));
    const activation = await db.query<{ action: string; user_id: string | null; details: Record<string, unknown> }>(
      "select action, user_id, details from public.audit_logs where details ->> 'version_id' = $1 and action like '%activated'",
      [version.id],
    );
    // pg_cron runs the activation as the database owner: nobody is named, the record is.
    expect(activation.rows).toEqual([
      {
        action: 'protocol_version_activated',
        user_id: null,
        details: {
          version_id: version.id,
          kind: 'protocol',
          tp_code: '1225',
          version: version.version,
          effective_date: agencyDate(11),
        },
      },
    ]);
  });
});

describe('approvals that mean something', () => {
  it('refuses a medical director approving a version they drafted themselves (42501)', async () => {
    const created = await draft(director.caller, 'Self-approved');
    await submit(director.caller, created.id);
    await expect(approve(director.caller, created.id)).rejects.toMatchObject({
      code: '42501',
      message: `a medical director cannot approve a version they drafted (protocol 1213 version ${created.version}): another medical director must approve it`,
    });
    const approved = await approve(secondDirector.caller, created.id);
    expect(approved).toMatchObject({ status: 'approved', approved_by: secondDirector.id });
  });

  it('files a draft under the department of the person who drafted it', async () => {
    const created = await draft(admin.caller, 'Department draft');
    expect(created.department_id).toBe(org.departments.A);
  });

  it("hides a department's drafts and reviews from the medical director of another department", async () => {
    const created = await draft(admin.caller, 'North only');
    await submit(admin.caller, created.id);
    const seen = await db.queryAs(
      org.people.directorB.caller,
      'select id from public.reference_versions where id = $1',
      [created.id],
    );
    expect(seen.rowCount).toBe(0);
    const ownDepartment = await db.queryAs(director.caller, 'select id from public.reference_versions where id = $1', [
      created.id,
    ]);
    expect(ownDepartment.rowCount).toBe(1);
  });

  it('refuses the medical director of another department approving or rejecting it, as if it did not exist (PT404)', async () => {
    const created = await draft(admin.caller, 'Not yours');
    await submit(admin.caller, created.id);
    const notFound = { code: 'PT404', message: `no protocol or medication version with id ${created.id}` };
    await expect(approve(org.people.directorB.caller, created.id)).rejects.toMatchObject(notFound);
    await expect(
      call(org.people.directorB.caller, "select * from public.reject_reference_version($1, 'no')", [created.id]),
    ).rejects.toMatchObject(notFound);
    const { rows } = await db.query<{ status: string }>('select status from public.reference_versions where id = $1', [
      created.id,
    ]);
    expect(rows).toEqual([{ status: 'review' }]);
  });

  it('lets the other department see a version once released, but not reschedule or withdraw it (42501)', async () => {
    const version = await scheduledVersion('Released to all', agencyDate(20), '1234');
    const seen = await db.queryAs(
      org.people.directorB.caller,
      'select status::text from public.reference_versions where id = $1',
      [version.id],
    );
    expect(seen.rows).toEqual([{ status: 'scheduled' }]);
    await expect(schedule(org.people.directorB.caller, version.id, agencyDate(21))).rejects.toMatchObject({
      code: '42501',
      message: expect.stringMatching(/belongs to another department/),
    });
    await expect(
      call(org.people.directorB.caller, "select * from public.withdraw_reference_version($1, 'not ours')", [
        version.id,
      ]),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it('lets any medical director but its author approve an agency-wide version (no department)', async () => {
    const { rows } = await db.query<{ id: string }>(
      `insert into public.reference_versions (kind, record_key, version, status, content, change_summary, created_by, department_id, submitted_at)
       values ('protocol', '1235', 1, 'review', $1, 'agency-wide change', $2, null, now()) returning id`,
      [JSON.stringify(content('Agency-wide', '1235')), director.id],
    );
    const id = rows[0]!.id;
    expect(
      (await db.queryAs(org.people.directorB.caller, 'select 1 from public.reference_versions where id = $1', [id]))
        .rowCount,
    ).toBe(1);
    await expect(approve(director.caller, id)).rejects.toMatchObject({ code: '42501' });
    expect(await approve(org.people.directorB.caller, id)).toMatchObject({
      status: 'approved',
      approved_by: org.people.directorB.id,
    });
  });

  it('answers an unknown version id with a coded 404 (PT404), not a server error', async () => {
    const unknown = randomUUID();
    for (const [fn, extra] of [
      ['update_reference_draft', ", '{}'::jsonb, '[]'::jsonb"],
      ['submit_reference_version', ''],
      ['approve_reference_version', ''],
      ['reject_reference_version', ", 'x'"],
      ['schedule_reference_version', `, '${agencyDate(30)}'`],
      ['archive_reference_version', ", 'x'"],
      ['withdraw_reference_version', ", 'x'"],
    ] as const) {
      await expect(
        call(director.caller, `select * from public.${fn}($1${extra})`, [unknown]),
        fn,
      ).rejects.toMatchObject({ code: 'PT404', message: `no protocol or medication version with id ${unknown}` });
    }
  });
});

describe('withdrawing a scheduled version', () => {
  it('lets a medical director withdraw a scheduled version before it activates, with a reason, in the audit trail', async () => {
    const version = await scheduledVersion('To withdraw', agencyDate(14), '1236');
    const withdrawn = await call(
      director.caller,
      "select * from public.withdraw_reference_version($1, 'dose table has a typo')",
      [version.id],
    );
    expect(withdrawn).toMatchObject({ id: version.id, status: 'withdrawn' });
    const { rows } = await db.query<{ user_id: string; details: Record<string, unknown> }>(
      "select user_id, details from public.audit_logs where action = 'protocol_version_withdrawn' and details ->> 'version_id' = $1",
      [version.id],
    );
    expect(rows).toEqual([
      {
        user_id: director.id,
        details: {
          version_id: version.id,
          kind: 'protocol',
          tp_code: '1236',
          version: version.version,
          effective_date: agencyDate(14),
          reason: 'dose table has a typo',
        },
      },
    ]);
  });

  it('refuses a withdrawal without a reason (22023)', async () => {
    const version = await scheduledVersion('No reason', agencyDate(15), '1237');
    await expect(
      call(director.caller, "select * from public.withdraw_reference_version($1, '  ')", [version.id]),
    ).rejects.toMatchObject({ code: '22023' });
  });

  it('refuses withdrawing a version that is already active (archive it instead)', async () => {
    const version = await scheduledVersion('Already live', agencyDate(16), '1238');
    await activate(agencyDate(16));
    await expect(
      call(director.caller, "select * from public.withdraw_reference_version($1, 'too late')", [version.id]),
    ).rejects.toMatchObject({
      code: 'P0001',
      message: expect.stringMatching(/is active; only a version that is scheduled can be withdrawn/),
    });
  });

  it('lets no paramedic or EMT withdraw a version', async () => {
    const version = await scheduledVersion('Crew cannot', agencyDate(17), '1240');
    for (const who of [org.people.paramedicA, org.people.emtA]) {
      await expect(
        call(who.caller, "select * from public.withdraw_reference_version($1, 'x')", [version.id]),
        who.key,
      ).rejects.toMatchObject({ code: '42501' });
    }
  });
});
