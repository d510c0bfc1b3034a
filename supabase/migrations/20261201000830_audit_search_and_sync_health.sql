-- The console's audit trail and sync health (issue 15).
--
-- Audit trail: console readers search their department's entries by person, action, resource
-- (a key and value of the entry's details, such as tp_code 1211 or review_id ...), source and
-- time, newest first, keyset-paged by (occurred_at, id). Entries stay immutable (their trigger).
-- An export of the trail is itself written to the trail.
--
-- Sync health: per crew member and device, what the device last reported about its outbox
-- (report_outbox_state, called by the app after each send: events waiting, the oldest one's age,
-- the events the server refused with their codes and reasons, never their content), when it last
-- synced, and the member's rate-limit violations and ban. An admin lifts a ban, with a reason,
-- in the audit trail.

-- What each device last said about its outbox, one row per device and crew member.
create table public.device_outbox_states (
  device_id uuid not null,
  user_id uuid not null references public.users (id) on delete cascade,
  department_id uuid not null,
  station_id uuid,
  session_id uuid,
  pending integer not null check (pending >= 0),
  oldest_pending_at timestamptz,
  -- [{kind, code, reason, rejected_at}], at most 20, as the device parked them.
  refused jsonb not null default '[]' check (jsonb_typeof(refused) = 'array' and jsonb_array_length(refused) <= 20),
  refused_count integer not null default 0 check (refused_count >= 0),
  app_version text check (length(app_version) <= 40),
  reported_at timestamptz not null default now(),
  primary key (device_id, user_id)
);
create index device_outbox_states_department_idx on public.device_outbox_states (department_id, reported_at);

alter table public.device_outbox_states enable row level security;
revoke all on public.device_outbox_states from anon, authenticated;
grant select on public.device_outbox_states to authenticated;
create policy "crews read their devices' reports, console readers their department's" on public.device_outbox_states
  for select to authenticated
  using (
    user_id = (select auth.uid())
    or ((select private.is_console_reader()) and department_id = (select private.current_department_id())));

-- A lifted ban keeps its original end beside the moment it was lifted.
alter table public.rate_limit_violations
  add column ban_lifted_at timestamptz,
  add column ban_lifted_by uuid references public.users (id),
  add column ban_was_until timestamptz;

-- The audit trail is searched by department, action and time, and by a details key and value.
create index audit_logs_department_action_idx on public.audit_logs (department_id, action, occurred_at desc);
create index audit_logs_details_idx on public.audit_logs using gin (details jsonb_path_ops);

-- The device's report. Counted toward the caller's limits like any call; over them it is refused
-- with the same body as a pull (the device simply reports again later).
create function public.report_outbox_state(
  device_id uuid, pending integer, oldest_pending_at timestamptz default null, refused jsonb default '[]',
  refused_count integer default 0, app_version text default null)
returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  caller public.users;
  refusal jsonb := private.take_api_call();
  clean jsonb;
begin
  if refusal is not null then
    return refusal;
  end if;
  select * into caller from public.users u where u.id = auth.uid() and u.deleted_at is null;
  if caller.id is null or private.current_app_role() is null then
    raise exception using errcode = '42501', message = 'sign in with an account that has an active Rigside profile to report a device';
  end if;
  if report_outbox_state.device_id is null or report_outbox_state.pending is null or report_outbox_state.pending < 0
     or coalesce(report_outbox_state.refused_count, 0) < 0 then
    raise exception using errcode = '22023', message = 'give device_id and pending (0 or more), and refused_count of 0 or more';
  end if;
  if jsonb_typeof(coalesce(report_outbox_state.refused, '[]')) <> 'array' then
    raise exception using errcode = '22023', message = 'refused must be a list of {kind, code, reason, rejected_at}';
  end if;
  -- Only what a reviewer needs, and never an event's content: kind, code, reason, time.
  select coalesce(jsonb_agg(jsonb_build_object(
           'kind', left(r ->> 'kind', 40), 'code', left(r ->> 'code', 64), 'reason', left(r ->> 'reason', 300),
           'rejected_at', left(r ->> 'rejected_at', 40))), '[]')
    into clean
  from (select r from jsonb_array_elements(coalesce(report_outbox_state.refused, '[]')) r limit 20) x;

  insert into public.device_outbox_states as s (
    device_id, user_id, department_id, station_id, session_id, pending, oldest_pending_at, refused, refused_count, app_version, reported_at)
  values (report_outbox_state.device_id, caller.id, caller.department_id, caller.station_id, nullif(auth.jwt() ->> 'session_id', '')::uuid,
          report_outbox_state.pending, report_outbox_state.oldest_pending_at, clean,
          greatest(coalesce(report_outbox_state.refused_count, 0), jsonb_array_length(clean)), left(report_outbox_state.app_version, 40), now())
  on conflict on constraint device_outbox_states_pkey do update set
    department_id = excluded.department_id, station_id = excluded.station_id, session_id = excluded.session_id,
    pending = excluded.pending, oldest_pending_at = excluded.oldest_pending_at, refused = excluded.refused,
    refused_count = excluded.refused_count, app_version = excluded.app_version, reported_at = excluded.reported_at;
  return jsonb_build_object('reported_at', now());
end
$$;

-- The trail, newest first. filter_resource_key/value: an entry whose details hold that key with
-- that value (text, number or true/false as written). Pass the last row's occurred_at and id
-- as after_* for the next page.
create function public.search_audit_logs(
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
  resource jsonb;
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
  if filter_resource_key is not null then
    -- The value as the details would hold it: a number or true/false where it reads as one.
    resource := jsonb_build_object(filter_resource_key, case
      when filter_resource_value ~ '^-?[0-9]+(\.[0-9]+)?$' then to_jsonb(filter_resource_value::numeric)
      when filter_resource_value in ('true', 'false') then to_jsonb(filter_resource_value::boolean)
      else to_jsonb(filter_resource_value) end);
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
      and (resource is null or a.details @> resource
           -- a value the device wrote as text although it reads as a number (a badge, a code)
           or a.details @> jsonb_build_object(search_audit_logs.filter_resource_key, search_audit_logs.filter_resource_value))
      and (search_audit_logs.from_time is null or a.occurred_at >= search_audit_logs.from_time)
      and (search_audit_logs.to_time is null or a.occurred_at < search_audit_logs.to_time)
      and (search_audit_logs.after_id is null
           or (a.occurred_at, a.id) < (search_audit_logs.after_occurred_at, search_audit_logs.after_id))
    order by a.occurred_at desc, a.id desc
    limit search_audit_logs.page_size;
end
$$;

-- The actions written in the department's trail, for the console's action filter.
create function public.list_audit_actions() returns text[]
language plpgsql volatile security definer set search_path = ''
as $$
declare
  caller public.users := private.console_caller('read the audit trail', false);
begin
  -- The distinct actions by a skip scan over (department_id, action, ...), cheap on any size.
  return array(
    with recursive actions as (
      (select a.action from public.audit_logs a where a.department_id = caller.department_id order by a.action limit 1)
      union all
      select (select a.action from public.audit_logs a where a.department_id = caller.department_id and a.action > actions.action
              order by a.action limit 1)
      from actions where actions.action is not null
    )
    select action from actions where action is not null);
end
$$;

-- An export of console data (the audit trail, a chart's table) is written to the trail: who
-- exported what, with which filters, and how many rows.
create function public.note_console_export(what text, row_count integer, filters jsonb default '{}') returns void
language plpgsql volatile security definer set search_path = ''
as $$
begin
  perform private.console_caller('export console data', false);
  if what is null or what !~ '^[a-z][a-z0-9_]{0,40}$' or row_count is null or row_count < 0 then
    raise exception using errcode = '22023', message = 'say what was exported (a snake_case name) and how many rows';
  end if;
  perform private.write_audit_log('console_exported', jsonb_build_object(
    'what', what, 'rows', row_count, 'filters', left(coalesce(filters, '{}')::text, 500)));
end
$$;

-- Sync health: one row per crew member and device that reported, plus every member with a
-- violation in the last 30 days; those with something wrong first.
create function public.list_sync_health(filter_station_id uuid default null, filter_user_id uuid default null)
returns table (
  user_id uuid, full_name text, badge_number text, station_code text, device_id uuid, app_version text,
  last_report_at timestamptz, last_sync_at timestamptz, pending integer, oldest_pending_at timestamptz,
  refused_count integer, refused jsonb, violations_30d integer, reputation integer, banned_until timestamptz,
  last_violation_scope text)
language plpgsql volatile security definer set search_path = ''
set plan_cache_mode = force_custom_plan
as $$
#variable_conflict use_column
declare
  caller public.users := private.console_caller('read sync health', false);
begin
  return query
    with members as (
      select u.* from public.users u
      where u.department_id = caller.department_id
        and (list_sync_health.filter_station_id is null or u.station_id = list_sync_health.filter_station_id)
        and (list_sync_health.filter_user_id is null or u.id = list_sync_health.filter_user_id)
    ), rows as (
      select m.id as user_id, d.device_id, d.app_version, d.reported_at, d.pending, d.oldest_pending_at, d.refused_count, d.refused
      from members m join public.device_outbox_states d on d.user_id = m.id
      union all
      select m.id, null, null, null, null, null, null, null
      from members m
      where not exists (select 1 from public.device_outbox_states d where d.user_id = m.id)
        and exists (select 1 from public.rate_limit_violations v where v.user_id = m.id and v.occurred_at > now() - interval '30 days')
    )
    select r.user_id, u.full_name, u.badge_number, s.code, r.device_id, r.app_version, r.reported_at,
           (select max(se.last_seen_at) from public.sessions se where se.user_id = r.user_id),
           r.pending, r.oldest_pending_at, r.refused_count, coalesce(r.refused, '[]'::jsonb),
           v.violations, private.reputation_of(r.user_id, now()), private.banned_until(r.user_id, now()), v.last_scope
    from rows r
    join public.users u on u.id = r.user_id
    left join public.stations s on s.id = u.station_id
    left join lateral (
      select count(*)::integer as violations, (array_agg(x.scope order by x.occurred_at desc))[1] as last_scope
      from public.rate_limit_violations x where x.user_id = r.user_id and x.occurred_at > now() - interval '30 days'
    ) v on true
    order by (private.banned_until(r.user_id, now()) is not null) desc, coalesce(r.refused_count, 0) > 0 desc,
             r.oldest_pending_at nulls last, u.full_name, r.device_id;
end
$$;

-- An admin ends a member's ban before its time, saying why. The violations stay (they still
-- count toward reputation); the ban's end is kept beside the moment it was lifted.
create function public.lift_rate_limit_ban(user_id uuid, reason text) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  caller public.users;
  member public.users;
  was_until timestamptz;
begin
  perform private.take_api_call_or_raise();
  perform private.require_app_role(array['admin']::public.app_role[], 'lift bans');
  select * into caller from public.users u where u.id = auth.uid();
  select * into member from public.users u where u.id = lift_rate_limit_ban.user_id and u.department_id = caller.department_id;
  if member.id is null then
    raise exception using errcode = 'PT404', message = format('no member %s in your department', lift_rate_limit_ban.user_id);
  end if;
  if reason is null or length(trim(reason)) = 0 or length(trim(reason)) > 500 then
    raise exception using errcode = '22023', message = 'say why the ban is lifted (up to 500 characters)';
  end if;
  was_until := private.banned_until(member.id, now());
  if was_until is null then
    raise exception using errcode = 'P0001', message = format('%s is not banned', member.full_name);
  end if;
  update public.rate_limit_violations v
  set ban_was_until = v.banned_until, banned_until = now(), ban_lifted_at = now(), ban_lifted_by = caller.id
  where v.user_id = member.id and v.banned_until > now();
  perform private.write_audit_log('rate_limit_ban_lifted', jsonb_build_object(
    'member_id', member.id, 'was_until', was_until, 'reason', left(trim(reason), 500)));
  return jsonb_build_object('user_id', member.id, 'was_until', was_until, 'lifted_at', now());
end
$$;

revoke all on function
  public.report_outbox_state(uuid, integer, timestamptz, jsonb, integer, text),
  public.search_audit_logs(uuid, text, text, text, text, timestamptz, timestamptz, timestamptz, uuid, integer),
  public.list_audit_actions(), public.note_console_export(text, integer, jsonb),
  public.list_sync_health(uuid, uuid), public.lift_rate_limit_ban(uuid, text)
  from public, anon;
grant execute on function
  public.report_outbox_state(uuid, integer, timestamptz, jsonb, integer, text),
  public.search_audit_logs(uuid, text, text, text, text, timestamptz, timestamptz, timestamptz, uuid, integer),
  public.list_audit_actions(), public.note_console_export(text, integer, jsonb),
  public.list_sync_health(uuid, uuid), public.lift_rate_limit_ban(uuid, text)
  to authenticated;
