-- QI review items had no end (issue 15's queue came after the retention jobs): every call ever
-- filed stayed, with its medications, flags, correction request, comments and fallout notes,
-- after the records it reviews were gone. The design keeps records by kind (sessions, metrics
-- and usage 90 days; audit and dosing 6 years). A review item is the department's QI finding on
-- a call, and its every action is in the audit trail, kept 6 years: so is the item, counted from
-- the call's last record, so the longest-kept records it can hold (doses, 6 years from when they
-- were made) never outlive their review. Its flags, comments and fallouts go with it (on delete
-- cascade). The purge is private.purge_past_retention, as for the records (20261201000700).

create or replace function private.retention_of(p_kind text) returns interval
language sql immutable set search_path = ''
as $$
  select case p_kind
    when 'narrative' then interval '30 days'
    when 'call_closed' then interval '30 days'
    when 'protocol_usage' then interval '90 days'
    when 'dosing_calculation' then interval '6 years'
    when 'audit' then interval '6 years'
    when 'patient_context' then interval '24 hours'
    when 'qi_review' then interval '6 years'
  end
$$;

-- The queue is read by department; the purge by age.
create index qi_reviews_last_record_at_idx on public.qi_reviews (last_record_at);

create function public.purge_old_qi_reviews(p_now timestamptz default now()) returns integer
language sql security definer set search_path = ''
as $$ select private.purge_past_retention('qi_review', 'public.qi_reviews', 'last_record_at', p_now) $$;

revoke all on function public.purge_old_qi_reviews(timestamptz) from public, anon, authenticated;
grant execute on function public.purge_old_qi_reviews(timestamptz) to service_role;

create or replace function public.run_daily_retention(p_now timestamptz default now()) returns jsonb
language plpgsql security definer set search_path = ''
as $$
begin
  return jsonb_build_object(
    'patient_contexts', public.purge_expired_patient_contexts(p_now),
    'narratives', public.purge_old_narratives(p_now),
    'epcr_submissions', public.purge_old_epcr_submissions(p_now),
    'sessions', public.purge_expired_sessions(p_now),
    'metrics', public.purge_old_metrics(p_now),
    'protocol_usage', public.purge_old_protocol_usage(p_now),
    'dosing_calculations', public.purge_old_dosing_calculations(p_now),
    'qi_reviews', public.purge_old_qi_reviews(p_now),
    'audit_logs', public.purge_old_audit_logs(p_now),
    'sign_in_attempts', public.purge_old_sign_in_attempts(p_now),
    'audit_partitions_created', public.create_next_audit_log_partitions(p_now, 2));
end
$$;
