// Reference data on the server: the app's dataset loads as it is, comes back from
// pull_reference in the shape devices mirror, and later pulls carry only the difference.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Protocol, ProviderImpression } from '../../src/domain/protocols/schema';
import { bundledFormularyRecords } from '../../src/domain/dosing/bundled-formulary';
import { formularyRecordsSchema } from '../../src/domain/dosing/formulary-schema';
import { loadReferenceSources } from '../../src/reference/load-reference';
import { createOrganisation, type Organisation } from './fixtures';
import { createTestDatabase, type TestDatabase } from './helpers';

interface Pull {
  version: number;
  since_version: number;
  full: boolean;
  protocols: Protocol[];
  provider_impressions: ProviderImpression[];
  medications: Array<Record<string, unknown>>;
  deleted: { protocols: string[]; provider_impressions: Array<{ code: string; name: string }>; medications: string[] };
}

interface Dataset {
  version: string;
  protocols: Protocol[];
  provider_impressions: ProviderImpression[];
  medications: Array<Record<string, unknown>>;
}

let db: TestDatabase;
let org: Organisation;
let dataset: Dataset;

beforeAll(async () => {
  db = await createTestDatabase();
  org = await createOrganisation(db);
  const sources = loadReferenceSources();
  expect(sources.problems).toEqual([]);
  dataset = {
    version: '1.0.0',
    protocols: sources.protocols,
    provider_impressions: sources.provider_impressions,
    medications: bundledFormularyRecords(),
  };
});

afterAll(async () => {
  await db?.close();
});

async function load(bundle: unknown): Promise<{
  reference_version: number;
  protocols: { changed: number; retired: number };
  provider_impressions: { changed: number; retired: number };
  medications: { changed: number; retired: number };
}> {
  const { rows } = await db.queryAs<{ report: never }>(
    'service_role',
    'select public.load_reference_dataset($1::jsonb) as report',
    [JSON.stringify(bundle)],
  );
  return rows[0]!.report;
}

async function pull(since: number): Promise<Pull> {
  const { rows } = await db.queryAs<{ pull: Pull }>(
    org.people.paramedicA.caller,
    'select public.pull_reference($1) as pull',
    [since],
  );
  return rows[0]!.pull;
}

const byImpression = (a: ProviderImpression, b: ProviderImpression) =>
  a.code.localeCompare(b.code) || a.name.localeCompare(b.name);

describe('the reference dataset on the server', () => {
  it('refuses a medication that is not a formulary record, naming it', async () => {
    await expect(
      load({ ...dataset, medications: [{ id: 'aspirin', name: 'Aspirin', routes: ['PO'] }] }),
    ).rejects.toMatchObject({
      code: '22023',
      message: expect.stringMatching(/^medication aspirin: a formulary record needs/),
    });
  });

  it("loads the app's whole dataset, and loading it again changes nothing", async () => {
    const first = await load(dataset);
    const again = await load(dataset);
    expect(first.protocols).toEqual({ changed: dataset.protocols.length, retired: 0 });
    expect(first.provider_impressions).toEqual({ changed: dataset.provider_impressions.length, retired: 0 });
    expect(first.medications).toEqual({ changed: dataset.medications.length, retired: 0 });
    expect(again.medications).toEqual({ changed: 0, retired: 0 });
    expect(again.protocols).toEqual({ changed: 0, retired: 0 });
    expect(again.provider_impressions).toEqual({ changed: 0, retired: 0 });
    expect(again.reference_version).toBe(first.reference_version);
  });

  it('loads a dataset again without change once the server has numbered a protocol past it', async () => {
    const [first, ...rest] = dataset.protocols;
    const edited = { ...dataset, protocols: [{ ...first!, keywords: [...first!.keywords, 'edited once'] }, ...rest] };
    expect((await load(edited)).protocols).toEqual({ changed: 1, retired: 0 });
    const again = await load(edited);
    expect(again.protocols).toEqual({ changed: 0, retired: 0 });
    expect((await load(dataset)).protocols).toEqual({ changed: 1, retired: 0 });
    expect((await load(dataset)).protocols).toEqual({ changed: 0, retired: 0 });
  });

  it("gives a device on its first pull every record exactly as the app's dataset has it", async () => {
    const everything = await pull(0);
    expect(everything.full).toBe(true);
    // The server numbers versions itself (see the test above); the content is the dataset's.
    const content = ({ version: _version, ...rest }: Protocol) => rest;
    expect(everything.protocols.map(content)).toEqual(
      [...dataset.protocols].sort((a, b) => a.tp_code.localeCompare(b.tp_code)).map(content),
    );
    expect(everything.provider_impressions).toEqual([...dataset.provider_impressions].sort(byImpression));
    // The formulary comes back in the schema the dosing engine validates, unchanged.
    expect(formularyRecordsSchema.parse(everything.medications)).toEqual(
      bundledFormularyRecords().sort((a, b) => a.id.localeCompare(b.id)),
    );
  });

  it('gives a device that is up to date nothing but the version', async () => {
    const current = (await pull(0)).version;
    const delta = await pull(current);
    expect(delta).toMatchObject({
      version: current,
      full: false,
      protocols: [],
      provider_impressions: [],
      medications: [],
    });
    expect(delta.deleted).toEqual({ protocols: [], provider_impressions: [], medications: [] });
  });

  it("sends only what changed since the device's version, and what went away by its key", async () => {
    const since = (await pull(0)).version;
    const [edited, removed, ...rest] = dataset.protocols;
    const [goneImpression, ...keptImpressions] = dataset.provider_impressions;
    await load({
      ...dataset,
      protocols: [{ ...edited!, keywords: [...edited!.keywords, 'added keyword'] }, ...rest],
      provider_impressions: keptImpressions,
      // Aspirin gains a contraindication; the last medication is withdrawn.
      medications: dataset.medications
        .slice(0, -1)
        .map((m) =>
          m['id'] === 'aspirin'
            ? { ...m, contraindications: [...(m['contraindications'] as string[]), 'added contraindication'] }
            : m,
        ),
    });

    const delta = await pull(since);
    expect(delta.version).toBe(since + 1);
    expect(delta.protocols.map((p) => p.tp_code)).toEqual([edited!.tp_code]);
    expect(delta.protocols[0]!.keywords).toContain('added keyword');
    expect(delta.deleted.protocols).toEqual([removed!.tp_code]);
    expect(delta.deleted.provider_impressions).toEqual([{ code: goneImpression!.code, name: goneImpression!.name }]);
    expect(delta.medications.map((m) => m['id'])).toEqual(['aspirin']);
    expect(delta.medications[0]!['contraindications']).toContain('added contraindication');
    expect(delta.deleted.medications).toEqual([dataset.medications.at(-1)!['id']]);

    await load(dataset);
  });

  it('gives a device that is ahead of the server (restored from a backup) everything again', async () => {
    const ahead = (await pull(0)).version + 100;
    const result = await pull(ahead);
    expect(result.full).toBe(true);
    expect(result.protocols).toHaveLength(dataset.protocols.length);
  });

  it('refuses a negative version and anon callers', async () => {
    await expect(pull(-1)).rejects.toMatchObject({ code: '22023' });
    await expect(db.queryAs('anon', 'select public.pull_reference(0)')).rejects.toMatchObject({ code: '42501' });
  });

  it('refuses a dataset with an invalid protocol as a whole, naming it', async () => {
    const before = (await pull(0)).version;
    const broken = {
      ...dataset,
      protocols: [{ ...dataset.protocols[0]!, sections: [] }, ...dataset.protocols.slice(1)],
    };
    await expect(load(broken)).rejects.toMatchObject({
      code: '22023',
      message: `protocol ${dataset.protocols[0]!.tp_code}: content.sections must be a non-empty list of sections`,
    });
    expect((await pull(0)).version).toBe(before);
  });

  it('lets only the service role load datasets', async () => {
    await expect(
      db.queryAs(org.people.adminA.caller, 'select public.load_reference_dataset($1::jsonb)', [
        JSON.stringify(dataset),
      ]),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it('keeps a version history of every protocol it loads', async () => {
    const { rows } = await db.query<{ n: number }>(
      "select count(distinct record_key)::int as n from public.reference_versions where kind = 'protocol' and status = 'active' and source = 'import'",
    );
    expect(rows[0]?.n).toBe(dataset.protocols.length);
  });
});

describe('protocol full-text search', () => {
  it('weighs the name above the keywords above the content', async () => {
    const protocol = (tp_code: string, name: string, keywords: string[], item: string) => ({
      tp_code,
      name,
      population: 'adult',
      category: 'Test',
      provider_impressions: [],
      keywords,
      sections: [{ kind: 'notes', title: 'Notes', items: [item] }],
      medications: [],
      related: [],
      popularity: 0,
      version: 1,
      effective_date: '2025-07-01',
    });
    await load({
      version: 'search-test',
      provider_impressions: [],
      medications: [],
      protocols: [
        protocol('1901', 'Vertigo Care', ['spinning'], 'Check orthostatic vital signs.'),
        protocol('1902', 'Dizziness', ['vertigo', 'spinning'], 'Check orthostatic vital signs.'),
        protocol('1903', 'Syncope', ['fainting'], 'Vertigo may come first.'),
      ],
    });
    const { rows } = await db.query<{ tp_code: string }>(
      `select tp_code from public.protocols, websearch_to_tsquery('english', 'vertigo') q
       where deleted_at is null and search_vector @@ q order by ts_rank(search_vector, q) desc`,
    );
    expect(rows.map((r) => r.tp_code)).toEqual(['1901', '1902', '1903']);
    await load(dataset);
  });
});

describe('the seed', () => {
  let seeded: TestDatabase;
  beforeAll(async () => {
    seeded = await createTestDatabase({ seed: true });
  });
  afterAll(async () => {
    await seeded?.close();
  });

  it('gives two departments a user of every role, each able to sign in with the demo password', async () => {
    const { rows } = await seeded.query<{ department: string; roles: string[]; passwords_ok: boolean }>(
      `select d.code as department, array_agg(u.role::text order by u.role) as roles,
              bool_and(a.encrypted_password = extensions.crypt('rigside-demo-password', a.encrypted_password)
                       and a.raw_app_meta_data ->> 'role' = u.role::text) as passwords_ok
       from public.users u join public.departments d on d.id = u.department_id join auth.users a on a.id = u.id
       group by d.code order by d.code`,
    );
    expect(rows).toEqual([
      { department: 'HCEMS', roles: ['paramedic', 'medical_director'], passwords_ok: true },
      {
        department: 'NVFD',
        roles: ['paramedic', 'emt', 'supervisor', 'medical_director', 'medical_director', 'admin'],
        passwords_ok: true,
      },
    ]);
  });

  it("holds the app's whole reference dataset, which devices can pull", async () => {
    const { rows } = await seeded.queryAs<{ pull: Pull }>(
      { userId: 'a0000000-0000-4000-8000-000000000001', appRole: 'paramedic' },
      'select public.pull_reference(0) as pull',
    );
    const everything = rows[0]!.pull;
    expect(everything.protocols.map((p) => p.tp_code)).toEqual(dataset.protocols.map((p) => p.tp_code).sort());
    expect(everything.provider_impressions).toHaveLength(dataset.provider_impressions.length);
    expect(formularyRecordsSchema.parse(everything.medications).map((m) => m.id)).toEqual(
      dataset.medications.map((m) => String(m['id'])).sort(),
    );
  });
});
