// What `npm start` gives a developer: the seeded demo accounts sign in through supabase-js
// against the stand-in, and a paramedic pulls the reference data a device mirrors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type RunningApi } from '../../supabase/local/api';
import { nodeSupabaseClient } from '../../supabase/local/node-client';
import { createTestDatabase, type TestDatabase } from './helpers';

let db: TestDatabase;
let api: RunningApi;

beforeAll(async () => {
  db = await createTestDatabase({ seed: true });
  api = await startApi({ databaseUrl: db.url });
});

afterAll(async () => {
  await api?.stop();
  await db?.close();
});

function newClient() {
  return nodeSupabaseClient(api.url, api.anonKey);
}

describe('the seeded demo accounts', () => {
  it('each sign in with the documented demo password and carry their role in app_metadata', async () => {
    const { rows } = await db.query<{ email: string; role: string }>(
      'select email, role::text as role from public.users where deleted_at is null order by email',
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.role))).toEqual(
      new Set(['paramedic', 'emt', 'supervisor', 'medical_director', 'admin']),
    );
    for (const { email, role } of rows) {
      const { data, error } = await newClient().auth.signInWithPassword({ email, password: 'rigside-demo-password' });
      expect(error, email).toBeNull();
      expect(data.user?.app_metadata['role'], email).toBe(role);
    }
  });

  it('let a paramedic pull the reference data from version 0', async () => {
    const { rows } = await db.query<{ email: string }>(
      "select email from public.users where role = 'paramedic' and deleted_at is null limit 1",
    );
    const client = newClient();
    await client.auth.signInWithPassword({ email: rows[0]?.email ?? '', password: 'rigside-demo-password' });
    const pulled = await client.rpc('pull_reference', { since_version: 0 });
    expect(pulled.error).toBeNull();
    const reference = pulled.data as { version: number; full: boolean; protocols: unknown[]; medications: unknown[] };
    expect(reference.full).toBe(true);
    expect(reference.version).toBeGreaterThan(0);
    expect(reference.protocols.length).toBeGreaterThan(0);
    expect(reference.medications.length).toBeGreaterThan(0);
  });
});
