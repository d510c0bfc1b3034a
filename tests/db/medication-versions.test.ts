// Medications take the same workflow as protocols (one implementation, kind 'medication'): a
// dose rule is drafted by one medical director, approved by another, scheduled and put in force
// by the activation pg_cron runs; the device pulls the formulary record the engine doses from,
// with its change log. The server refuses a draft that would leave rigs without a usable
// formulary, and checks again when the version falls due.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledFormularyRecords } from '../../src/domain/dosing/bundled-formulary';
import { calculateDose } from '../../src/domain/dosing/engine';
import type { FormularyRecord } from '../../src/domain/dosing/formulary-schema';
import { loadFormulary } from '../../src/domain/dosing/loaded-formulary';
import { formularyRecordFromDraft, type MedicationDraft } from '../../src/domain/versions/drafts';
import { createOrganisation, createPerson, type Organisation, type Person, type UserCaller } from './fixtures';
import { agencyDate } from './agency-calendar';
import { createTestDatabase, type Caller, type TestDatabase } from './helpers';

let db: TestDatabase;
let org: Organisation;
let director: Person;
let secondDirector: { id: string; caller: UserCaller };

beforeAll(async () => {
  db = await createTestDatabase();
  org = await createOrganisation(db);
  director = org.people.directorA;
  secondDirector = await createPerson(db, {
    label: 'directorA2',
    role: 'medical_director',
    departmentId: org.departments.A,
    stationId: null,
  });
  await db.queryAs('service_role', 'select public.load_reference_dataset($1::jsonb)', [
    JSON.stringify({ protocols: [], provider_impressions: [], medications: bundledFormularyRecords() }),
  ]);
});

afterAll(async () => {
  await db?.close();
});

interface Version {
  id: string;
  kind: string;
  record_key: string;
  version: number;
  status: string;
  withdrawal_reason: string | null;
}

const changeLog = (description: string) => [{ type: 'Revision', section: 'Pediatric IM dose', description }];

/** The record in force as a draft: without what the server derives. */
async function inForce(id: string): Promise<MedicationDraft> {
  const { rows } = await db.query<{ record: MedicationDraft }>(
    "select record - 'routes' - 'concentrations' - 'formulary_version' as record from public.medications where id = $1",
    [id],
  );
  return rows[0]!.record;
}

async function call(caller: Caller, sql: string, params: unknown[] = []): Promise<Version> {
  return (await db.queryAs<Version>(caller, sql, params)).rows[0]!;
}
const draft = (who: Caller, id: string, record: unknown, description = 'Revised dose.') =>
  call(who, "select * from public.create_reference_draft('medication', $1, $2::jsonb, $3::jsonb)", [
    id,
    JSON.stringify(record),
    JSON.stringify(changeLog(description)),
  ]);
const step = (who: Caller, fn: string, id: string, extra: unknown[] = []) =>
  call(who, `select * from public.${fn}($1${extra.map((_, i) => `, $${i + 2}`).join('')})`, [id, ...extra]);

async function scheduleForToday(id: string, record: unknown, description?: string): Promise<Version> {
  const created = await draft(director.caller, id, record, description);
  await step(director.caller, 'submit_reference_version', created.id);
  await step(secondDirector.caller, 'approve_reference_version', created.id);
  return step(director.caller, 'schedule_reference_version', created.id, [agencyDate()]);
}

/** What pg_cron runs, as the database owner. */
async function activate(): Promise<{ activated: unknown[]; refused: Array<{ key: string; problem: string }> }> {
  const { rows } = await db.query<{ r: { activated: unknown[]; refused: Array<{ key: string; problem: string }> } }>(
    'select public.activate_due_reference_versions() as r',
  );
  return rows[0]!.r;
}

async function referenceVersion(): Promise<number> {
  return Number((await db.query<{ version: string }>('select version from public.reference_state')).rows[0]!.version);
}

describe('a medication through the workflow', () => {
  it('keeps a version 1 of every formulary record loaded with the dataset', async () => {
    const { rows } = await db.query<{ n: number }>(
      "select count(*)::int as n from public.reference_versions where kind = 'medication' and status = 'active' and version = 1 and source = 'import'",
    );
    expect(rows[0]!.n).toBe(bundledFormularyRecords().length);
  });

  it('puts a pediatric dose change in force once a second director approves it, and devices pull it with its change log', async () => {
    const record = await inForce('epinephrine');
    const rule = record.rules.find((r) => r.id === 'epinephrine-pediatric-anaphylaxis')!;
    expect(rule.dose).toEqual({ kind: 'per_kg', per_kg: 0.01, max: 0.5 });
    rule.dose = { kind: 'per_kg', per_kg: 0.012, max: 0.5 };

    const created = await draft(director.caller, 'epinephrine', record, 'IM dose for children 0.012 mg/kg.');
    expect(created).toMatchObject({ kind: 'medication', record_key: 'epinephrine', version: 2, status: 'draft' });
    await step(director.caller, 'submit_reference_version', created.id);
    await expect(step(director.caller, 'approve_reference_version', created.id)).rejects.toMatchObject({
      code: '42501',
      message: expect.stringMatching(/cannot approve a version they drafted \(medication epinephrine version 2\)/),
    });
    await step(secondDirector.caller, 'approve_reference_version', created.id);
    await step(director.caller, 'schedule_reference_version', created.id, [agencyDate()]);

    const since = await referenceVersion();
    const result = await activate();
    expect(result.activated).toEqual([{ kind: 'medication', key: 'epinephrine', version: 2, version_id: created.id }]);

    const { rows } = await db.queryAs<{
      page: { rows: Array<{ kind: string; key: string; record: FormularyRecord; change: unknown }> };
    }>(org.people.paramedicA.caller, 'select public.pull_reference_page($1) as page', [since]);
    const pulled = rows[0]!.page.rows;
    expect(pulled.map((r) => [r.kind, r.key])).toEqual([['medication', 'epinephrine']]);
    // The server derives routes and concentrations exactly as the domain does.
    expect(pulled[0]!.record).toEqual(formularyRecordFromDraft(record, 'epinephrine-v2'));
    expect(pulled[0]!.change).toEqual({
      version: 2,
      effective_date: agencyDate(),
      change_log: changeLog('IM dose for children 0.012 mg/kg.'),
    });

    // The engine doses from what was pulled: 14 kg x 0.012 mg/kg = 0.168 mg.
    const others = bundledFormularyRecords().filter((m) => m.id !== 'epinephrine');
    const formulary = loadFormulary([...others, pulled[0]!.record]);
    if (!formulary.ok) throw new Error(formulary.error.message);
    const dose = calculateDose(
      { medication: 'epinephrine', route: 'IM', weight_kg: 14, age_years: 3, indication: 'anaphylaxis' },
      formulary.value,
    );
    expect(dose.ok && dose.value.dose).toEqual({ value: 0.168, unit: 'mg' });
    expect(dose.ok && dose.value.formulary_version).toBe('epinephrine-v2');
  });

  it('refuses a draft whose new alias already names another drug, saying which', async () => {
    const record = await inForce('naloxone');
    record.aliases = [...record.aliases, 'epi'];
    await expect(draft(director.caller, 'naloxone', record)).rejects.toMatchObject({
      code: '22023',
      message: 'The formulary is ambiguous: "epi" names both epinephrine and naloxone.',
    });
  });

  it('refuses a draft that takes a rule id another medication uses, or names an unknown drug in an interaction', async () => {
    const record = await inForce('naloxone');
    record.rules[0]!.id = 'epinephrine-adult-anaphylaxis';
    await expect(draft(director.caller, 'naloxone', record)).rejects.toMatchObject({
      code: '22023',
      message: 'naloxone: rule id epinephrine-adult-anaphylaxis is used twice',
    });
    const other = await inForce('olanzapine');
    other.interactions[0]!.given = ['no-such-drug'];
    await expect(draft(director.caller, 'olanzapine', other)).rejects.toMatchObject({
      message: 'olanzapine: interaction names unknown medication "no-such-drug"',
    });
  });

  it('adds a new medication as its version 1', async () => {
    const record = {
      ...(await inForce('aspirin')),
      id: 'test-aspirin',
      name: 'Test Aspirin',
      brand_names: [],
      aliases: [],
    };
    record.rules = record.rules.map((r) => ({ ...r, id: `test-${r.id}` }));
    const created = await draft(director.caller, 'test-aspirin', record);
    expect(created).toMatchObject({ record_key: 'test-aspirin', version: 1 });
  });

  it('withdraws, with the reason, a due version that no longer fits the formulary in force', async () => {
    // Two drafts that each fit what is in force, but not each other: the later one to fall due is refused.
    const epinephrine = await inForce('epinephrine');
    epinephrine.aliases = [...epinephrine.aliases, 'rescue pen'];
    const first = await scheduleForToday('epinephrine', epinephrine);
    const glucagon = await inForce('glucagon');
    glucagon.aliases = [...glucagon.aliases, 'rescue pen'];
    const second = await scheduleForToday('glucagon', glucagon);

    const result = await activate();
    expect(result.refused).toEqual([
      {
        version_id: second.id,
        kind: 'medication',
        key: 'glucagon',
        problem: 'The formulary is ambiguous: "rescue pen" names both epinephrine and glucagon.',
      },
    ]);
    const { rows } = await db.query<{ id: string; status: string; withdrawal_reason: string | null }>(
      'select id, status::text, withdrawal_reason from public.reference_versions where id in ($1, $2) order by record_key',
      [first.id, second.id],
    );
    expect(rows).toEqual([
      { id: first.id, status: 'active', withdrawal_reason: null },
      {
        id: second.id,
        status: 'withdrawn',
        withdrawal_reason:
          'not put in force: The formulary is ambiguous: "rescue pen" names both epinephrine and glucagon.',
      },
    ]);
  });

  it('refuses retiring a medication another one names in its interactions, and retires one nobody names', async () => {
    const named = await db.query<{ id: string }>(
      "select id from public.reference_versions where kind = 'medication' and record_key = 'ondansetron' and status = 'active'",
    );
    await expect(
      step(director.caller, 'archive_reference_version', named.rows[0]!.id, ['no longer stocked']),
    ).rejects.toMatchObject({
      code: '22023',
      message: 'ondansetron is named in the interactions of olanzapine: change that medication first',
    });

    const since = await referenceVersion();
    const free = await db.query<{ id: string }>(
      "select id from public.reference_versions where kind = 'medication' and record_key = 'tranexamic-acid' and status = 'active'",
    );
    await step(director.caller, 'archive_reference_version', free.rows[0]!.id, ['no longer stocked']);
    const { rows } = await db.queryAs<{ page: { rows: Array<{ key: string; deleted: boolean }> } }>(
      org.people.emtA.caller,
      'select public.pull_reference_page($1) as page',
      [since],
    );
    expect(rows[0]!.page.rows.map((r) => [r.key, r.deleted])).toEqual([['tranexamic-acid', true]]);
  });

  it('writes each step to the audit trail as a medication step, naming the medication', async () => {
    const record = await inForce('adenosine');
    record.rules[0]!.notes = [...record.rules[0]!.notes, 'Follow with a 20 mL flush.'];
    const version = await scheduleForToday('adenosine', record);
    await activate();
    const { rows } = await db.query<{ action: string; user_id: string | null; details: Record<string, unknown> }>(
      "select action, user_id, details from public.audit_logs where details ->> 'version_id' = $1 order by occurred_at, action",
      [version.id],
    );
    expect(rows.map((r) => [r.action, r.user_id, r.details['medication'], r.details['kind']])).toEqual([
      ['medication_version_drafted', director.id, 'adenosine', 'medication'],
      ['medication_version_submitted', director.id, 'adenosine', 'medication'],
      ['medication_version_approved', secondDirector.id, 'adenosine', 'medication'],
      ['medication_version_scheduled', director.id, 'adenosine', 'medication'],
      ['medication_version_activated', null, 'adenosine', 'medication'],
    ]);
  });
});
