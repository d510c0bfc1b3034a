-- Protocol and medication versions take effect at the start of their effective date in the
-- agency's own time zone. They took effect at the start of the date in UTC, which in Los Angeles
-- is 4 pm (5 pm in summer) the day before: a version a medical director scheduled for the first
-- of the month reached rigs on the evening of the last day, before the crews' shift change.
--
-- 1. reference_state.time_zone: the agency's IANA time zone (the reference data is the
--    agency's, one for all its departments), Los Angeles for the County's data. Checked on write.
-- 2. private.agency_today(at): the agency's date at an instant.
-- 3. schedule_reference_version refuses a date before the agency's today, and says which day
--    that is; activate_due_reference_versions puts in force what is due by the agency's date.
--    Both from their latest definitions (20261202001100), with only that changed.
-- 4. get_console_context says the agency's time zone, so the console shows and picks dates in it.

alter table public.reference_state add column time_zone text not null default 'America/Los_Angeles';
comment on column public.reference_state.time_zone is
  'The agency''s IANA time zone: versions take effect at the start of their effective date here.';

create function private.check_agency_time_zone() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if not exists (select 1 from pg_catalog.pg_timezone_names z where z.name = new.time_zone) then
    raise exception using errcode = '22023',
      message = format('%s is not a time zone name: use an IANA name such as America/Los_Angeles', new.time_zone);
  end if;
  return new;
end
$$;

create trigger reference_state_time_zone_is_known before insert or update of time_zone on public.reference_state
for each row execute function private.check_agency_time_zone();

create function private.agency_today(at timestamptz default now()) returns date
language sql stable set search_path = ''
as $$
  select (agency_today.at at time zone rs.time_zone)::date from public.reference_state rs
$$;
revoke all on function private.agency_today(timestamptz) from public;

-- From 20261202001100: the agency's today instead of UTC's.
create or replace function public.schedule_reference_version(version_id uuid, effective_date date) returns public.reference_versions
language plpgsql security definer set search_path = ''
as $$
declare
  v public.reference_versions;
  today date := private.agency_today();
begin
  perform private.version_actor('schedule protocol and medication versions', false);
  if schedule_reference_version.effective_date is null or schedule_reference_version.effective_date < today then
    raise exception using errcode = '22023',
      message = format('effective_date must be today or later: today is %s in %s', today,
                       (select rs.time_zone from public.reference_state rs));
  end if;
  v := private.load_reference_version(schedule_reference_version.version_id, true);
  perform private.require_reference_status(v, array['approved', 'scheduled']::public.reference_version_status[], 'scheduled');
  update public.reference_versions rv set status = 'scheduled', effective_date = schedule_reference_version.effective_date
  where rv.id = v.id returning * into v;
  perform private.audit_reference_version(v, 'scheduled', jsonb_build_object('effective_date', v.effective_date));
  return v;
end
$$;

-- From 20261202001100: due by the agency's date at p_now instead of UTC's.
create or replace function public.activate_due_reference_versions(p_now timestamptz default now()) returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  due public.reference_versions;
  problem text;
  activated jsonb := '[]'::jsonb;
  refused jsonb := '[]'::jsonb;
begin
  for due in
    select * from public.reference_versions rv
    where rv.status = 'scheduled' and rv.effective_date <= private.agency_today(p_now)
    -- Same date: in the order they were approved (two versions of one record: the later one wins).
    order by rv.effective_date, rv.approved_at, rv.version
    for update
  loop
    problem := case when due.source = 'workflow' then private.reference_draft_problem(due.kind, due.record_key, due.content) end;
    if problem is not null then
      update public.reference_versions
      set status = 'withdrawn', withdrawn_at = p_now, withdrawal_reason = left('not put in force: ' || problem, 2000)
      where id = due.id returning * into due;
      perform private.audit_reference_version(due, 'withdrawn', jsonb_build_object('reason', due.withdrawal_reason));
      refused := refused || jsonb_build_object('version_id', due.id, 'kind', due.kind, 'key', due.record_key, 'problem', problem);
      continue;
    end if;
    perform private.put_reference_version_in_force(due.id, p_now);
    perform private.audit_reference_version(due, 'activated', jsonb_build_object('effective_date', due.effective_date));
    activated := activated || jsonb_build_object('version_id', due.id, 'kind', due.kind, 'key', due.record_key, 'version', due.version);
  end loop;
  return jsonb_build_object(
    'activated', activated,
    'refused', refused,
    'reference_version', (select rs.version from public.reference_state rs));
end
$$;

-- From 20261201000820: plus the agency's time zone.
create or replace function public.get_console_context() returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  caller public.users := private.console_caller('open the console', false);
begin
  return jsonb_build_object(
    'me', jsonb_build_object('id', caller.id, 'full_name', caller.full_name, 'role', caller.role,
      'may_decide', caller.role in ('medical_director', 'admin')),
    'department', (select jsonb_build_object('id', d.id, 'code', d.code, 'name', d.name) from public.departments d where d.id = caller.department_id),
    'agency', (select jsonb_build_object('time_zone', rs.time_zone) from public.reference_state rs),
    'stations', coalesce((select jsonb_agg(jsonb_build_object('id', s.id, 'code', s.code, 'name', s.name) order by s.code)
                          from public.stations s where s.department_id = caller.department_id), '[]'),
    'people', coalesce((select jsonb_agg(jsonb_build_object('id', u.id, 'full_name', u.full_name, 'badge_number', u.badge_number,
                                          'role', u.role, 'station_id', u.station_id, 'active', u.deleted_at is null) order by u.full_name, u.id)
                        from public.users u where u.department_id = caller.department_id), '[]'),
    'flag_kinds', (select jsonb_agg(jsonb_build_object('code', k.code, 'label', k.label, 'description', k.description) order by k.sort)
                   from public.qi_flag_kinds k),
    'fallout_codes', (select jsonb_agg(jsonb_build_object('code', f.code, 'name', f.name, 'protocols', to_jsonb(f.protocols),
                                        'base_hospital', f.base_hospital) order by f.sort)
                      from public.qi_fallout_codes f));
end
$$;
