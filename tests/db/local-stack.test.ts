// The local stack's own parts (supabase/local/stack.ts): a JWT secret per stack instead of the
// Supabase CLI's public demo secret, and the retention jobs on a timer where Postgres has no
// pg_cron (the embedded one), stopped with the stack.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_DEMO_JWT_SECRET } from '../../supabase/local/jwt';
import { startRetentionSchedule } from '../../supabase/local/retention-schedule';
import { describeStack, stackJwtSecret } from '../../supabase/local/stack';
import { agencyDate } from './agency-calendar';
import { createOrganisation, type Organisation } from './fixtures';
import { createTestDatabase, type TestDatabase } from './helpers';

describe('the JWT secret of a local stack', () => {
  const dirs: string[] = [];
  const newDataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'rigside-stack-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('is random, its own, never the public demo secret, and readable by its owner only', () => {
    const first = stackJwtSecret(newDataDir());
    const second = stackJwtSecret(newDataDir());
    expect(first.secret).not.toBe(second.secret);
    expect(first.secret).not.toBe(PUBLIC_DEMO_JWT_SECRET);
    expect(first.secret.length).toBeGreaterThanOrEqual(32);
    expect(first.path).toMatch(/jwt-secret$/);
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
  });

  it('is kept beside the data and used again when the stack restarts', () => {
    const dataDir = newDataDir();
    expect(stackJwtSecret(dataDir)).toEqual(stackJwtSecret(dataDir));
  });

  it('is printed with the keys', () => {
    const printed = describeStack({
      apiUrl: 'http://127.0.0.1:54321',
      anonKey: 'anon.key.x',
      serviceRoleKey: 'service.key.x',
      databaseUrl: 'postgresql://x',
      jwtSecret: 'a-secret-of-at-least-thirty-two-characters',
      jwtSecretPath: '/data/jwt-secret',
      handoff: null,
      stop: () => Promise.resolve(),
    });
    expect(printed).toContain('anon key:         anon.key.x');
    expect(printed).toContain(
      'JWT secret:       a-secret-of-at-least-thirty-two-characters (kept in /data/jwt-secret)',
    );
  });
});

describe('the retention timer of a stack without pg_cron', () => {
  let db: TestDatabase;
  let org: Organisation;

  beforeAll(async () => {
    db = await createTestDatabase();
    org = await createOrganisation(db);
  });

  afterAll(async () => {
    await db?.close();
  });

  /** A patient context that expired a minute ago, as if saved yesterday. */
  async function expiredContext(): Promise<string> {
    const medic = org.people.paramedicA;
    const { rows } = await db.plant(
      `insert into public.patient_contexts (id, user_id, department_id, created_at, expires_at, phi_sealed)
       values (gen_random_uuid(), $1, $2, now() - interval '24 hours 1 minute', now() - interval '1 minute',
               '{"iv": "AAECAwQFBgcICQoL", "data": "c2VhbGVkIHBhdGllbnQgZmllbGRz"}') returning id`,
      [medic.id, medic.departmentId],
    );
    return (rows[0] as { id: string }).id;
  }

  const exists = async (id: string) =>
    (await db.query('select 1 from public.patient_contexts where id = $1', [id])).rowCount === 1;
  const until = async (condition: () => Promise<boolean>, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  it('purges an expired patient context when it starts, and again on every tick, then stops with the stack', async () => {
    const atStart = await expiredContext();
    const schedule = await startRetentionSchedule({ databaseUrl: db.url, intervalMs: 200 });
    try {
      expect(schedule.active).toBe(true);
      expect(await exists(atStart)).toBe(false);

      const later = await expiredContext();
      await until(async () => !(await exists(later)));
      expect(schedule.runs).toBeGreaterThanOrEqual(2);
    } finally {
      await schedule.stop();
    }

    const runsAtStop = schedule.runs;
    const afterStop = await expiredContext();
    await new Promise((r) => setTimeout(r, 600));
    expect(schedule.runs).toBe(runsAtStop);
    expect(await exists(afterStop)).toBe(true);
  });

  it('activates a scheduled protocol version whose date has come, as pg_cron would', async () => {
    const { rows } = await db.query<{ id: string }>(
      `insert into public.reference_versions (kind, record_key, version, status, content, change_summary, source, approved_at, effective_date)
       values ('protocol', '1299', 1, 'scheduled', $1, 'due today', 'import', now(), $2) returning id`,
      [
        JSON.stringify({
          name: 'Due',
          population: 'adult',
          category: 'Cardiac',
          keywords: ['due'],
          sections: [{ kind: 'notes', title: 'N', items: ['x'] }],
        }),
        // Today in the agency's calendar: from 5 pm in Los Angeles, UTC's current_date is tomorrow there.
        agencyDate(),
      ],
    );
    const schedule = await startRetentionSchedule({ databaseUrl: db.url, intervalMs: 60_000 });
    await schedule.stop();
    const status = await db.query<{ status: string }>(
      'select status::text from public.reference_versions where id = $1',
      [rows[0]!.id],
    );
    expect(status.rows).toEqual([{ status: 'active' }]);
  });
});
