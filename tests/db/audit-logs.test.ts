// The audit trail is immutable for every role and partitioned by month (issue 5).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, type Organisation } from './fixtures';
import { createTestDatabase, type TestDatabase } from './helpers';

let db: TestDatabase;
let org: Organisation;

beforeAll(async () => {
  db = await createTestDatabase();
  org = await createOrganisation(db);
  const medic = org.people.paramedicA;
  await db.query(
    "insert into public.audit_logs (occurred_at, user_id, department_id, station_id, source, action, details) values (now(), $1, $2, $3, 'device', 'protocol_viewed', '{\"tp_code\": \"1211\"}')",
    [medic.id, medic.departmentId, medic.stationId],
  );
});

afterAll(async () => {
  await db?.close();
});

const IMMUTABLE = /audit logs are immutable/;

describe('audit log immutability', () => {
  it('refuses UPDATE and DELETE from the service role', async () => {
    await expect(db.queryAs('service_role', "update public.audit_logs set action = 'edited'")).rejects.toMatchObject({
      code: '42501',
    });
    await expect(db.queryAs('service_role', 'delete from public.audit_logs')).rejects.toMatchObject({ code: '42501' });
  });

  it('still refuses the service role through the trigger when someone grants it everything', async () => {
    // Supabase dashboards often run a blanket grant; the trigger must hold without the grants.
    await db.query('grant all on public.audit_logs to service_role');
    try {
      await expect(db.queryAs('service_role', "update public.audit_logs set action = 'edited'")).rejects.toThrow(
        IMMUTABLE,
      );
      await expect(db.queryAs('service_role', 'delete from public.audit_logs')).rejects.toThrow(IMMUTABLE);
      await expect(db.queryAs('service_role', 'truncate public.audit_logs')).rejects.toThrow(IMMUTABLE);
    } finally {
      await db.query('revoke update, delete, truncate on public.audit_logs from service_role');
    }
  });

  it('refuses UPDATE, DELETE and TRUNCATE even from the owner of the table', async () => {
    await expect(db.query("update public.audit_logs set action = 'edited'")).rejects.toThrow(IMMUTABLE);
    await expect(db.query('delete from public.audit_logs')).rejects.toThrow(IMMUTABLE);
    await expect(db.query('truncate public.audit_logs')).rejects.toThrow(IMMUTABLE);
  });

  it('refuses changes made to a month partition directly', async () => {
    const { rows } = await db.query<{ name: string }>(
      "select format('private.%I', c.relname) as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'public.audit_logs'::regclass limit 1",
    );
    const partition = rows[0]!.name;
    await expect(db.query(`update ${partition} set action = 'edited'`)).rejects.toThrow(IMMUTABLE);
    await expect(db.query(`delete from ${partition}`)).rejects.toThrow(IMMUTABLE);
    await expect(db.query(`truncate ${partition}`)).rejects.toThrow(IMMUTABLE);
  });

  it('leaves the entry exactly as it was written', async () => {
    const { rows } = await db.query<{ action: string; details: unknown }>(
      'select action, details from public.audit_logs',
    );
    expect(rows).toEqual([{ action: 'protocol_viewed', details: { tp_code: '1211' } }]);
  });
});

describe('audit log partitions', () => {
  it('has the current month and the next two ready after migration', async () => {
    const { rows } = await db.query<{ name: string }>(
      "select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'public.audit_logs'::regclass",
    );
    const now = new Date();
    const expected = [0, 1, 2].map((offset) => {
      const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
      return `audit_logs_y${month.getUTCFullYear()}m${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
    });
    expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(expected));
  });

  it('creates the months to come once and only once', async () => {
    const first = await db.queryAs<{ created: number }>(
      'service_role',
      "select public.create_next_audit_log_partitions('2031-12-20T00:00:00Z', 2) as created",
    );
    const again = await db.queryAs<{ created: number }>(
      'service_role',
      "select public.create_next_audit_log_partitions('2031-12-20T00:00:00Z', 2) as created",
    );
    expect([first.rows[0]?.created, again.rows[0]?.created]).toEqual([3, 0]);
    const { rows } = await db.query<{ bound: string }>(
      "select pg_get_expr(c.relpartbound, c.oid) as bound from pg_class c where c.oid = 'private.audit_logs_y2032m02'::regclass",
    );
    expect(rows[0]?.bound).toMatch(/FROM \('2032-02-01 00:00:00\+00'\) TO \('2032-03-01 00:00:00\+00'\)/);
  });

  it('routes an entry to the partition of its month', async () => {
    const medic = org.people.paramedicA;
    await db.plant(
      "insert into public.audit_logs (occurred_at, user_id, department_id, source, action) values ('2032-01-31T23:59:59Z', $1, $2, 'device', 'app_started')",
      [medic.id, medic.departmentId],
    );
    const { rows } = await db.query<{ partition: string }>(
      "select tableoid::regclass::text as partition from public.audit_logs where action = 'app_started'",
    );
    expect(rows).toEqual([{ partition: 'private.audit_logs_y2032m01' }]);
  });

  it("keeps partitions out of reach of the API roles, which would skip the parent table's policies", async () => {
    const medic = org.people.paramedicA;
    await expect(db.queryAs(medic.caller, 'select * from private.audit_logs_y2032m01')).rejects.toMatchObject({
      code: '42501',
    });
    await expect(db.queryAs('service_role', 'select * from private.audit_logs_y2032m01')).rejects.toMatchObject({
      code: '42501',
    });
  });

  it('lets no signed-in user create partitions', async () => {
    await expect(
      db.queryAs(org.people.adminA.caller, "select public.create_audit_log_partition('2040-01-01')"),
    ).rejects.toMatchObject({ code: '42501' });
  });
});
