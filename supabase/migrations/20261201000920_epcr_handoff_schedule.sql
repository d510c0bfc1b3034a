-- The ePCR hand-off runs every minute in a Supabase project, as Supabase documents for scheduled
-- Edge Functions: pg_cron calls public.invoke_epcr_handoff(), which POSTs to the epcr-handoff
-- function through pg_net. The project URL and the service role key come from Supabase Vault at
-- run time (secrets rigside_project_url and rigside_service_role_key), never from this file:
--   select vault.create_secret('https://<ref>.supabase.co', 'rigside_project_url');
--   select vault.create_secret('<service role key>', 'rigside_service_role_key');
-- Without pg_cron or pg_net (the embedded Postgres of the local stack) nothing is scheduled here;
-- the local stack's own timer calls the function instead (supabase/local/handoff-schedule.ts).
-- net.*, vault.* and cron.* are reached through dynamic SQL (the schema named by format(), so that
-- plpgsql_check does not resolve them either): this migration and the linter work on a database
-- that has none of them.

create function public.invoke_epcr_handoff() returns bigint
language plpgsql security definer set search_path = ''
as $$
declare
  project_url text;
  service_key text;
  request_id bigint;
begin
  if not exists (select 1 from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
                 where n.nspname = 'net' and p.proname = 'http_post') then
    raise exception 'pg_net is not installed: the hand-off cannot be called from the database' using errcode = '55000';
  end if;
  if to_regclass('vault.decrypted_secrets') is not null then
    execute format('select (select decrypted_secret from %1$I.decrypted_secrets where name = $1), (select decrypted_secret from %1$I.decrypted_secrets where name = $2)', 'vault')
      into project_url, service_key using 'rigside_project_url', 'rigside_service_role_key';
  end if;
  if project_url is null or service_key is null then
    raise exception 'Vault has no rigside_project_url or rigside_service_role_key: see supabase/migrations/20261201000920_epcr_handoff_schedule.sql' using errcode = '55000';
  end if;
  execute format('select %I.http_post(url := $1, headers := $2, body := $3, timeout_milliseconds := $4)', 'net')
    into request_id
    using rtrim(project_url, '/') || '/functions/v1/epcr-handoff',
          jsonb_build_object('Authorization', 'Bearer ' || service_key, 'Content-Type', 'application/json'),
          '{}'::jsonb, 60000;
  return request_id;
end
$$;

-- Schedules the minute's call where pg_cron and pg_net are there; says why not otherwise.
-- Run again after enabling pg_net on a project that lacked it.
create function public.schedule_epcr_handoff() returns text
language plpgsql security definer set search_path = ''
as $$
begin
  -- (to_regproc cannot be used for cron.schedule: it has two signatures.)
  if not exists (select 1 from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
                 where n.nspname = 'cron' and p.proname = 'schedule') then
    return 'not scheduled: pg_cron is not installed';
  end if;
  if not exists (select 1 from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
                 where n.nspname = 'net' and p.proname = 'http_post') then
    return 'not scheduled: pg_net is not installed';
  end if;
  execute format('select %I.schedule($1, $2, $3)', 'cron') using 'rigside-epcr-handoff', '* * * * *', 'select public.invoke_epcr_handoff()';
  return 'scheduled every minute as rigside-epcr-handoff';
end
$$;

revoke all on function public.invoke_epcr_handoff(), public.schedule_epcr_handoff() from public, anon, authenticated;
grant execute on function public.invoke_epcr_handoff(), public.schedule_epcr_handoff() to service_role;

do $$
begin
  if exists (select 1 from pg_catalog.pg_available_extensions where name = 'pg_net') then
    begin
      create extension if not exists pg_net;
    exception when others then
      raise notice 'pg_net cannot be enabled here (%): the ePCR hand-off needs another scheduler', sqlerrm;
    end;
  end if;
  raise notice 'ePCR hand-off: %', public.schedule_epcr_handoff();
end
$$;
