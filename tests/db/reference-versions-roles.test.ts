// Who may do what with protocol and medication versions, role by role: crews (a paramedic and an
// EMT), a supervisor, the department's medical director and admin, and the medical director of
// another department. Each RPC is tried by every role on a version in the state the step needs,
// in a transaction that is rolled back, so every role meets the same version. Readers read;
// medical directors and admins act; only a medical director approves, rejects or archives; and
// to another department an unreleased version does not exist (PT404), a released one is not theirs
// to change (42501). Activation is pg_cron's alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledFormularyRecords } from '../../src/domain/dosing/bundled-formulary';
import { createOrganisation, createPerson, type Organisation, type UserCaller } from './fixtures';
import { agencyDate } from './agency-calendar';
import { createTestDatabase, type Caller, type TestDatabase } from './helpers';

const ROLES = ['paramedicA', 'emtA', 'supervisorA', 'directorA', 'adminA', 'directorB', 'service_role'] as const;
type Role = (typeof ROLES)[number];
/** 'ok', or the SQLSTATE of the refusal (42501, PT404...). */
type Outcome = string;

let db: TestDatabase;
let org: Organisation;
let supervisorA: UserCaller;
let author: UserCaller;

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
  // A second medical director of North drafts, so directorA is never the author.
  author = (
    await createPerson(db, {
      label: 'directorA2',
      role: 'medical_director',
      departmentId: org.departments.A,
      stationId: null,
    })
  ).caller;
  await db.queryAs('service_role', 'select public.load_reference_dataset($1::jsonb)', [
    JSON.stringify({ protocols: [], provider_impressions: [], medications: bundledFormularyRecords() }),
  ]);
});

afterAll(async () => {
  await db?.close();
});

function callerFor(role: Role): Caller {
  if (role === 'service_role') return role;
  if (role === 'supervisorA') return supervisorA;
  return org.people[role].caller;
}

const changeLog = JSON.stringify([{ type: 'Revision', section: 'Notes', description: 'Reworded a note.' }]);

async function draftRecord(): Promise<string> {
  const { rows } = await db.query<{ record: Record<string, unknown> }>(
    "select record - 'routes' - 'concentrations' - 'formulary_version' as record from public.medications where id = 'tranexamic-acid'",
  );
  return JSON.stringify(rows[0]!.record);
}

/** A version of tranexamic acid (which no other drug names) drafted in North, taken as far as `status`. */
async function versionIn(status: 'draft' | 'review' | 'approved' | 'scheduled' | 'active'): Promise<string> {
  const { rows } = await db.queryAs<{ id: string }>(
    author,
    "select id from public.create_reference_draft('medication', 'tranexamic-acid', $1::jsonb, $2::jsonb)",
    [await draftRecord(), changeLog],
  );
  const id = rows[0]!.id;
  const steps: Array<[Caller, string, unknown[]]> = [
    [author, 'submit_reference_version($1)', []],
    [org.people.directorA.caller, 'approve_reference_version($1)', []],
    [author, 'schedule_reference_version($1, $2)', [agencyDate()]],
  ];
  const order = ['draft', 'review', 'approved', 'scheduled', 'active'];
  for (const [who, call, extra] of steps.slice(0, Math.min(order.indexOf(status), 3)))
    await db.queryAs(who, `select public.${call}`, [id, ...extra]);
  if (status === 'active') await db.query('select public.activate_due_reference_versions()');
  return id;
}

async function outcome(role: Role, sql: string, params: unknown[]): Promise<Outcome> {
  try {
    await db.queryAs(callerFor(role), sql, params, { rollback: true });
    return 'ok';
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'error';
    // Signed-in users lack the privilege to call activation at all; so does a missing grant.
    return code;
  }
}

function expectRow(
  crew: Outcome,
  supervisor: Outcome,
  director: Outcome,
  admin: Outcome,
  otherDirector: Outcome,
  service: Outcome,
): Record<Role, Outcome> {
  return {
    paramedicA: crew,
    emtA: crew,
    supervisorA: supervisor,
    directorA: director,
    adminA: admin,
    directorB: otherDirector,
    service_role: service,
  };
}

// The service role has no profile: the workflow names who acted, so it refuses a caller without one.
const MATRIX: Array<[string, () => Promise<[string, unknown[]]>, Record<Role, Outcome>]> = [
  [
    'list_reference_records',
    () => Promise.resolve(["select public.list_reference_records('medication')", []]),
    expectRow('42501', 'ok', 'ok', 'ok', 'ok', '42501'),
  ],
  [
    'list_reference_record_names',
    () => Promise.resolve(["select public.list_reference_record_names('protocol')", []]),
    expectRow('42501', 'ok', 'ok', 'ok', 'ok', '42501'),
  ],
  [
    'list_reference_versions',
    () => Promise.resolve(["select public.list_reference_versions('medication')", []]),
    expectRow('42501', 'ok', 'ok', 'ok', 'ok', '42501'),
  ],
  [
    'get_reference_version (a draft)',
    async () => ['select public.get_reference_version($1)', [await versionIn('draft')]],
    expectRow('42501', 'ok', 'ok', 'ok', 'PT404', '42501'),
  ],
  [
    'get_reference_version (scheduled, so released)',
    async () => ['select public.get_reference_version($1)', [await versionIn('scheduled')]],
    expectRow('42501', 'ok', 'ok', 'ok', 'ok', '42501'),
  ],
  [
    'create_reference_draft',
    async () => [
      "select public.create_reference_draft('medication', 'tranexamic-acid', $1::jsonb, $2::jsonb)",
      [await draftRecord(), changeLog],
    ],
    expectRow('42501', '42501', 'ok', 'ok', 'ok', '42501'),
  ],
  [
    'update_reference_draft',
    async () => [
      'select public.update_reference_draft($1, $2::jsonb, $3::jsonb)',
      [await versionIn('draft'), await draftRecord(), changeLog],
    ],
    expectRow('42501', '42501', 'ok', 'ok', 'PT404', '42501'),
  ],
  [
    'submit_reference_version',
    async () => ['select public.submit_reference_version($1)', [await versionIn('draft')]],
    expectRow('42501', '42501', 'ok', 'ok', 'PT404', '42501'),
  ],
  [
    'approve_reference_version',
    async () => ['select public.approve_reference_version($1)', [await versionIn('review')]],
    expectRow('42501', '42501', 'ok', '42501', 'PT404', '42501'),
  ],
  [
    'reject_reference_version',
    async () => ["select public.reject_reference_version($1, 'cite the source')", [await versionIn('review')]],
    expectRow('42501', '42501', 'ok', '42501', 'PT404', '42501'),
  ],
  [
    'schedule_reference_version',
    async () => ['select public.schedule_reference_version($1, $2)', [await versionIn('approved'), agencyDate()]],
    expectRow('42501', '42501', 'ok', 'ok', 'PT404', '42501'),
  ],
  [
    'withdraw_reference_version',
    async () => ["select public.withdraw_reference_version($1, 'typo')", [await versionIn('scheduled')]],
    expectRow('42501', '42501', 'ok', 'ok', '42501', '42501'),
  ],
  [
    'archive_reference_version',
    async () => ["select public.archive_reference_version($1, 'retired')", [await versionIn('active')]],
    expectRow('42501', '42501', 'ok', '42501', '42501', '42501'),
  ],
  [
    'activate_due_reference_versions',
    () => Promise.resolve(['select public.activate_due_reference_versions()', []]),
    expectRow('42501', '42501', '42501', '42501', '42501', 'ok'),
  ],
];

describe('the version workflow, role by role', () => {
  for (const [name, setUp, expected] of MATRIX) {
    it(`${name}: ${Object.entries(expected)
      .map(([r, o]) => `${r} ${o}`)
      .join(', ')}`, async () => {
      const [sql, params] = await setUp();
      const actual: Record<string, Outcome> = {};
      for (const role of ROLES) actual[role] = await outcome(role, sql, params);
      expect(actual).toEqual(expected);
    });
  }

  it("shows another department's director released versions only, in the list", async () => {
    const draft = await versionIn('draft');
    const scheduled = await versionIn('scheduled');
    const seen = async (caller: Caller) =>
      (
        await db.queryAs<{ list: Array<{ id: string }> }>(
          caller,
          "select public.list_reference_versions('medication') as list",
        )
      ).rows[0]!.list.map((v) => v.id);
    expect(await seen(org.people.directorB.caller)).toContain(scheduled);
    expect(await seen(org.people.directorB.caller)).not.toContain(draft);
    expect(await seen(supervisorA)).toEqual(expect.arrayContaining([draft, scheduled]));
  });

  it("lists a version's line as its full answer has it, and names the records in force as the full list does", async () => {
    const draft = await versionIn('draft');
    const [{ list, one }] = (
      await db.queryAs<{ list: Array<Record<string, unknown>>; one: Record<string, unknown> }>(
        supervisorA,
        "select public.list_reference_versions('medication') as list, public.get_reference_version($1) as one",
        [draft],
      )
    ).rows as [{ list: Array<Record<string, unknown>>; one: Record<string, unknown> }];
    const line = list.find((v) => v['id'] === draft);
    const { content, active, ...withoutContent } = one;
    expect(line).toEqual(withoutContent);
    expect(line?.['name']).toBe((content as { name: string }).name);
    expect(line?.['created_by_name']).toEqual(expect.any(String));
    expect(active).not.toBeNull();

    let named = 0;
    for (const kind of ['protocol', 'medication']) {
      const [{ names, records }] = (
        await db.queryAs<{ names: unknown[]; records: Array<Record<string, unknown>> }>(
          supervisorA,
          'select public.list_reference_record_names($1) as names, public.list_reference_records($1) as records',
          [kind],
        )
      ).rows as [{ names: unknown[]; records: Array<Record<string, unknown>> }];
      named += names.length;
      expect(names).toEqual(
        records.map(({ key, name, version, effective_date }) => ({ key, name, version, effective_date })),
      );
    }
    expect(named).toBeGreaterThan(0);
  });
});
