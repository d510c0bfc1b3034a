-- Retention, as DESIGN.md and the original design set it: patient contexts 24 hours after
-- creation, sessions when they expire (90 days after last use), metrics and protocol usage
-- 90 days, audit logs and dosing calculations 6 years. Each function takes the clock as p_now
-- so tests can move it, returns how many rows went, and purges the ingest ledger of the same
-- kind with its records (ingest_events refuses events older than their kind's retention, so a
-- replay of a purged event cannot come back). pg_cron runs them where it exists.

create function public.purge_expired_patient_contexts(p_now timestamptz default now()) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  purged integer;
begin
  delete from public.patient_contexts pc where pc.expires_at <= p_now;
  get diagnostics purged = row_count;
  delete from private.ingested_events l
  where l.kind = 'patient_context' and l.occurred_at <= p_now - private.retention_of('patient_context');
  return purged;
end
$$;

create function public.purge_expired_sessions(p_now timestamptz default now()) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  purged integer;
begin
  delete from public.sessions s where s.expires_at <= p_now;
  get diagnostics purged = row_count;
  return purged;
end
$$;

-- Metrics, and the rate-limit bookkeeping with them: counters outlive their window by a day,
-- violations (which only count toward reputation for 30 days) are kept 90 days like metrics.
create function public.purge_old_metrics(p_now timestamptz default now()) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  purged integer;
begin
  delete from public.metrics m where m.recorded_at < p_now - interval '90 days';
  get diagnostics purged = row_count;
  delete from private.rate_limit_counters c where c.window_start < p_now - interval '1 day';
  delete from public.rate_limit_violations v where v.occurred_at < p_now - interval '90 days';
  return purged;
end
$$;

create function public.purge_old_protocol_usage(p_now timestamptz default now()) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  purged integer;
begin
  delete from public.protocol_usage pu where pu.created_at < p_now - private.retention_of('protocol_usage');
  get diagnostics purged = row_count;
  delete from private.ingested_events l
  where l.kind = 'protocol_usage' and l.occurred_at < p_now - private.retention_of('protocol_usage');
  return purged;
end
$$;

create function public.purge_old_dosing_calculations(p_now timestamptz default now()) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  purged integer;
begin
  delete from public.dosing_calculations d where d.created_at < p_now - private.retention_of('dosing_calculation');
  get diagnostics purged = row_count;
  delete from private.ingested_events l
  where l.kind = 'dosing_calculation' and l.occurred_at < p_now - private.retention_of('dosing_calculation');
  return purged;
end
$$;

-- Audit logs are never deleted row by row (the trigger refuses it): a month leaves as a whole
-- partition once all of it is older than six years, so an entry stays up to a month longer.
create function public.purge_old_audit_logs(p_now timestamptz default now()) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  old_partition record;
  rows_in_partition integer;
  purged integer := 0;
begin
  for old_partition in
    select c.relname,
           make_date(substring(c.relname from '^audit_logs_y(\d{4})m\d{2}$')::integer,
                     substring(c.relname from '^audit_logs_y\d{4}m(\d{2})$')::integer, 1) as month_start
    from pg_catalog.pg_inherits i
    join pg_catalog.pg_class c on c.oid = i.inhrelid
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where i.inhparent = 'public.audit_logs'::regclass and n.nspname = 'private'
      and c.relname ~ '^audit_logs_y\d{4}m\d{2}$'
  loop
    continue when ((old_partition.month_start + interval '1 month')::timestamp at time zone 'UTC') > p_now - private.retention_of('audit');
    execute format('select count(*) from private.%I', old_partition.relname) into rows_in_partition;
    execute format('drop table private.%I', old_partition.relname);
    purged := purged + rows_in_partition;
  end loop;
  delete from private.ingested_events l
  where l.kind = 'audit' and l.occurred_at < p_now - private.retention_of('audit');
  return purged;
end
$$;

-- Everything above in one call, for the daily job (and for operators running it by hand).
create function public.run_daily_retention(p_now timestamptz default now()) returns jsonb
language plpgsql security definer set search_path = ''
as $$
begin
  return jsonb_build_object(
    'patient_contexts', public.purge_expired_patient_contexts(p_now),
    'sessions', public.purge_expired_sessions(p_now),
    'metrics', public.purge_old_metrics(p_now),
    'protocol_usage', public.purge_old_protocol_usage(p_now),
    'dosing_calculations', public.purge_old_dosing_calculations(p_now),
    'audit_logs', public.purge_old_audit_logs(p_now),
    'audit_partitions_created', public.create_next_audit_log_partitions(p_now, 2));
end
$$;

revoke all on function
  public.purge_expired_patient_contexts(timestamptz), public.purge_expired_sessions(timestamptz),
  public.purge_old_metrics(timestamptz), public.purge_old_protocol_usage(timestamptz),
  public.purge_old_dosing_calculations(timestamptz), public.purge_old_audit_logs(timestamptz),
  public.run_daily_retention(timestamptz)
  from public, anon, authenticated;
grant execute on function
  public.purge_expired_patient_contexts(timestamptz), public.purge_expired_sessions(timestamptz),
  public.purge_old_metrics(timestamptz), public.purge_old_protocol_usage(timestamptz),
  public.purge_old_dosing_calculations(timestamptz), public.purge_old_audit_logs(timestamptz),
  public.run_daily_retention(timestamptz)
  to service_role;

-- Schedules, where pg_cron exists (every Supabase project; not the embedded Postgres of the
-- local stack, whose tests call the functions themselves). Patient contexts are purged hourly,
-- not daily, so that PHI never outlives its 24 hours by more than an hour. cron.schedule
-- replaces a job of the same name, so this is safe to run again.
do $$
begin
  if not exists (select 1 from pg_catalog.pg_available_extensions where name = 'pg_cron') then
    raise notice 'pg_cron is not installed: run public.run_daily_retention() daily, public.purge_expired_patient_contexts() and public.activate_due_protocol_versions() hourly by other means';
    return;
  end if;
  begin
    create extension if not exists pg_cron;
  exception when others then
    -- Installed but not loadable here (not in shared_preload_libraries, or another database
    -- is cron.database_name): the same advice applies.
    raise notice 'pg_cron cannot be enabled in this database (%): schedule the retention functions by other means', sqlerrm;
    return;
  end;
  perform cron.schedule('rigside-purge-patient-contexts', '5 * * * *', 'select public.purge_expired_patient_contexts()');
  perform cron.schedule('rigside-activate-protocol-versions', '1 * * * *', 'select public.activate_due_protocol_versions()');
  perform cron.schedule('rigside-daily-retention', '15 3 * * *', 'select public.run_daily_retention()');
end
$$;
