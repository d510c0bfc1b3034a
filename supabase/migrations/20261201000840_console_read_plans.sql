-- Console reads at county scale (issue 15, `npm run bench -- console` at 200,000 records and
-- 2,000,000 audit entries). Two plans the bench showed slow:
--
-- 1. A review item's records were found with CASE in the WHERE clause, which no index serves
--    (a scan of each record table per item). The same condition as an OR lets the context_id
--    index and the primary key answer it.
-- 2. The audit trail's resource filter matched details with @> through a GIN index over every
--    entry, then sorted every match by time. It now compares the key's text, served by one index
--    per resource key the console offers, in time order, so a page is the first 100 of an index
--    scan. The GIN index goes: it cost every audit insert (the busiest write there is) for
--    nothing else.

create or replace function private.qi_review_detail(r public.qi_reviews, caller public.users) returns jsonb
language sql stable security definer set search_path = ''
as $$
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
$$;


create or replace function public.search_audit_logs(
  filter_user_id uuid default null, filter_action text default null, filter_source text default null,
  filter_resource_key text default null, filter_resource_value text default null,
  from_time timestamptz default null, to_time timestamptz default null,
  after_occurred_at timestamptz default null, after_id uuid default null, page_size integer default 100)
returns table (
  id uuid, occurred_at timestamptz, received_at timestamptz, user_id uuid, full_name text, badge_number text,
  station_code text, session_id uuid, source text, action text, details jsonb)
language plpgsql volatile security definer set search_path = ''
set plan_cache_mode = force_custom_plan
as $$
#variable_conflict use_column
declare
  caller public.users := private.console_caller('read the audit trail', false);
begin
  if page_size is null or page_size not between 1 and 1000 then
    raise exception using errcode = '22023', message = 'page_size must be between 1 and 1000';
  end if;
  if (after_id is null) <> (after_occurred_at is null) then
    raise exception using errcode = '22023', message = 'after_occurred_at and after_id go together: both from the last row of the previous page, or neither';
  end if;
  if (filter_resource_key is null) <> (filter_resource_value is null) then
    raise exception using errcode = '22023', message = 'a resource is a details key and its value: give both, or neither';
  end if;
  if filter_source is not null and filter_source not in ('device', 'server') then
    raise exception using errcode = '22023', message = 'filter_source must be device or server';
  end if;
  if from_time is not null and to_time is not null and from_time >= to_time then
    raise exception using errcode = '22023', message = 'from_time must be before to_time';
  end if;
  return query
    select a.id, a.occurred_at, a.received_at, a.user_id, u.full_name, u.badge_number, s.code, a.session_id, a.source, a.action, a.details
    from public.audit_logs a
    left join public.users u on u.id = a.user_id
    left join public.stations s on s.id = a.station_id
    where a.department_id = caller.department_id
      and (search_audit_logs.filter_user_id is null or a.user_id = search_audit_logs.filter_user_id)
      and (search_audit_logs.filter_action is null or a.action = search_audit_logs.filter_action)
      and (search_audit_logs.filter_source is null or a.source = search_audit_logs.filter_source)
      -- As text, whether the details hold it as text or as a number; planned per call, so the
      -- key is a constant and the index of that key (below) serves it.
      and (search_audit_logs.filter_resource_key is null
           or (a.details ? search_audit_logs.filter_resource_key
               and a.details ->> search_audit_logs.filter_resource_key = search_audit_logs.filter_resource_value))
      and (search_audit_logs.from_time is null or a.occurred_at >= search_audit_logs.from_time)
      and (search_audit_logs.to_time is null or a.occurred_at < search_audit_logs.to_time)
      and (search_audit_logs.after_id is null
           or (a.occurred_at, a.id) < (search_audit_logs.after_occurred_at, search_audit_logs.after_id))
    order by a.occurred_at desc, a.id desc
    limit search_audit_logs.page_size;
end
$$;


drop index public.audit_logs_details_idx;
create index audit_logs_tp_code_idx on public.audit_logs (department_id, (details ->> 'tp_code'), occurred_at desc) where details ? 'tp_code';
create index audit_logs_review_id_idx on public.audit_logs (department_id, (details ->> 'review_id'), occurred_at desc) where details ? 'review_id';
create index audit_logs_version_id_idx on public.audit_logs (department_id, (details ->> 'version_id'), occurred_at desc) where details ? 'version_id';
create index audit_logs_medication_idx on public.audit_logs (department_id, (details ->> 'medication'), occurred_at desc) where details ? 'medication';
create index audit_logs_member_id_idx on public.audit_logs (department_id, (details ->> 'member_id'), occurred_at desc) where details ? 'member_id';
