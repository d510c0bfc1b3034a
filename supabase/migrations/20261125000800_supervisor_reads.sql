-- What medical directors and admins read about their department: narratives, dosing
-- calculations (warnings first), protocol usage counts, audit events, and per-device sync
-- health. Each takes a time range [from_time, to_time), optional filter_station_id and
-- filter_user_id (filter_action for audit events),
-- and a page (page_size rows from page_offset; total_count is the size of the whole result).
--
-- They run as the caller (security invoker): row-level security already limits a supervisor to
-- their department, and these functions add the role check and the filters on top.

create function private.check_supervisor_read(from_time timestamptz, to_time timestamptz, page_size integer, page_offset integer)
returns void
language plpgsql stable set search_path = ''
as $$
begin
  perform private.require_app_role(array['medical_director', 'admin']::public.app_role[], 'read department records');
  if from_time is null or to_time is null or from_time >= to_time then
    raise exception using errcode = '22023', message = 'give a time range with from_time before to_time';
  end if;
  if page_size is null or page_size not between 1 and 500 then
    raise exception using errcode = '22023', message = 'page_size must be between 1 and 500';
  end if;
  if page_offset is null or page_offset < 0 then
    raise exception using errcode = '22023', message = 'page_offset must be 0 or more';
  end if;
end
$$;

grant execute on function private.require_app_role(public.app_role[], text) to authenticated;
revoke all on function private.check_supervisor_read(timestamptz, timestamptz, integer, integer) from public;
grant execute on function private.check_supervisor_read(timestamptz, timestamptz, integer, integer) to authenticated;

create function public.list_department_narratives(
  from_time timestamptz, to_time timestamptz, filter_station_id uuid default null, filter_user_id uuid default null,
  page_size integer default 50, page_offset integer default 0)
returns table (
  id uuid, narrative_id uuid, user_id uuid, badge_number text, full_name text, station_id uuid,
  context_id uuid, format public.narrative_format, content text, created_at timestamptz,
  received_at timestamptz, total_count bigint)
language plpgsql stable set search_path = ''
as $$
#variable_conflict use_column
begin
  perform private.check_supervisor_read(from_time, to_time, page_size, page_offset);
  return query
    select n.id, n.narrative_id, n.user_id, u.badge_number, u.full_name, n.station_id, n.context_id,
           n.format, n.content, n.created_at, n.received_at, count(*) over ()
    from public.narrative_history n
    left join public.users u on u.id = n.user_id
    where n.department_id = private.current_department_id()
      and n.created_at >= list_department_narratives.from_time and n.created_at < list_department_narratives.to_time
      and (list_department_narratives.filter_station_id is null or n.station_id = list_department_narratives.filter_station_id)
      and (list_department_narratives.filter_user_id is null or n.user_id = list_department_narratives.filter_user_id)
    order by n.created_at desc, n.id
    limit list_department_narratives.page_size offset list_department_narratives.page_offset;
end
$$;

-- Calculations with a danger warning come first, then any other warning, then the rest:
-- that is the order a medical director reviews them in.
create function public.list_department_dosing_calculations(
  from_time timestamptz, to_time timestamptz, filter_station_id uuid default null, filter_user_id uuid default null,
  page_size integer default 50, page_offset integer default 0)
returns table (
  id uuid, user_id uuid, badge_number text, station_id uuid, context_id uuid, medication text, route text,
  indication text, inputs jsonb, dose_value numeric, dose_unit text, volume_ml numeric, concentration text,
  color text, capped boolean, warnings jsonb, has_warnings boolean, has_danger_warning boolean,
  formulary_version text, created_at timestamptz, total_count bigint)
language plpgsql stable set search_path = ''
as $$
#variable_conflict use_column
begin
  perform private.check_supervisor_read(from_time, to_time, page_size, page_offset);
  return query
    select d.id, d.user_id, u.badge_number, d.station_id, d.context_id, d.medication, d.route, d.indication,
           d.inputs, d.dose_value, d.dose_unit, d.volume_ml, d.concentration, d.color, d.capped, d.warnings,
           d.has_warnings, d.has_danger_warning, d.formulary_version, d.created_at, count(*) over ()
    from public.dosing_calculations d
    left join public.users u on u.id = d.user_id
    where d.department_id = private.current_department_id()
      and d.created_at >= list_department_dosing_calculations.from_time
      and d.created_at < list_department_dosing_calculations.to_time
      and (list_department_dosing_calculations.filter_station_id is null or d.station_id = list_department_dosing_calculations.filter_station_id)
      and (list_department_dosing_calculations.filter_user_id is null or d.user_id = list_department_dosing_calculations.filter_user_id)
    order by d.has_danger_warning desc, d.has_warnings desc, d.created_at desc, d.id
    limit list_department_dosing_calculations.page_size offset list_department_dosing_calculations.page_offset;
end
$$;

create function public.count_department_protocol_usage(
  from_time timestamptz, to_time timestamptz, filter_station_id uuid default null, filter_user_id uuid default null,
  page_size integer default 50, page_offset integer default 0)
returns table (
  tp_code text, protocol_name text, views bigint, applications bigint, uses bigint, distinct_users bigint,
  total_count bigint)
language plpgsql stable set search_path = ''
as $$
#variable_conflict use_column
begin
  perform private.check_supervisor_read(from_time, to_time, page_size, page_offset);
  return query
    select c.tp_code, p.name, c.views, c.applications, c.uses, c.distinct_users, count(*) over ()
    from (
      select pu.tp_code,
             count(*) filter (where pu.action = 'viewed') as views,
             count(*) filter (where pu.action = 'applied') as applications,
             count(*) as uses,
             count(distinct pu.user_id) as distinct_users
      from public.protocol_usage pu
      where pu.department_id = private.current_department_id()
        and pu.created_at >= count_department_protocol_usage.from_time
        and pu.created_at < count_department_protocol_usage.to_time
        and (count_department_protocol_usage.filter_station_id is null or pu.station_id = count_department_protocol_usage.filter_station_id)
        and (count_department_protocol_usage.filter_user_id is null or pu.user_id = count_department_protocol_usage.filter_user_id)
      group by pu.tp_code
    ) as c
    left join public.protocols p on p.tp_code = c.tp_code
    order by c.uses desc, c.tp_code
    limit count_department_protocol_usage.page_size offset count_department_protocol_usage.page_offset;
end
$$;

create function public.list_department_audit_events(
  from_time timestamptz, to_time timestamptz, filter_station_id uuid default null, filter_user_id uuid default null,
  filter_action text default null, page_size integer default 50, page_offset integer default 0)
returns table (
  id uuid, occurred_at timestamptz, received_at timestamptz, user_id uuid, badge_number text, station_id uuid,
  session_id uuid, source text, action text, details jsonb, total_count bigint)
language plpgsql stable set search_path = ''
as $$
#variable_conflict use_column
begin
  perform private.check_supervisor_read(from_time, to_time, page_size, page_offset);
  return query
    select a.id, a.occurred_at, a.received_at, a.user_id, u.badge_number, a.station_id, a.session_id,
           a.source, a.action, a.details, count(*) over ()
    from public.audit_logs a
    left join public.users u on u.id = a.user_id
    where a.department_id = private.current_department_id()
      and a.occurred_at >= list_department_audit_events.from_time and a.occurred_at < list_department_audit_events.to_time
      and (list_department_audit_events.filter_station_id is null or a.station_id = list_department_audit_events.filter_station_id)
      and (list_department_audit_events.filter_user_id is null or a.user_id = list_department_audit_events.filter_user_id)
      and (list_department_audit_events.filter_action is null or a.action = list_department_audit_events.filter_action)
    order by a.occurred_at desc, a.id
    limit list_department_audit_events.page_size offset list_department_audit_events.page_offset;
end
$$;

-- One row per signed-in device of the department that has not expired, with what its batches
-- did in the time range; the devices that have gone quiet longest come first.
create function public.list_department_sync_health(
  from_time timestamptz, to_time timestamptz, filter_station_id uuid default null, filter_user_id uuid default null,
  page_size integer default 50, page_offset integer default 0)
returns table (
  session_id uuid, user_id uuid, badge_number text, full_name text, station_id uuid, device_label text,
  first_seen_at timestamptz, last_seen_at timestamptz, batches bigint, events bigint, accepted bigint,
  duplicates bigint, rejected bigint, rate_limited bigint, max_lag_seconds bigint, total_count bigint)
language plpgsql stable set search_path = ''
as $$
#variable_conflict use_column
begin
  perform private.check_supervisor_read(from_time, to_time, page_size, page_offset);
  return query
    select s.id, s.user_id, u.badge_number, u.full_name, s.station_id, s.device_label, s.created_at, s.last_seen_at,
           coalesce(m.batches, 0), coalesce(m.events, 0), coalesce(m.accepted, 0), coalesce(m.duplicates, 0),
           coalesce(m.rejected, 0), coalesce(m.rate_limited, 0), coalesce(m.max_lag_seconds, 0), count(*) over ()
    from public.sessions s
    left join public.users u on u.id = s.user_id
    left join lateral (
      select count(*) as batches,
             sum(mt.value)::bigint as events,
             sum((mt.labels ->> 'accepted')::bigint)::bigint as accepted,
             sum((mt.labels ->> 'duplicate')::bigint)::bigint as duplicates,
             sum((mt.labels ->> 'rejected')::bigint)::bigint as rejected,
             sum((mt.labels ->> 'rate_limited')::bigint)::bigint as rate_limited,
             max((mt.labels ->> 'lag_seconds')::bigint) as max_lag_seconds
      from public.metrics mt
      where mt.session_id = s.id and mt.name = 'ingest.batch'
        and mt.recorded_at >= list_department_sync_health.from_time and mt.recorded_at < list_department_sync_health.to_time
    ) as m on true
    where s.department_id = private.current_department_id()
      and s.expires_at > now()
      and (list_department_sync_health.filter_station_id is null or s.station_id = list_department_sync_health.filter_station_id)
      and (list_department_sync_health.filter_user_id is null or s.user_id = list_department_sync_health.filter_user_id)
    order by s.last_seen_at, s.id
    limit list_department_sync_health.page_size offset list_department_sync_health.page_offset;
end
$$;

create index metrics_session_id_recorded_at_idx on public.metrics (session_id, recorded_at) where name = 'ingest.batch';

revoke all on function
  public.list_department_narratives(timestamptz, timestamptz, uuid, uuid, integer, integer),
  public.list_department_dosing_calculations(timestamptz, timestamptz, uuid, uuid, integer, integer),
  public.count_department_protocol_usage(timestamptz, timestamptz, uuid, uuid, integer, integer),
  public.list_department_audit_events(timestamptz, timestamptz, uuid, uuid, text, integer, integer),
  public.list_department_sync_health(timestamptz, timestamptz, uuid, uuid, integer, integer)
  from public, anon;
grant execute on function
  public.list_department_narratives(timestamptz, timestamptz, uuid, uuid, integer, integer),
  public.list_department_dosing_calculations(timestamptz, timestamptz, uuid, uuid, integer, integer),
  public.count_department_protocol_usage(timestamptz, timestamptz, uuid, uuid, integer, integer),
  public.list_department_audit_events(timestamptz, timestamptz, uuid, uuid, text, integer, integer),
  public.list_department_sync_health(timestamptz, timestamptz, uuid, uuid, integer, integer)
  to authenticated;
