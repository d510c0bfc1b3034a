// Table privileges of the API roles (issue #12): every table of schema public, for anon and a
// signed-in member of every role (and a medical director of another department), for select,
// insert, update and delete, run as PostgREST runs a request (set role + request.jwt.claims).
//
// The rule: the app writes only through security-definer RPCs (ingest_events, the protocol
// version workflow), so no API role may insert, update or delete any table directly, whatever
// the row-level security policies would say; signed-in members read, and row-level security
// decides which rows (tests/db/rls-matrix.test.ts); anon reads nothing. The matrix is printed
// as Markdown at the end of the run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, type Organisation, type PersonKey } from './fixtures';
import { createTestDatabase, type Caller, type TestDatabase } from './helpers';

const ROLES = [
  { key: 'anon', label: 'anon' },
  { key: 'paramedicA', label: 'a paramedic' },
  { key: 'emtA', label: 'an EMT' },
  { key: 'directorA', label: 'a medical director' },
  { key: 'adminA', label: 'an admin' },
  { key: 'directorB', label: 'a medical director of another department' },
] as const satisfies ReadonlyArray<{ key: 'anon' | PersonKey; label: string }>;
type RoleKey = (typeof ROLES)[number]['key'];

const OPERATIONS = ['select', 'insert', 'update', 'delete'] as const;
type Operation = (typeof OPERATIONS)[number];
type Outcome = 'granted' | 'denied';

const TABLES = [
  'departments',
  'stations',
  'users',
  'sessions',
  'reference_state',
  'protocols',
  'provider_impressions',
  'medications',
  'reference_versions',
  'audit_logs',
  'patient_contexts',
  'narrative_history',
  'protocol_usage',
  'dosing_calculations',
  'epcr_submissions',
  'metrics',
  'rate_limit_config',
  'rate_limit_violations',
  'qi_flag_kinds',
  'qi_fallout_codes',
  'qi_reviews',
  'qi_flags',
  'qi_review_comments',
  'qi_review_fallouts',
  'device_outbox_states',
] as const;

/** Reads are for signed-in members (row-level security filters them); writes are for no one. */
function expected(role: RoleKey, operation: Operation): Outcome {
  return operation === 'select' && role !== 'anon' ? 'granted' : 'denied';
}

let db: TestDatabase;
let org: Organisation;
const observed = new Map<string, Outcome>();

beforeAll(async () => {
  db = await createTestDatabase();
  org = await createOrganisation(db);
});

afterAll(async () => {
  if (observed.size) console.log(markdownMatrix());
  await db?.close();
});

function callerFor(role: RoleKey): Caller {
  return role === 'anon' ? 'anon' : org.people[role].caller;
}

async function columnsOf(table: string): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `select a.attname as name from pg_attribute a
     where a.attrelid = format('public.%I', $1::text)::regclass and a.attnum > 0 and not a.attisdropped
       and a.attgenerated = '' and a.attidentity = '' order by a.attnum`,
    [table],
  );
  return rows.map((r) => r.name);
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * What Postgres answers when `role` tries `operation` on `table`: granted unless the privilege
 * check refuses it ("permission denied for table ..."). The statements change no row (they are
 * rolled back, and updates and deletes match nothing), so only the privilege is tested; an update
 * is tried column by column, since a grant may cover a single column.
 */
async function outcomeOf(role: RoleKey, table: string, operation: Operation): Promise<Outcome> {
  const target = `public.${quote(table)}`;
  const statements =
    operation === 'select'
      ? [`select count(*) from ${target}`]
      : operation === 'insert'
        ? [`insert into ${target} default values`]
        : operation === 'delete'
          ? [`delete from ${target} where false`]
          : (await columnsOf(table)).map((c) => `update ${target} set ${quote(c)} = ${quote(c)} where false`);
  for (const sql of statements) {
    try {
      await db.queryAs(callerFor(role), sql, [], { rollback: true });
      return 'granted';
    } catch (error) {
      const { code, message } = error as { code?: string; message: string };
      if (code === '42501' && /^permission denied for (table|relation)/.test(message)) continue;
      // Past the privilege check: a constraint, a trigger or a row-level security policy spoke.
      return 'granted';
    }
  }
  return 'denied';
}

function sentence(role: (typeof ROLES)[number], table: string, operation: Operation): string {
  const what = { select: 'read', insert: 'insert into', update: 'update', delete: 'delete from' }[operation];
  return expected(role.key, operation) === 'granted'
    ? `${role.label} may ${what} public.${table}, filtered by row-level security`
    : `${role.label} may not ${what} public.${table}: permission denied`;
}

function markdownMatrix(): string {
  const letter: Record<Operation, string> = { select: 'S', insert: 'I', update: 'U', delete: 'D' };
  const cell = (table: string, role: RoleKey) =>
    OPERATIONS.map((op) => (observed.get(`${table}|${role}|${op}`) === 'granted' ? letter[op] : '·')).join('');
  const header = `| table | ${ROLES.map((r) => r.label.replace(/^an? /, '')).join(' | ')} |`;
  const rule = `|---|${ROLES.map(() => '---').join('|')}|`;
  const rows = TABLES.map((t) => `| ${t} | ${ROLES.map((r) => `\`${cell(t, r.key)}\``).join(' | ')} |`);
  return [
    '',
    'Table privileges of the API roles (S select, I insert, U update, D delete; · refused):',
    '',
    header,
    rule,
    ...rows,
    '',
  ].join('\n');
}

describe('table privileges of the API roles', () => {
  it('covers every table of the public schema', async () => {
    const { rows } = await db.query<{ relname: string }>(
      "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p')",
    );
    expect(rows.map((r) => r.relname).sort()).toEqual([...TABLES].sort());
  });

  for (const table of TABLES) {
    describe(`public.${table}`, () => {
      for (const role of ROLES) {
        for (const operation of OPERATIONS) {
          it(sentence(role, table, operation), async () => {
            const outcome = await outcomeOf(role.key, table, operation);
            observed.set(`${table}|${role.key}|${operation}`, outcome);
            expect(outcome).toBe(expected(role.key, operation));
          });
        }
      }
    });
  }

  it('gives no API role a privilege that row-level security does not govern (truncate, references, trigger)', async () => {
    const { rows } = await db.query<{ grantee: string; table_name: string; privilege_type: string }>(
      `select grantee, table_name, privilege_type from information_schema.role_table_grants
       where table_schema = 'public' and grantee in ('anon', 'authenticated') and privilege_type not in ('SELECT')
       order by 1, 2, 3`,
    );
    expect(rows).toEqual([]);
  });

  it('keeps new tables of schema public unwritable by the API roles by default', async () => {
    await db.query('create table public.grants_probe (id int primary key)');
    try {
      const { rows } = await db.query<{ role: string; can_write: boolean }>(
        `select r as role, has_table_privilege(r, 'public.grants_probe', 'insert, update, delete, truncate') as can_write
         from unnest(array['anon', 'authenticated']) as r`,
      );
      expect(rows).toEqual([
        { role: 'anon', can_write: false },
        { role: 'authenticated', can_write: false },
      ]);
    } finally {
      await db.query('drop table public.grants_probe');
    }
  });
});
