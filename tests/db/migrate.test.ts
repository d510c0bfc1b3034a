// db:migrate (supabase/local/migrate.ts): the bootstrap plus the Supabase CLI's db push.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../supabase/local/migrate';
import { connectionUrl, freePort } from '../../supabase/local/postgres';
import { createTestDatabase, type TestDatabase } from './helpers';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ seed: true });
});
afterAll(async () => {
  await db.query('drop role if exists migrate_probe');
  await db.close();
});

describe('db:migrate', () => {
  it('changes nothing when run again on a migrated and seeded database', async () => {
    const before = await db.query<{ n: string }>('select count(*) as n from supabase_migrations.schema_migrations');
    const users = await db.query<{ n: string }>('select count(*) as n from auth.users');
    const result = await migrate(db.url, { seed: true });
    expect(result.seeded).toBe(false);
    const after = await db.query<{ n: string }>('select count(*) as n from supabase_migrations.schema_migrations');
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
    expect((await db.query<{ n: string }>('select count(*) as n from auth.users')).rows[0]?.n).toBe(users.rows[0]?.n);
  });

  it('gives the API roles what Supabase gives them: authenticator may become each, service_role bypasses RLS', async () => {
    const { rows } = await db.query<{
      rolname: string;
      rolcanlogin: boolean;
      rolbypassrls: boolean;
      member_of_authenticator: boolean;
    }>(
      `select rolname, rolcanlogin, rolbypassrls, pg_has_role('authenticator', oid, 'member') as member_of_authenticator
         from pg_roles where rolname in ('anon', 'authenticated', 'service_role') order by rolname`,
    );
    expect(rows).toEqual([
      { rolname: 'anon', rolcanlogin: false, rolbypassrls: false, member_of_authenticator: true },
      { rolname: 'authenticated', rolcanlogin: false, rolbypassrls: false, member_of_authenticator: true },
      { rolname: 'service_role', rolcanlogin: false, rolbypassrls: true, member_of_authenticator: true },
    ]);
  });

  it('refuses a connection that is not a superuser and says why', async () => {
    await db.query("create role migrate_probe login password 'probe-password'");
    const url = new URL(db.url);
    url.username = 'migrate_probe';
    url.password = 'probe-password';
    await expect(migrate(url.toString())).rejects.toThrow(/needs a superuser connection/);
  });

  it('refuses a URL that is not a Postgres URL', async () => {
    await expect(migrate('mysql://localhost/db')).rejects.toThrow(/must start with postgresql:\/\//);
  });

  it('says when it cannot reach the database', async () => {
    const port = await freePort();
    await expect(migrate(connectionUrl({ port, password: 'x', database: 'nowhere' }))).rejects.toThrow(
      /Cannot connect to .*Is Postgres running/,
    );
  });
});
