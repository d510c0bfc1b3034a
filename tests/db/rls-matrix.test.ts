// Row-level security, role x table x operation, against the real migrations. Every public
// table is here (a test below fails when one is added without a row in this matrix). Each
// operation runs as the caller in a transaction that is rolled back, so the fixture stays put.
//
// The rules (issue 5): paramedics and EMTs read reference data and their own records;
// medical directors and admins read their department's records; anon reads nothing. Nobody
// writes a table through the API (issue #12, tests/db/table-grants.test.ts): records arrive
// through ingest_events and protocols through the approval workflow. The service role is
// Supabase's server key and bypasses row-level security, but not the grants and triggers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, type Organisation, type Person } from './fixtures';
import { createAuthUser, createTestDatabase, type Caller, type TestDatabase } from './helpers';

const ROLES = ['anon', 'paramedicA', 'emtA', 'directorA', 'adminA', 'directorB', 'service_role'] as const;
type Role = (typeof ROLES)[number];
type Outcome = 'allowed' | 'no effect' | 'denied';
type Visible = string[] | 'denied';

let db: TestDatabase;
let org: Organisation;
let newcomerId: string;
const labels = new Map<string, string>();

beforeAll(async () => {
  db = await createTestDatabase();
  org = await createOrganisation(db);
  for (const person of Object.values(org.people)) labels.set(person.id, person.key);
  for (const [key, id] of Object.entries(org.departments)) labels.set(id, key);
  for (const [key, id] of Object.entries(org.stations)) labels.set(id, key);
  newcomerId = await createAuthUser(db, { email: `newcomer@${db.name}.test` });
  await seedRecords();
});

afterAll(async () => {
  await db?.close();
});

// Records of two crew members of North and one of South, and reference rows current and deleted.
async function seedRecords(): Promise<void> {
  for (const owner of [org.people.paramedicA, org.people.emtA, org.people.paramedicB]) {
    const values = [owner.id, owner.departmentId, owner.stationId];
    await db.query(
      'insert into public.sessions (id, user_id, department_id, station_id) values (gen_random_uuid(), $1, $2, $3)',
      values,
    );
    await db.query(
      `insert into public.patient_contexts (id, user_id, department_id, station_id, created_at, expires_at, phi_sealed)
       values (gen_random_uuid(), $1, $2, $3, now(), now() + interval '24 hours', '{"iv": "AAECAwQFBgcICQoL", "data": "c2VhbGVkIHBhdGllbnQgZmllbGRz"}')`,
      values,
    );
    await db.query(
      `insert into public.narrative_history (id, narrative_id, user_id, department_id, station_id, format, content, created_at)
       values (gen_random_uuid(), gen_random_uuid(), $1, $2, $3, 'soap', 'S: fall from standing', now())`,
      values,
    );
    await db.query(
      `insert into public.protocol_usage (id, user_id, department_id, station_id, tp_code, action, created_at)
       values (gen_random_uuid(), $1, $2, $3, '1211', 'viewed', now())`,
      values,
    );
    await db.query(
      `insert into public.dosing_calculations (id, user_id, department_id, station_id, medication, route, inputs, dose_value, dose_unit, formulary_version, created_at)
       values (gen_random_uuid(), $1, $2, $3, 'aspirin', 'PO', '{}', 325, 'mg', 'test', now())`,
      values,
    );
    await db.query(
      "insert into public.epcr_submissions (id, user_id, department_id, station_id, report_uuid, pcr_number, encounter, closed_at, next_attempt_at) values (gen_random_uuid(), $1, $2, $3, gen_random_uuid(), 'RS-TEST-1', '{}', now(), now())",
      values,
    );
    await db.query(
      "insert into public.audit_logs (occurred_at, user_id, department_id, station_id, source, action) values (now(), $1, $2, $3, 'device', 'app_started')",
      values,
    );
    await db.query(
      "insert into public.metrics (name, value, user_id, department_id, station_id) values ('ingest.batch', 1, $1, $2, $3)",
      values,
    );
    await db.query(
      "insert into public.rate_limit_violations (user_id, department_id, scope, request_count, limit_count, reputation_after) values ($1, $2, 'DOSING', 31, 30, 95)",
      values.slice(0, 2),
    );
  }
  const protocol = (code: string, deleted: boolean) =>
    db.query(
      `insert into public.protocols (tp_code, name, population, category, keywords, sections, version, effective_date, deleted_at)
       values ($1, 'Test protocol', 'adult', 'Cardiac', '{test}', '[{"kind": "notes", "title": "Notes", "items": ["x"]}]', 1, '2025-07-01', $2)`,
      [code, deleted ? new Date() : null],
    );
  await protocol('1211', false);
  await protocol('1212', true);
  // The QI queue filed a review item for each standalone record above (a narrative and a dose
  // per crew member); a reviewer's comment and a fallout on one dose item of North and of South.
  for (const owner of [org.people.paramedicA, org.people.paramedicB]) {
    const director = owner === org.people.paramedicA ? org.people.directorA : org.people.directorB;
    await db.query(
      `insert into public.qi_review_comments (review_id, department_id, author_id, body)
       select r.id, r.department_id, $2, 'Reviewed.' from public.qi_reviews r where r.user_id = $1 and r.doses > 0`,
      [owner.id, director.id],
    );
    await db.query(
      `insert into public.qi_review_fallouts (review_id, department_id, code, added_by)
       select r.id, r.department_id, 'DO', $2 from public.qi_reviews r where r.user_id = $1 and r.doses > 0`,
      [owner.id, director.id],
    );
  }
  await db.query(
    "insert into public.provider_impressions (code, name, deleted_at) values ('CPSC', 'Chest pain', null), ('OLDX', 'Retired', now())",
  );
  await db.query(
    "insert into public.medications (id, name, deleted_at) values ('aspirin', 'Aspirin', null), ('retired-med', 'Retired', now())",
  );
  // North's draft and review; the active version is agency-wide (no department).
  for (const status of ['draft', 'review', 'active']) {
    await db.query(
      `insert into public.reference_versions (kind, record_key, version, status, content, change_summary, approved_by, approved_at, effective_date, department_id)
       values ('protocol', '1211', $1, $2, '{}', 'test', $3, $4, $5, $6)`,
      [
        { draft: 3, review: 2, active: 1 }[status],
        status,
        status === 'active' ? org.people.directorA.id : null,
        status === 'active' ? new Date() : null,
        status === 'active' ? '2025-07-01' : null,
        status === 'active' ? null : org.departments.A,
      ],
    );
  }
}

function callerFor(role: Role): Caller {
  return role === 'anon' || role === 'service_role' ? role : org.people[role].caller;
}

/** Whose rows a write works on: the caller's own, or paramedicA's for the API keys. */
function subjectFor(role: Role): Person {
  return role === 'anon' || role === 'service_role' ? org.people.paramedicA : org.people[role];
}

/** Someone else: a colleague in the same department, or for directorB someone in another one. */
function otherThan(role: Role): Person {
  return role === 'paramedicA' ? org.people.emtA : org.people.paramedicA;
}

async function outcomeOf(role: Role, sql: string, params: unknown[]): Promise<Outcome> {
  try {
    const result = await db.queryAs(callerFor(role), sql, params, { rollback: true });
    return (result.rowCount ?? 0) > 0 ? 'allowed' : 'no effect';
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    // Refusals: privileges and policies (42501), triggers, and keys that protect referenced rows.
    if (['42501', '23503', '23505', '23514', 'P0001'].includes(code)) return 'denied';
    throw error;
  }
}

async function visibleTo(role: Role, labelSql: string, table: string): Promise<Visible> {
  try {
    const { rows } = await db.queryAs<{ label: string }>(
      callerFor(role),
      `select ${labelSql} as label from public.${table}`,
      [],
      { rollback: true },
    );
    return rows.map((r) => labels.get(r.label) ?? r.label).sort();
  } catch (error) {
    if ((error as { code?: string }).code === '42501') return 'denied';
    throw error;
  }
}

type Write = (role: Role) => [string, unknown[]];
interface TableRules {
  label: string;
  select: Record<Role, Visible>;
  insert?: [Write, Record<Role, Outcome>];
  insertForOther?: [Write, Record<Role, Outcome>];
  update: [Write, Record<Role, Outcome>];
  delete?: [Write, Record<Role, Outcome>];
}

const everyone = (outcome: Outcome, service: Outcome): Record<Role, Outcome> => ({
  anon: 'denied',
  paramedicA: outcome,
  emtA: outcome,
  directorA: outcome,
  adminA: outcome,
  directorB: outcome,
  service_role: service,
});
const ownAndDepartment = (all: string[], own: Partial<Record<Role, string[]>> = {}): Record<Role, Visible> => ({
  anon: 'denied',
  paramedicA: own.paramedicA ?? ['paramedicA'],
  emtA: own.emtA ?? ['emtA'],
  directorA: own.directorA ?? all.filter((k) => k.endsWith('A')).sort(),
  adminA: own.adminA ?? all.filter((k) => k.endsWith('A')).sort(),
  directorB: own.directorB ?? all.filter((k) => k.endsWith('B')).sort(),
  service_role: [...all].sort(),
});
const CREW = ['paramedicA', 'emtA', 'paramedicB'];
const signedIn = (rows: string[]): Record<Role, Visible> => ({
  anon: 'denied',
  paramedicA: rows,
  emtA: rows,
  directorA: rows,
  adminA: rows,
  directorB: rows,
  service_role: rows,
});

// An owned record table: written by ingest_events only; through the API nobody inserts, not even
// their own rows, and nobody but the service role changes them.
function recordTable(table: string, insertSql: string): TableRules {
  const insert: Write = (role) => [
    insertSql,
    [subjectFor(role).id, subjectFor(role).departmentId, subjectFor(role).stationId],
  ];
  const insertOther: Write = (role) => [
    insertSql,
    [otherThan(role).id, otherThan(role).departmentId, otherThan(role).stationId],
  ];
  return {
    label: 'user_id::text',
    select: ownAndDepartment(CREW),
    insert: [insert, everyone('denied', 'allowed')],
    insertForOther: [insertOther, everyone('denied', 'allowed')],
    update: [
      () => [`update public.${table} set created_at = created_at where user_id = $1`, [org.people.paramedicA.id]],
      everyone('denied', 'allowed'),
    ],
    delete: [
      () => [`delete from public.${table} where user_id = $1`, [org.people.paramedicA.id]],
      everyone('denied', 'allowed'),
    ],
  };
}

// Writes are functions of the role, evaluated once the fixture exists.
const MATRIX: Record<string, TableRules> = {
  departments: {
    label: 'id::text',
    select: {
      anon: 'denied',
      paramedicA: ['A'],
      emtA: ['A'],
      directorA: ['A'],
      adminA: ['A'],
      directorB: ['B'],
      service_role: ['A', 'B'],
    },
    insert: [
      () => ["insert into public.departments (code, name) values ('EAST', 'East')", []],
      everyone('denied', 'allowed'),
    ],
    update: [
      () => ['update public.departments set name = name where id = $1', [org.departments.A]],
      everyone('denied', 'allowed'),
    ],
    // The service role too: users and stations still belong to the department.
    delete: [() => ['delete from public.departments where id = $1', [org.departments.A]], everyone('denied', 'denied')],
  },
  stations: {
    label: 'id::text',
    select: {
      anon: 'denied',
      paramedicA: ['A1', 'A2'],
      emtA: ['A1', 'A2'],
      directorA: ['A1', 'A2'],
      adminA: ['A1', 'A2'],
      directorB: ['B1'],
      service_role: ['A1', 'A2', 'B1'],
    },
    insert: [
      () => ["insert into public.stations (department_id, code, name) values ($1, 'A9', 'A9')", [org.departments.A]],
      everyone('denied', 'allowed'),
    ],
    update: [
      () => ['update public.stations set name = name where id = $1', [org.stations.A1]],
      everyone('denied', 'allowed'),
    ],
    delete: [() => ['delete from public.stations where id = $1', [org.stations.A1]], everyone('denied', 'denied')],
  },
  users: {
    label: 'id::text',
    select: ownAndDepartment(['paramedicA', 'emtA', 'directorA', 'adminA', 'paramedicB', 'directorB'], {
      directorA: ['adminA', 'directorA', 'emtA', 'paramedicA'],
      adminA: ['adminA', 'directorA', 'emtA', 'paramedicA'],
      directorB: ['directorB', 'paramedicB'],
    }),
    insert: [
      () => [
        "insert into public.users (id, email, full_name, role, badge_number, department_id) values ($1, 'n@x.test', 'New', 'paramedic', 'NEW1', $2)",
        [newcomerId, org.departments.A],
      ],
      everyone('denied', 'allowed'),
    ],
    // Profiles are the agency's to change (service role), names included.
    update: [
      () => ['update public.users set full_name = full_name where id = $1', [org.people.paramedicA.id]],
      everyone('denied', 'allowed'),
    ],
    // The service role too: paramedicA's records keep their author.
    delete: [
      () => ['delete from public.users where id = $1', [org.people.paramedicA.id]],
      everyone('denied', 'denied'),
    ],
  },
  sessions: {
    label: 'user_id::text',
    select: ownAndDepartment(CREW),
    insert: [
      (r) => [
        'insert into public.sessions (id, user_id, department_id) values (gen_random_uuid(), $1, $2)',
        [subjectFor(r).id, subjectFor(r).departmentId],
      ],
      everyone('denied', 'allowed'),
    ],
    update: [
      () => ['update public.sessions set last_seen_at = now() where user_id = $1', [org.people.paramedicA.id]],
      everyone('denied', 'allowed'),
    ],
    delete: [
      () => ['delete from public.sessions where user_id = $1', [org.people.paramedicA.id]],
      everyone('denied', 'allowed'),
    ],
  },
  reference_state: {
    label: "'state'",
    select: signedIn(['state']),
    update: [() => ['update public.reference_state set version = version', []], everyone('denied', 'allowed')],
  },
  protocols: {
    label: 'tp_code',
    select: { ...signedIn(['1211']), service_role: ['1211', '1212'] },
    insert: [
      () => [
        `insert into public.protocols (tp_code, name, population, category, sections, version, effective_date)
      values ('1299', 'New', 'adult', 'Cardiac', '[{"kind": "notes", "title": "t", "items": ["x"]}]', 1, '2025-07-01')`,
        [],
      ],
      everyone('denied', 'allowed'),
    ],
    update: [
      () => ["update public.protocols set name = 'Edited' where tp_code = '1211'", []],
      everyone('denied', 'allowed'),
    ],
    // Soft delete only, for every role: devices must be told what went away.
    delete: [() => ["delete from public.protocols where tp_code = '1211'", []], everyone('denied', 'denied')],
  },
  provider_impressions: {
    label: 'code',
    select: { ...signedIn(['CPSC']), service_role: ['CPSC', 'OLDX'] },
    insert: [
      () => ["insert into public.provider_impressions (code, name) values ('NEWX', 'New')", []],
      everyone('denied', 'allowed'),
    ],
    update: [
      () => ["update public.provider_impressions set guidance = 'x' where code = 'CPSC'", []],
      everyone('denied', 'allowed'),
    ],
    delete: [() => ["delete from public.provider_impressions where code = 'CPSC'", []], everyone('denied', 'denied')],
  },
  medications: {
    label: 'id',
    select: { ...signedIn(['aspirin']), service_role: ['aspirin', 'retired-med'] },
    insert: [
      () => ["insert into public.medications (id, name) values ('new-med', 'New')", []],
      everyone('denied', 'allowed'),
    ],
    update: [
      () => ["update public.medications set name = 'Edited' where id = 'aspirin'", []],
      everyone('denied', 'allowed'),
    ],
    delete: [() => ["delete from public.medications where id = 'aspirin'", []], everyone('denied', 'denied')],
  },
  reference_versions: {
    label: 'status::text',
    // Crews see what is or will be in force; console readers follow their own department's drafts and reviews too.
    select: {
      anon: 'denied',
      paramedicA: ['active'],
      emtA: ['active'],
      directorA: ['active', 'draft', 'review'],
      adminA: ['active', 'draft', 'review'],
      directorB: ['active'],
      service_role: ['active', 'draft', 'review'],
    },
    insert: [
      () => [
        "insert into public.reference_versions (kind, record_key, version, content, change_summary) values ('protocol', '1211', 9, '{}', 'x')",
        [],
      ],
      everyone('denied', 'allowed'),
    ],
    update: [
      () => ["update public.reference_versions set change_summary = 'edited' where status = 'review'", []],
      everyone('denied', 'allowed'),
    ],
    delete: [() => ["delete from public.reference_versions where status = 'draft'", []], everyone('denied', 'allowed')],
  },
  patient_contexts: {
    ...recordTable(
      'patient_contexts',
      `insert into public.patient_contexts (id, user_id, department_id, station_id, created_at, expires_at, phi_sealed)
      values (gen_random_uuid(), $1, $2, $3, now(), now() + interval '24 hours', '{"iv": "AAECAwQFBgcICQoL", "data": "c2VhbGVkIHBhdGllbnQgZmllbGRz"}')`,
    ),
    // A context is re-sealed by a newer patient_context event through ingest_events, never in place.
    update: [
      () => [
        'update public.patient_contexts set phi_sealed = phi_sealed where user_id = $1',
        [org.people.paramedicA.id],
      ],
      everyone('denied', 'allowed'),
    ],
    delete: [
      () => ['delete from public.patient_contexts where user_id = $1', [org.people.paramedicA.id]],
      everyone('denied', 'allowed'),
    ],
  },
  narrative_history: recordTable(
    'narrative_history',
    `insert into public.narrative_history (id, narrative_id, user_id, department_id, station_id, format, content, created_at)
    values (gen_random_uuid(), gen_random_uuid(), $1, $2, $3, 'soap', 'S: test', now())`,
  ),
  protocol_usage: recordTable(
    'protocol_usage',
    `insert into public.protocol_usage (id, user_id, department_id, station_id, tp_code, action, created_at)
    values (gen_random_uuid(), $1, $2, $3, '1211', 'applied', now())`,
  ),
  dosing_calculations: recordTable(
    'dosing_calculations',
    `insert into public.dosing_calculations (id, user_id, department_id, station_id, medication, route, inputs, dose_value, dose_unit, formulary_version, created_at)
    values (gen_random_uuid(), $1, $2, $3, 'aspirin', 'PO', '{}', 325, 'mg', 'test', now())`,
  ),
  epcr_submissions: {
    ...recordTable(
      'epcr_submissions',
      "insert into public.epcr_submissions (id, user_id, department_id, station_id, report_uuid, pcr_number, encounter, closed_at, next_attempt_at) values (gen_random_uuid(), $1, $2, $3, gen_random_uuid(), 'RS-TEST-1', '{}', now(), now())",
    ),
    // The queue is written by ingest_events and worked by the service role's runner, never by a client.
    update: [
      () => ['update public.epcr_submissions set closed_at = closed_at where user_id = $1', [org.people.paramedicA.id]],
      everyone('denied', 'allowed'),
    ],
  },
  audit_logs: {
    ...recordTable(
      'audit_logs',
      "insert into public.audit_logs (occurred_at, user_id, department_id, station_id, source, action) values (now(), $1, $2, $3, 'device', 'app_started')",
    ),
    // Immutable for every role, the service role included.
    update: [
      () => ['update public.audit_logs set action = action where user_id = $1', [org.people.paramedicA.id]],
      everyone('denied', 'denied'),
    ],
    delete: [
      () => ['delete from public.audit_logs where user_id = $1', [org.people.paramedicA.id]],
      everyone('denied', 'denied'),
    ],
  },
  metrics: {
    label: 'user_id::text',
    select: ownAndDepartment(CREW),
    insert: [
      (r) => [
        "insert into public.metrics (name, value, user_id, department_id) values ('x', 1, $1, $2)",
        [subjectFor(r).id, subjectFor(r).departmentId],
      ],
      everyone('denied', 'allowed'),
    ],
    update: [
      () => ['update public.metrics set value = 2 where user_id = $1', [org.people.paramedicA.id]],
      everyone('denied', 'allowed'),
    ],
    delete: [
      () => ['delete from public.metrics where user_id = $1', [org.people.paramedicA.id]],
      everyone('denied', 'allowed'),
    ],
  },
  rate_limit_config: {
    label: 'scope',
    select: signedIn(['API', 'AUTH', 'CHAT', 'DOSING', 'GLOBAL', 'PHI']),
    insert: [
      () => [
        "insert into public.rate_limit_config (scope, max_requests, window_seconds, description) values ('EXTRA', 1, 60, 'x')",
        [],
      ],
      everyone('denied', 'allowed'),
    ],
    update: [
      () => ["update public.rate_limit_config set max_requests = 1000 where scope = 'DOSING'", []],
      everyone('denied', 'allowed'),
    ],
    delete: [() => ["delete from public.rate_limit_config where scope = 'CHAT'", []], everyone('denied', 'allowed')],
  },
  rate_limit_violations: {
    label: 'user_id::text',
    select: ownAndDepartment(CREW),
    insert: [
      (r) => [
        "insert into public.rate_limit_violations (user_id, scope, request_count, limit_count, reputation_after) values ($1, 'API', 61, 60, 95)",
        [subjectFor(r).id],
      ],
      everyone('denied', 'allowed'),
    ],
    // A user cannot clear their own record of violations.
    update: [
      () => [
        'update public.rate_limit_violations set banned_until = null where user_id = $1',
        [org.people.paramedicA.id],
      ],
      everyone('denied', 'allowed'),
    ],
    delete: [
      () => ['delete from public.rate_limit_violations where user_id = $1', [org.people.paramedicA.id]],
      everyone('denied', 'allowed'),
    ],
  },
  // The QI queue (issue 15): console readers read their department's, a crew member the items
  // of their own calls and none of the reviewers' notes; only the server's functions write.
  qi_flag_kinds: {
    label: "'kind'",
    select: signedIn(Array<string>(10).fill('kind')),
    insert: [
      () => [
        "insert into public.qi_flag_kinds (code, label, description, sort) values ('NEW_FLAG', 'x', 'x', 999)",
        [],
      ],
      everyone('denied', 'allowed'),
    ],
    update: [
      () => ["update public.qi_flag_kinds set label = label where code = 'DOSE_CAPPED'", []],
      everyone('denied', 'allowed'),
    ],
    delete: [() => ["delete from public.qi_flag_kinds where code = 'DOSE_CAPPED'", []], everyone('denied', 'allowed')],
  },
  qi_fallout_codes: {
    label: "'code'",
    select: signedIn(Array<string>(68).fill('code')),
    insert: [
      () => ["insert into public.qi_fallout_codes (code, name, sort) values ('ZZ', 'x', 999)", []],
      everyone('denied', 'allowed'),
    ],
    update: [
      () => ["update public.qi_fallout_codes set name = name where code = 'PN'", []],
      everyone('denied', 'allowed'),
    ],
    delete: [() => ["delete from public.qi_fallout_codes where code = 'SE'", []], everyone('denied', 'allowed')],
  },
  qi_reviews: {
    label: 'user_id::text',
    select: {
      anon: 'denied',
      paramedicA: ['paramedicA', 'paramedicA'],
      emtA: ['emtA', 'emtA'],
      directorA: ['emtA', 'emtA', 'paramedicA', 'paramedicA'],
      adminA: ['emtA', 'emtA', 'paramedicA', 'paramedicA'],
      directorB: ['paramedicB', 'paramedicB'],
      service_role: ['emtA', 'emtA', 'paramedicA', 'paramedicA', 'paramedicB', 'paramedicB'],
    },
    insert: [
      (r) => [
        'insert into public.qi_reviews (user_id, department_id, call_key, started_at, last_record_at) values ($1, $2, gen_random_uuid(), now(), now())',
        [subjectFor(r).id, subjectFor(r).departmentId],
      ],
      everyone('denied', 'allowed'),
    ],
    update: [
      () => ["update public.qi_reviews set flags = '{}' where user_id = $1", [org.people.paramedicA.id]],
      everyone('denied', 'allowed'),
    ],
    delete: [
      () => ['delete from public.qi_reviews where user_id = $1', [org.people.paramedicA.id]],
      everyone('denied', 'allowed'),
    ],
  },
  qi_flags: {
    label: 'department_id::text',
    select: {
      anon: 'denied',
      paramedicA: [],
      emtA: [],
      directorA: ['A', 'A'],
      adminA: ['A', 'A'],
      directorB: ['B'],
      service_role: ['A', 'A', 'B'],
    },
    update: [
      () => ['update public.qi_flags set detail = detail where department_id = $1', [org.departments.A]],
      everyone('denied', 'allowed'),
    ],
    delete: [
      () => ['delete from public.qi_flags where department_id = $1', [org.departments.A]],
      everyone('denied', 'allowed'),
    ],
  },
  qi_review_comments: {
    label: 'department_id::text',
    select: {
      anon: 'denied',
      paramedicA: [],
      emtA: [],
      directorA: ['A'],
      adminA: ['A'],
      directorB: ['B'],
      service_role: ['A', 'B'],
    },
    insert: [
      (r) => [
        `insert into public.qi_review_comments (review_id, department_id, author_id, body)
      select r.id, r.department_id, $1, 'x' from public.qi_reviews r where r.user_id = $2 limit 1`,
        [subjectFor(r).id, org.people.paramedicA.id],
      ],
      everyone('denied', 'allowed'),
    ],
    update: [
      () => ["update public.qi_review_comments set body = 'edited' where department_id = $1", [org.departments.A]],
      everyone('denied', 'allowed'),
    ],
    delete: [
      () => ['delete from public.qi_review_comments where department_id = $1', [org.departments.A]],
      everyone('denied', 'allowed'),
    ],
  },
  device_outbox_states: {
    label: 'user_id::text',
    select: { anon: 'denied', paramedicA: [], emtA: [], directorA: [], adminA: [], directorB: [], service_role: [] },
    insert: [
      (r) => [
        'insert into public.device_outbox_states (device_id, user_id, department_id, pending) values (gen_random_uuid(), $1, $2, 0)',
        [subjectFor(r).id, subjectFor(r).departmentId],
      ],
      everyone('denied', 'allowed'),
    ],
    update: [() => ['update public.device_outbox_states set pending = 0', []], everyone('denied', 'no effect')],
    delete: [() => ['delete from public.device_outbox_states', []], everyone('denied', 'no effect')],
  },
  qi_review_fallouts: {
    label: 'department_id::text',
    select: {
      anon: 'denied',
      paramedicA: [],
      emtA: [],
      directorA: ['A'],
      adminA: ['A'],
      directorB: ['B'],
      service_role: ['A', 'B'],
    },
    update: [
      () => ["update public.qi_review_fallouts set note = 'edited' where department_id = $1", [org.departments.A]],
      everyone('denied', 'allowed'),
    ],
    delete: [
      () => ['delete from public.qi_review_fallouts where department_id = $1', [org.departments.A]],
      everyone('denied', 'allowed'),
    ],
  },
};

describe('row-level security matrix', () => {
  it('covers every table of the public schema, each with row-level security on', async () => {
    const { rows } = await db.query<{ relname: string; relrowsecurity: boolean }>(
      "select c.relname, c.relrowsecurity from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1",
    );
    expect(rows.map((r) => r.relname).sort()).toEqual(Object.keys(MATRIX).sort());
    expect(rows.filter((r) => !r.relrowsecurity).map((r) => r.relname)).toEqual([]);
  });

  for (const [table, rules] of Object.entries(MATRIX)) {
    describe(table, () => {
      it('shows each role exactly the rows the rules allow', async () => {
        const actual = Object.fromEntries(
          await Promise.all(ROLES.map(async (r) => [r, await visibleTo(r, rules.label, table)] as const)),
        );
        expect(actual).toEqual(rules.select);
      });

      for (const operation of ['insert', 'insertForOther', 'update', 'delete'] as const) {
        const rule = rules[operation];
        if (!rule) continue;
        it(`lets each role ${operation === 'insertForOther' ? 'insert on behalf of someone else' : operation} only as the rules allow`, async () => {
          const [write, expected] = rule;
          const actual: Record<string, Outcome> = {};
          for (const role of ROLES) actual[role] = await outcomeOf(role, ...write(role));
          expect(actual).toEqual(expected);
        });
      }
    });
  }
});

describe('column and function privileges', () => {
  it('lets no user change their own profile: not their role, badge, station, department or name', async () => {
    const medic = org.people.paramedicA;
    for (const change of [
      "role = 'medical_director'",
      "badge_number = 'X1'",
      'station_id = null',
      'department_id = $2',
      "full_name = 'Dana O.'",
    ]) {
      const params = change.includes('$2') ? [medic.id, org.departments.B] : [medic.id];
      await expect(
        db.queryAs(medic.caller, `update public.users set ${change} where id = $1`, params, { rollback: true }),
      ).rejects.toMatchObject({ code: '42501' });
    }
  });

  it('gives a token whose role disagrees with the profile no supervisor rights', async () => {
    // A paramedic promoted in the token only (say, an old token after a demotion) reads like a paramedic.
    const caller = { userId: org.people.paramedicA.id, appRole: 'medical_director' as const };
    const { rows } = await db.queryAs<{ user_id: string }>(caller, 'select user_id from public.narrative_history', [], {
      rollback: true,
    });
    expect(rows.map((r) => labels.get(r.user_id))).toEqual(['paramedicA']);
  });

  it('lets a signed-in user without a profile read nothing but reference data', async () => {
    const stranger = { userId: newcomerId, appRole: 'paramedic' as const };
    for (const table of ['narrative_history', 'users', 'departments', 'audit_logs']) {
      const { rowCount } = await db.queryAs(stranger, `select 1 from public.${table}`, [], { rollback: true });
      expect(rowCount, table).toBe(0);
    }
    const { rowCount } = await db.queryAs(stranger, 'select 1 from public.protocols', [], { rollback: true });
    expect(rowCount).toBe(1);
  });

  it('lets anon execute no function of the public schema', async () => {
    const { rows } = await db.query<{ name: string }>(
      `select p.oid::regprocedure::text as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' and has_function_privilege('anon', p.oid, 'execute')`,
    );
    expect(rows).toEqual([]);
  });

  it('gives signed-in users only the RPC functions of the app', async () => {
    const { rows } = await db.query<{ name: string }>(
      `select p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' and has_function_privilege('authenticated', p.oid, 'execute') order by 1`,
    );
    expect(rows.map((r) => r.name)).toEqual([
      'add_qi_review_comment',
      'add_qi_review_fallout',
      'approve_reference_version',
      'archive_reference_version',
      'assign_qi_review',
      'chart_pediatric_weight',
      'chart_protocol_use',
      'chart_sync_lag',
      'chart_time_to_first_dose',
      'count_department_protocol_usage',
      'count_epcr_handoffs',
      'create_reference_draft',
      'get_console_context',
      'get_qi_review',
      'get_reference_version',
      'ingest_events',
      'lift_rate_limit_ban',
      'list_audit_actions',
      'list_department_audit_events',
      'list_department_dosing_calculations',
      'list_department_narratives',
      'list_department_sync_health',
      'list_epcr_handoffs',
      'list_epcr_submissions',
      'list_qi_reviews',
      'list_reference_record_names',
      'list_reference_records',
      'list_reference_versions',
      'list_sync_health',
      'my_correction_requests',
      'my_profile',
      'note_console_export',
      'pull_reference',
      'pull_reference_page',
      'reject_reference_version',
      'remove_qi_review_fallout',
      'report_outbox_state',
      'requeue_epcr_submission',
      'schedule_reference_version',
      'search_audit_logs',
      'set_qi_review_status',
      'submit_reference_version',
      'update_reference_draft',
      'withdraw_reference_version',
    ]);
  });

  it('pins the search path of every security definer function', async () => {
    const { rows } = await db.query<{ name: string }>(
      `select p.oid::regprocedure::text as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname in ('public', 'private') and p.prosecdef
         and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%')`,
    );
    expect(rows).toEqual([]);
  });

  it('refuses the API roles truncate, which row-level security would not stop', async () => {
    const { rows } = await db.query<{ grantee: string; table_name: string }>(
      `select grantee, table_name from information_schema.role_table_grants
       where table_schema = 'public' and privilege_type = 'TRUNCATE' and grantee in ('anon', 'authenticated')`,
    );
    expect(rows).toEqual([]);
  });
});
