// The app's server path end to end, through supabase-js 2.109 over HTTP against the API
// stand-in and the real migrations: a paramedic's batch is ingested once, read back by the
// medical director of the same department, and invisible to the director of another.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { startApi, type RunningApi } from '../../supabase/local/api';
import { nodeSupabaseClient } from '../../supabase/local/node-client';
import { createAuthUser, createTestDatabase, type AppRole, type TestDatabase } from './helpers';

const PASSWORD = 'a passphrase for tests';
let db: TestDatabase;
let api: RunningApi;
const departments: Record<'north' | 'south', { id: string; stationId: string }> = {} as never;
const users: Record<'medic' | 'director' | 'otherDirector', { id: string; email: string }> = {} as never;

beforeAll(async () => {
  db = await createTestDatabase();
  for (const code of ['north', 'south'] as const) {
    const dept = await db.query<{ id: string }>(
      'insert into public.departments (code, name) values ($1, $2) returning id',
      [code.toUpperCase(), `${code} fire`],
    );
    const id = dept.rows[0]?.id ?? '';
    const station = await db.query<{ id: string }>(
      "insert into public.stations (department_id, code, name) values ($1, 'S1', 'Station 1') returning id",
      [id],
    );
    departments[code] = { id, stationId: station.rows[0]?.id ?? '' };
  }
  const people: Array<[keyof typeof users, AppRole, 'north' | 'south', boolean]> = [
    ['medic', 'paramedic', 'north', true],
    ['director', 'medical_director', 'north', false],
    ['otherDirector', 'medical_director', 'south', false],
  ];
  for (const [key, role, dept, onStation] of people) {
    const email = `${key.toLowerCase()}@api.test`;
    const id = await createAuthUser(db, { email, password: PASSWORD, appRole: role });
    await db.query(
      `insert into public.users (id, email, full_name, role, badge_number, department_id, station_id)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [
        id,
        email,
        `Test ${key}`,
        role,
        `B-${key.length}${role.length}`,
        departments[dept].id,
        onStation ? departments[dept].stationId : null,
      ],
    );
    users[key] = { id, email };
  }
  api = await startApi({ databaseUrl: db.url });
});

afterAll(async () => {
  await api?.stop();
  await db?.close();
});

function newClient() {
  return nodeSupabaseClient(api.url, api.anonKey);
}

async function signedIn(who: keyof typeof users): Promise<SupabaseClient> {
  const client = newClient();
  const { error } = await client.auth.signInWithPassword({ email: users[who].email, password: PASSWORD });
  expect(error).toBeNull();
  return client;
}

const occurredAt = new Date().toISOString();
const batch = [
  {
    id: uuidv7(),
    kind: 'dosing_calculation',
    occurred_at: occurredAt,
    payload: {
      context_id: null,
      medication: 'epinephrine',
      route: 'IM',
      indication: 'anaphylaxis',
      inputs: { weight_kg: 14, age_years: 3 },
      dose: { value: 0.15, unit: 'mg' },
      volume_ml: 0.15,
      concentration: '1 mg/mL',
      color: 'white',
      capped: false,
      warnings: [
        { code: 'WEIGHT_CONFIRMED', severity: 'caution', message: 'confirm the weight against the length-based tape' },
      ],
      formulary_version: 'test',
    },
  },
  {
    id: uuidv7(),
    kind: 'protocol_usage',
    occurred_at: occurredAt,
    payload: { tp_code: '1219', action: 'applied', query: 'bee sting', context_id: null, dataset_version: 'test' },
  },
  {
    id: uuidv7(),
    kind: 'audit',
    occurred_at: occurredAt,
    payload: { action: 'dose_calculated', details: { medication: 'epinephrine' } },
  },
];
const range = {
  from_time: new Date(Date.now() - 3600_000).toISOString(),
  to_time: new Date(Date.now() + 3600_000).toISOString(),
};

describe("a paramedic's batch through supabase-js", () => {
  it('is accepted once and reported duplicate on replay', async () => {
    const medic = await signedIn('medic');
    const first = await medic.rpc('ingest_events', { events: batch });
    expect(first.error).toBeNull();
    expect((first.data as Array<{ id: string; status: string }>).map((r) => [r.id, r.status])).toEqual(
      batch.map((e) => [e.id, 'accepted']),
    );

    const replay = await medic.rpc('ingest_events', { events: batch });
    expect((replay.data as Array<{ status: string }>).map((r) => r.status)).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    const stored = await db.query<{ n: string }>('select count(*) as n from public.dosing_calculations where id = $1', [
      batch[0]?.id,
    ]);
    expect(stored.rows[0]?.n).toBe('1');
  });

  it('is read back by the medical director of the same department', async () => {
    const director = await signedIn('director');
    const doses = await director.rpc('list_department_dosing_calculations', range);
    expect(doses.error).toBeNull();
    expect(doses.data).toEqual([
      expect.objectContaining({
        id: batch[0]?.id,
        user_id: users.medic.id,
        medication: 'epinephrine',
        has_warnings: true,
      }),
    ]);

    const usage = await director.rpc('count_department_protocol_usage', range);
    expect(usage.data).toEqual([expect.objectContaining({ tp_code: '1219', applications: 1, uses: 1 })]);

    const audit = await director.rpc('list_department_audit_events', { ...range, filter_action: 'dose_calculated' });
    expect(audit.error).toBeNull();
    expect(audit.data).toEqual([expect.objectContaining({ id: batch[2]?.id, user_id: users.medic.id })]);
  });

  it('is invisible to the medical director of another department', async () => {
    const other = await signedIn('otherDirector');
    for (const fn of [
      'list_department_dosing_calculations',
      'count_department_protocol_usage',
      'list_department_audit_events',
    ]) {
      const result = await other.rpc(fn, range);
      expect(result.error).toBeNull();
      expect(result.data).toEqual([]);
    }
  });

  it('cannot be read through the supervisor functions by the paramedic who sent it', async () => {
    const medic = await signedIn('medic');
    const result = await medic.rpc('list_department_dosing_calculations', range);
    expect(result.status).toBe(403);
    expect(result.error).toMatchObject({ code: '42501' });
  });

  it('answers a medical director approving an unknown protocol or medication version with 404 and a code, not a 500', async () => {
    const director = await signedIn('director');
    const result = await director.rpc('approve_reference_version', { version_id: crypto.randomUUID() });
    expect(result.status).toBe(404);
    expect(result.error).toMatchObject({
      code: 'PT404',
      message: expect.stringMatching(/^no protocol or medication version with id /),
    });
  });

  it('cannot be sent without signing in', async () => {
    const result = await newClient().rpc('ingest_events', { events: batch });
    expect(result.status).toBe(401);
    expect(result.error).toMatchObject({ code: '42501' });
  });
});
