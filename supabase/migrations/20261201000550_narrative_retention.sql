-- PHI leaves on time (issue #12).
--
-- Narratives are PHI in free text: they are kept 30 days, long enough for the ePCR hand-off and
-- a medical director's review, and then purged with their ingest ledger entries, like the
-- other records. ingest_events refuses a narrative already older than that (it asks
-- private.retention_of, which had no answer for narratives, so they were kept for ever).
--
-- A patient context is unreadable the moment it expires (24 hours after creation), not only
-- once the hourly purge has run: the read policy itself compares expires_at with the clock.

create or replace function private.retention_of(p_kind text) returns interval
language sql immutable set search_path = ''
as $$
  select case p_kind
    when 'narrative' then interval '30 days'
    when 'protocol_usage' then interval '90 days'
    when 'dosing_calculation' then interval '6 years'
    when 'audit' then interval '6 years'
    when 'patient_context' then interval '24 hours'
  end
$$;

create function public.purge_old_narratives(p_now timestamptz default now()) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  purged integer;
begin
  delete from public.narrative_history n where n.created_at < p_now - private.retention_of('narrative');
  get diagnostics purged = row_count;
  delete from private.ingested_events l
  where l.kind = 'narrative' and l.occurred_at < p_now - private.retention_of('narrative');
  return purged;
end
$$;

create or replace function public.run_daily_retention(p_now timestamptz default now()) returns jsonb
language plpgsql security definer set search_path = ''
as $$
begin
  return jsonb_build_object(
    'patient_contexts', public.purge_expired_patient_contexts(p_now),
    'narratives', public.purge_old_narratives(p_now),
    'sessions', public.purge_expired_sessions(p_now),
    'metrics', public.purge_old_metrics(p_now),
    'protocol_usage', public.purge_old_protocol_usage(p_now),
    'dosing_calculations', public.purge_old_dosing_calculations(p_now),
    'audit_logs', public.purge_old_audit_logs(p_now),
    'sign_in_attempts', public.purge_old_sign_in_attempts(p_now),
    'audit_partitions_created', public.create_next_audit_log_partitions(p_now, 2));
end
$$;

revoke all on function public.purge_old_narratives(timestamptz) from public, anon, authenticated;
grant execute on function public.purge_old_narratives(timestamptz) to service_role;

drop policy "users read own contexts, supervisors their department's" on public.patient_contexts;
create policy "users read own unexpired contexts, supervisors their department's" on public.patient_contexts
  for select to authenticated
  using (
    expires_at > now()
    and (user_id = (select auth.uid())
      or ((select private.is_supervisor()) and department_id = (select private.current_department_id())))
  );
