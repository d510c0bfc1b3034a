// The device's zod schemas define a draft; the server checks drafts against the same schemas
// (exported as JSON Schema into private.reference_record_schemas) plus the formulary's
// cross-record rules. Here the two must agree: every protocol and medication we ship is accepted
// by both, hand-made bad drafts (one per rule) are refused by both, and so are the drafts a
// seeded property test makes by breaking a real record at a random place.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledFormularyRecords } from '../../src/domain/dosing/bundled-formulary';
import type { FormularyRecord } from '../../src/domain/dosing/formulary-schema';
import { checkChangeLog, checkDraft, recordJsonSchemas, type ReferenceKind } from '../../src/domain/versions/drafts';
import { assembleDataset } from '../../src/reference/assemble-dataset';
import { recordSchemasSql } from '../../supabase/local/record-schemas';
import { createTestDatabase, type TestDatabase } from './helpers';

let db: TestDatabase;
let formulary: FormularyRecord[];
let protocols: Array<Record<string, unknown>>;

const asDraft = (m: FormularyRecord): Record<string, unknown> => {
  const { routes: _r, concentrations: _c, formulary_version: _v, ...draft } = m;
  return draft;
};
const protocolDraft = (p: Record<string, unknown>): Record<string, unknown> => {
  const { version: _v, effective_date: _e, ...draft } = p;
  return draft;
};

beforeAll(async () => {
  db = await createTestDatabase();
  formulary = bundledFormularyRecords();
  const assembled = await assembleDataset();
  if (!assembled.ok) throw new Error(assembled.problems.join('; '));
  protocols = assembled.bundle.protocols;
  await db.queryAs('service_role', 'select public.load_reference_dataset($1::jsonb)', [
    JSON.stringify({ protocols: [], provider_impressions: [], medications: formulary }),
  ]);
});

afterAll(async () => {
  await db?.close();
});

async function serverProblem(kind: ReferenceKind, key: string, content: unknown): Promise<string | null> {
  const { rows } = await db.query<{ problem: string | null }>(
    'select private.reference_draft_problem($1, $2, $3::jsonb) as problem',
    [kind, key, JSON.stringify(content)],
  );
  return rows[0]!.problem;
}

function deviceProblem(kind: ReferenceKind, key: string, content: unknown): string | null {
  const check = checkDraft(kind, key, content, formulary);
  return check.ok ? null : check.error.problems.join('; ');
}

async function verdicts(kind: ReferenceKind, key: string, content: unknown) {
  return { device: deviceProblem(kind, key, content), server: await serverProblem(kind, key, content) };
}

describe('drafts: the device and the server agree', () => {
  it('holds, in the database, the JSON Schemas the zod schemas export today', async () => {
    const { rows } = await db.query<{ kind: string; json_schema: unknown }>(
      'select kind, json_schema from private.reference_record_schemas order by kind',
    );
    // If this fails, a zod schema changed: put `npm run -s db:record-schemas` in a new migration.
    expect(Object.fromEntries(rows.map((r) => [r.kind, r.json_schema]))).toEqual(recordJsonSchemas());
    expect(recordSchemasSql()).toContain('insert into private.reference_record_schemas');
  });

  it('accepts every medication and protocol we ship, on both sides', async () => {
    for (const m of formulary)
      expect(await verdicts('medication', m.id, asDraft(m)), m.id).toEqual({ device: null, server: null });
    for (const p of protocols) {
      const code = p['tp_code'] as string;
      expect(await verdicts('protocol', code, protocolDraft(p)), code).toEqual({ device: null, server: null });
    }
  });

  const epinephrine = () => asDraft(structuredClone(formulary.find((m) => m.id === 'epinephrine')!));
  const rule0 = (d: Record<string, unknown>) => (d['rules'] as Array<Record<string, unknown>>)[0]!;
  const BAD_MEDICATIONS: Array<[string, (d: Record<string, unknown>) => void]> = [
    ['a negative per-kg dose', (d) => (rule0(d)['dose'] = { kind: 'fixed', value: -1 })],
    ['a dose of zero', (d) => (rule0(d)['max_single'] = 0)],
    ['a dose kind the engine does not know', (d) => (rule0(d)['dose'] = { kind: 'per_m2', value: 1 })],
    ['a number written as text', (d) => (rule0(d)['max_single'] = '0.5')],
    ['an unknown route', (d) => (rule0(d)['routes'] = ['IV', 'rectal'])],
    ['no routes', (d) => (rule0(d)['routes'] = [])],
    ['an unknown field', (d) => (rule0(d)['max_dose'] = 1)],
    ['a missing unit', (d) => delete rule0(d)['unit']],
    ['a repeat interval of 1.5 doses', (d) => ((rule0(d)['limits'] as Record<string, unknown>)['max_doses'] = 1.5)],
    [
      'a max total with both value and per_kg',
      (d) => ((rule0(d)['limits'] as Record<string, unknown>)['max_total'] = { value: 1, per_kg: 0.1 }),
    ],
    ['a rule for an indication the drug lacks', (d) => (rule0(d)['indications'] = ['hiccups'])],
    ['a rule id used twice', (d) => (rule0(d)['id'] = formulary.find((m) => m.id === 'naloxone')!.rules[0]!.id)],
    ['a calculated drug with no rules', (d) => (d['rules'] = [])],
    ['adult only with pediatric rules', (d) => (d['adult_only'] = true)],
    [
      'an interaction with an unknown drug',
      (d) => ((d['interactions'] as Array<Record<string, unknown>>)[0]!['given'] = ['no-such-drug']),
    ],
    ['an alias another drug has', (d) => (d['aliases'] = ['narcan'])],
    ['an empty name', (d) => (d['name'] = '')],
    ['a derived field set by hand', (d) => (d['routes'] = ['IM'])],
    ['another medication\u2019s id', (d) => (d['id'] = 'naloxone')],
    ['a formulation giving neither mL nor units', (d) => (rule0(d)['formulation'] = { label: '1 mg/mL' })],
  ];
  for (const [what, breakIt] of BAD_MEDICATIONS) {
    it(`refuses a medication draft with ${what}, on both sides`, async () => {
      const draft = epinephrine();
      breakIt(draft);
      const { device, server } = await verdicts('medication', 'epinephrine', draft);
      expect(device, 'the device').not.toBeNull();
      expect(server, 'the server').not.toBeNull();
    });
  }

  const BAD_PROTOCOLS: Array<[string, (d: Record<string, unknown>) => void]> = [
    ['no sections', (d) => (d['sections'] = [])],
    [
      'a section kind devices do not know',
      (d) => ((d['sections'] as Array<Record<string, unknown>>)[0]!['kind'] = 'dosing'),
    ],
    ['a section without items', (d) => ((d['sections'] as Array<Record<string, unknown>>)[0]!['items'] = [])],
    ['a pediatric population on an adult code', (d) => (d['population'] = 'pediatric')],
    ['popularity above 1', (d) => (d['popularity'] = 1.5)],
    ['a related code that is not a code', (d) => (d['related'] = ['twelve'])],
    ['a version set by hand', (d) => (d['version'] = 3)],
    ['no keywords', (d) => (d['keywords'] = [])],
  ];
  for (const [what, breakIt] of BAD_PROTOCOLS) {
    it(`refuses a protocol draft with ${what}, on both sides`, async () => {
      const source = protocols.find((p) => p['tp_code'] === '1211')!;
      const draft = structuredClone(protocolDraft(source));
      breakIt(draft);
      const { device, server } = await verdicts('protocol', '1211', draft);
      expect(device, 'the device').not.toBeNull();
      expect(server, 'the server').not.toBeNull();
    });
  }

  it('agrees on change logs', async () => {
    for (const log of [
      [{ type: 'Revision', section: 'Dose', description: 'Lowered.' }],
      [],
      [{ type: 'Update', section: 'Dose', description: 'x' }],
      [{ type: 'Addition', section: ' ', description: 'x' }],
      [{ type: 'Deletion', section: 'Dose', description: 'x', extra: 1 }],
    ]) {
      const { rows } = await db.query<{ problem: string | null }>(
        'select private.change_log_problem($1::jsonb) as problem',
        [JSON.stringify(log)],
      );
      expect(rows[0]!.problem === null, JSON.stringify(log)).toBe(checkChangeLog(log).ok);
    }
  });

  it('agrees on 300 drafts broken at random places (seeded)', async () => {
    const records = formulary.map(asDraft);
    /** Every path to a value inside a record. */
    const paths = (value: unknown, path: Array<string | number> = []): Array<Array<string | number>> => {
      const here = path.length > 0 ? [path] : [];
      if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => paths(v, [...path, i]))];
      if (value !== null && typeof value === 'object')
        return [...here, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...path, k]))];
      return here;
    };
    const MUTATIONS = [
      'delete',
      'null',
      'negate',
      'zero',
      'text',
      'number',
      'empty',
      'unknown key',
      'fraction',
    ] as const;
    const samples = fc.sample(
      fc.record({ record: fc.nat(records.length - 1), at: fc.nat(), how: fc.constantFrom(...MUTATIONS) }),
      { numRuns: 300, seed: 20261202 },
    );
    let refusedByBoth = 0;
    for (const { record, at, how } of samples) {
      const draft = structuredClone(records[record]!);
      const all = paths(draft);
      const path = all[at % all.length]!;
      const parent = path
        .slice(0, -1)
        .reduce<Record<string | number, unknown>>(
          (node, key) => node[key] as Record<string | number, unknown>,
          draft as Record<string | number, unknown>,
        );
      const key = path.at(-1)!;
      const old = parent[key];
      if (how === 'delete') {
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete parent[key];
      } else if (how === 'null') parent[key] = null;
      else if (how === 'negate') parent[key] = typeof old === 'number' ? -old : -1;
      else if (how === 'zero') parent[key] = 0;
      else if (how === 'text') parent[key] = typeof old === 'string' ? '' : String(old);
      else if (how === 'number') parent[key] = 7;
      else if (how === 'empty') parent[key] = Array.isArray(old) ? [] : {};
      else if (how === 'unknown key')
        parent[key] = old !== null && typeof old === 'object' && !Array.isArray(old) ? { ...old, surprise: 1 } : old;
      else parent[key] = typeof old === 'number' ? old + 0.5 : old;
      const id = String(draft['id'] ?? records[record]!['id']);
      const { device, server } = await verdicts('medication', id, draft);
      expect({ path: path.join('.'), how, device: device !== null, server: server !== null }).toEqual({
        path: path.join('.'),
        how,
        device: server !== null,
        server: device !== null,
      });
      if (device !== null) refusedByBoth++;
    }
    // Most random breaks make a record unusable; the rest (a changed note) are fine on both sides.
    expect(refusedByBoth).toBeGreaterThan(150);
  }, 120_000);
});
