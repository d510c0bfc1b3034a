-- pg_cron puts due protocol and medication versions in force every 5 minutes (a version
-- scheduled for today reaches rigs within minutes, not the next hour), through
-- public.activate_due_reference_versions(), which replaced activate_due_protocol_versions and
-- its hourly job. Guarded as the other schedules are: where pg_cron is not installed in this
-- database (the local stack's embedded Postgres) nothing is scheduled, and the local stack's
-- timer runs the function instead (supabase/local/retention-schedule.ts). cron.* is reached
-- through dynamic SQL, so this migration applies on a database without it.
do $$
begin
  if not exists (select 1 from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
                 where n.nspname = 'cron' and p.proname = 'schedule') then
    raise notice 'pg_cron is not installed here: run public.activate_due_reference_versions() every few minutes by other means';
    return;
  end if;
  execute format('select %1$I.unschedule(j.jobid) from %1$I.job j where j.jobname = $1', 'cron')
    using 'rigside-activate-protocol-versions';
  execute format('select %I.schedule($1, $2, $3)', 'cron')
    using 'rigside-activate-reference-versions', '*/5 * * * *', 'select public.activate_due_reference_versions()';
end
$$;
