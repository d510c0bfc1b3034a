// The retention schedules (supabase/migrations/*_retention.sql) against Debian's Postgres 15
// with the real pg_cron, which the embedded Postgres lacks: scheduled where pg_cron can load,
// skipped with a notice (and the migration still applied) where it cannot.
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { startAptPostgres, type AptPostgres } from '../../supabase/local/apt-postgres';
import { migrate } from '../../supabase/local/migrate';
import { startRetentionSchedule } from '../../supabase/local/retention-schedule';

let server: AptPostgres | null = null;
afterEach(() => {
  server?.stop();
  server = null;
});

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('retention schedules', () => {
  it('schedules the purges, the activation of due versions and the charts’ hourly refresh with pg_cron, and the jobs run', async () => {
    server = await startAptPostgres({ preload: ['pg_cron'] });
    await migrate(server.url, { seed: false });
    const jobs = await query<{ jobname: string; schedule: string; command: string }>(
      server.url,
      'select jobname, schedule, command from cron.job order by jobname',
    );
    expect(jobs.map((j) => [j.jobname, j.schedule])).toEqual([
      ['rigside-activate-reference-versions', '*/5 * * * *'],
      ['rigside-daily-retention', '15 3 * * *'],
      ['rigside-purge-patient-contexts', '5 * * * *'],
      ['rigside-refresh-console-analytics', '7 * * * *'],
    ]);
    // What pg_cron will run is valid SQL against this schema.
    for (const job of jobs) await expect(query(server.url, job.command)).resolves.toBeDefined();
    // The local stack's own timer stands aside where pg_cron runs the jobs.
    const timer = await startRetentionSchedule({ databaseUrl: server.url, intervalMs: 1000 });
    expect(timer.active).toBe(false);
    await timer.stop();
  }, 60_000);

  it('still migrates where pg_cron is installed but cannot load, leaving the schedules to other means', async () => {
    server = await startAptPostgres({ needs: ['pg_cron'] });
    await migrate(server.url, { seed: false });
    expect(await query(server.url, "select 1 from pg_extension where extname = 'pg_cron'")).toEqual([]);
    expect(await query(server.url, "select 1 from pg_proc where proname = 'run_daily_retention'")).toHaveLength(1);
  }, 60_000);
});

// pg_net is not packaged for Debian, so its one function is stood in for here (a fake, and it
// says so) with Vault's view beside it: enough to check what pg_cron would run and what it sends.
describe('the ePCR hand-off schedule', () => {
  const fakePgNetAndVault = `
    create schema net;
    create table net.calls (url text, headers jsonb, body jsonb, timeout_milliseconds integer);
    create function net.http_post(url text, headers jsonb, body jsonb, timeout_milliseconds integer) returns bigint
      language sql as $$ insert into net.calls values (url, headers, body, timeout_milliseconds); select 1::bigint $$;
    create schema vault;
    create view vault.decrypted_secrets as
      select * from (values ('rigside_project_url', 'https://abc.supabase.co/'), ('rigside_service_role_key', 'service-key')) as s (name, decrypted_secret);`;

  it('leaves it unscheduled, saying why, where pg_net is missing', async () => {
    server = await startAptPostgres({ preload: ['pg_cron'] });
    await migrate(server.url, { seed: false });
    expect(await query(server.url, "select 1 from cron.job where jobname = 'rigside-epcr-handoff'")).toEqual([]);
    expect(await query(server.url, 'select public.schedule_epcr_handoff() as said')).toEqual([
      { said: 'not scheduled: pg_net is not installed' },
    ]);
    await expect(query(server.url, 'select public.invoke_epcr_handoff()')).rejects.toThrow(/pg_net is not installed/);
  }, 60_000);

  it('schedules a call every minute where pg_cron and pg_net are, which posts to the function with the key from Vault', async () => {
    server = await startAptPostgres({ preload: ['pg_cron'] });
    await migrate(server.url, { seed: false });
    await query(server.url, fakePgNetAndVault);
    expect(await query(server.url, 'select public.schedule_epcr_handoff() as said')).toEqual([
      { said: 'scheduled every minute as rigside-epcr-handoff' },
    ]);
    const [job] = await query<{ schedule: string; command: string }>(
      server.url,
      "select schedule, command from cron.job where jobname = 'rigside-epcr-handoff'",
    );
    expect(job?.schedule).toBe('* * * * *');
    await query(server.url, job!.command);
    expect(await query(server.url, 'select * from net.calls')).toEqual([
      {
        url: 'https://abc.supabase.co/functions/v1/epcr-handoff',
        headers: { Authorization: 'Bearer service-key', 'Content-Type': 'application/json' },
        body: {},
        timeout_milliseconds: 60000,
      },
    ]);
  }, 60_000);
});
