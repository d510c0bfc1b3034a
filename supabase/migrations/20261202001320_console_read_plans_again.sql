-- Console reads at county scale, measured again (`npm run bench -- console`, 200,000 records
-- and 2,000,000 audit entries; EXPLAIN ANALYZE with auto_explain's nested statements):
--
-- 1. A review item (get_qi_review, and every action's answer) took 20-30 ms however quiet the
--    machine, almost none of it reading rows: private.qi_review_detail was a SQL function with a
--    SET clause, which Postgres neither inlines nor keeps a plan for, so its one large statement
--    (nine sub-selects) was planned again on every call. The same statement in PL/pgSQL keeps its
--    plan for the session (PostgREST's connections are long-lived): about 2-6 ms.
-- 2. count_epcr_handoffs (20261202001300) called private.epcr_stage for every row of the
--    department, a function call per row for the same reason (its SET clause kept it from being
--    inlined): 120-140 ms at 15,000 hand-offs. The stage function now has no SET clause (it names
--    nothing unqualified and is not security definer) and is inlined; the count groups the calls
--    that are done by their stored status (an index-only scan of the status index) and works the
--    clock-dependent stage out only for those still on their way: about 4-7 ms.

create or replace function private.epcr_stage(
  p_status public.epcr_submission_status, p_attempts integer, p_claimed_until timestamptz, p_now timestamptz
) returns text
language sql stable
as $$
  select case
    when p_status = 'processing' or (p_status = 'queued' and p_claimed_until > p_now) then 'sending'
    when p_status = 'queued' and p_attempts > 0 then 'retry_scheduled'
    else p_status::text
  end
$$;

create or replace function public.count_epcr_handoffs() returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  caller public.users := private.console_caller('read the ePCR hand-off', false);
  now_at timestamptz := now();
begin
  return (
    select jsonb_object_agg(stage, coalesce(n, 0))
    from unnest(private.epcr_stages()) as stage
    left join (
      select s.status::text as stage, count(*)::integer as n
      from public.epcr_submissions s
      where s.department_id = caller.department_id and s.status in ('sent', 'sent_with_warnings', 'needs_correction', 'failed')
      group by s.status
      union all
      select private.epcr_stage(s.status, s.attempts, s.claimed_until, now_at), count(*)::integer
      from public.epcr_submissions s
      where s.department_id = caller.department_id and s.status in ('queued', 'processing')
      group by 1
    ) c using (stage));
end
$$;

-- As in 20261201000840, in PL/pgSQL.
create or replace function private.qi_review_detail(r public.qi_reviews, caller public.users) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
begin
  return (
    select jsonb_build_object(
      'id', r.id, 'status', r.status, 'flags', to_jsonb(r.flags), 'started_at', r.started_at, 'last_record_at', r.last_record_at,
      'context_id', r.context_id, 'doses', r.doses, 'narratives', r.narratives, 'protocols_applied', r.protocols_applied,
      'protocols_viewed', r.protocols_viewed, 'applied_protocols', to_jsonb(r.applied_protocols), 'medications', to_jsonb(r.medications),
      'correction_request', r.correction_request, 'correction_requested_at', r.correction_requested_at,
      'records_since_request', r.records_since_request, 'closed_at', r.closed_at, 'updated_at', r.updated_at,
      'crew', (select jsonb_build_object('id', u.id, 'full_name', u.full_name, 'badge_number', u.badge_number, 'role', u.role)
               from public.users u where u.id = r.user_id),
      'station', (select jsonb_build_object('id', s.id, 'code', s.code, 'name', s.name) from public.stations s where s.id = r.station_id),
      'assignee', (select jsonb_build_object('id', u.id, 'full_name', u.full_name) from public.users u where u.id = r.assigned_to),
      'assigned_at', r.assigned_at,
      'correction_requested_by', (select jsonb_build_object('id', u.id, 'full_name', u.full_name) from public.users u where u.id = r.correction_requested_by),
      'dose_records', coalesce((
        select jsonb_agg(jsonb_build_object(
                 'id', d.id, 'created_at', d.created_at, 'received_at', d.received_at, 'medication', d.medication, 'route', d.route,
                 'indication', d.indication, 'dose_value', d.dose_value, 'dose_unit', d.dose_unit, 'volume_ml', d.volume_ml,
                 'concentration', d.concentration, 'color', d.color, 'capped', d.capped, 'warnings', d.warnings,
                 'age_years', coalesce(private.recorded_number(d.inputs -> 'age_years'), round(private.recorded_number(d.inputs -> 'age_months') / 12, 2)),
                 'weight_kg', private.recorded_number(d.inputs -> 'weight_kg'), 'weight_lb', private.recorded_number(d.inputs -> 'weight_lb'),
                 'weight_confirmed', coalesce(d.inputs -> 'weight_confirmed' = 'true'::jsonb, false),
                 'base_order', coalesce(d.inputs -> 'base_order' = 'true'::jsonb, false),
                 'formulary_version', d.formulary_version,
                 'flags', coalesce((select jsonb_agg(jsonb_build_object('code', f.code, 'detail', f.detail) order by k.sort)
                                    from public.qi_flags f join public.qi_flag_kinds k on k.code = f.code
                                    where f.review_id = r.id and f.record_id = d.id), '[]'))
               order by d.created_at, d.id)
        from public.dosing_calculations d
        where d.user_id = r.user_id
          and (d.context_id = r.context_id or (r.context_id is null and d.id = r.call_key))), '[]'),
      'narrative_records', coalesce((
        select jsonb_agg(jsonb_build_object('id', n.id, 'narrative_id', n.narrative_id, 'format', n.format, 'content', n.content,
                                            'created_at', n.created_at) order by n.created_at, n.id)
        from public.narrative_history n
        where n.user_id = r.user_id
          and (n.context_id = r.context_id or (r.context_id is null and n.narrative_id = r.call_key))), '[]'),
      'protocol_records', coalesce((
        select jsonb_agg(jsonb_build_object('id', pu.id, 'tp_code', pu.tp_code, 'name', p.name, 'action', pu.action,
                                            'query', pu.query, 'created_at', pu.created_at) order by pu.created_at, pu.id)
        from public.protocol_usage pu
        left join public.protocols p on p.tp_code = pu.tp_code
        where pu.user_id = r.user_id
          and (pu.context_id = r.context_id or (r.context_id is null and pu.id = r.call_key))), '[]'),
      'comments', coalesce((
        select jsonb_agg(jsonb_build_object('id', c.id, 'body', c.body, 'created_at', c.created_at,
                                            'author', jsonb_build_object('id', u.id, 'full_name', u.full_name)) order by c.created_at, c.id)
        from public.qi_review_comments c left join public.users u on u.id = c.author_id
        where c.review_id = r.id), '[]'),
      'fallouts', coalesce((
        select jsonb_agg(jsonb_build_object('code', f.code, 'name', fc.name, 'note', f.note, 'added_at', f.added_at,
                                            'added_by', jsonb_build_object('id', u.id, 'full_name', u.full_name)) order by fc.sort)
        from public.qi_review_fallouts f join public.qi_fallout_codes fc on fc.code = f.code
        left join public.users u on u.id = f.added_by
        where f.review_id = r.id), '[]'),
      'history', coalesce((
        select jsonb_agg(jsonb_build_object('occurred_at', a.occurred_at, 'action', a.action, 'details', a.details,
                                            'by', jsonb_build_object('id', u.id, 'full_name', u.full_name)) order by a.occurred_at, a.id)
        from public.audit_logs a left join public.users u on u.id = a.user_id
        where a.action like 'qi\_review\_%' and a.details ->> 'review_id' = r.id::text
          and a.department_id = r.department_id and a.occurred_at >= r.created_at - interval '1 minute'), '[]'),
      'may_decide', caller.role in ('medical_director', 'admin'),
      'next_statuses', case when caller.role in ('medical_director', 'admin') then to_jsonb(private.qi_review_next_statuses(r.status)) else '[]'::jsonb end)
  );
end
$$;
