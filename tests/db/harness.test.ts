import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthUser, createTestDatabase, type TestDatabase } from './helpers';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.close();
});

describe('the database test harness', () => {
  it('gives each test file its own database cloned from the migrated template', async () => {
    const { rows } = await db.query<{ name: string }>('select current_database() as name');
    expect(rows[0]?.name).toBe(db.name);
    const tables = await db.query(
      "select 1 from information_schema.tables where table_schema = 'auth' and table_name = 'users'",
    );
    expect(tables.rowCount).toBe(1);
  });

  it('runs a query as a signed-in user with the claims that auth.uid() and auth.jwt() read', async () => {
    const userId = await createAuthUser(db, { email: 'medic@example.test', appRole: 'paramedic' });
    const { rows } = await db.queryAs<{ uid: string; app_role: string; db_role: string }>(
      { userId, appRole: 'paramedic' },
      "select auth.uid() as uid, auth.jwt() -> 'app_metadata' ->> 'role' as app_role, current_user as db_role",
    );
    expect(rows[0]).toEqual({ uid: userId, app_role: 'paramedic', db_role: 'authenticated' });
  });

  it('runs anon requests as the anon role with no user id', async () => {
    const { rows } = await db.queryAs<{ uid: string | null; db_role: string }>(
      'anon',
      'select auth.uid() as uid, current_user as db_role',
    );
    expect(rows[0]).toEqual({ uid: null, db_role: 'anon' });
  });

  it('rolls back everything a failing request did', async () => {
    await db.query('create table public.harness_probe (n int)');
    await expect(
      db.as('service_role', async (client) => {
        await client.query('insert into public.harness_probe values (1)');
        await client.query('select 1/0');
      }),
    ).rejects.toMatchObject({ code: '22012' });
    const { rowCount } = await db.query('select * from public.harness_probe');
    expect(rowCount).toBe(0);
  });

  it('stores passwords the way pgcrypto checks them', async () => {
    await createAuthUser(db, { email: 'emt@example.test', password: 'a long passphrase' });
    const { rows } = await db.query<{ ok: boolean }>(
      "select encrypted_password = extensions.crypt('a long passphrase', encrypted_password) as ok from auth.users where email = 'emt@example.test'",
    );
    expect(rows[0]?.ok).toBe(true);
  });
});
