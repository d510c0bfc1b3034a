-- The console's charts and the popularity that goes back to the rigs (issue 15).
--
-- Charts read materialized views that one hourly job refreshes (public.refresh_console_analytics,
-- scheduled by pg_cron below), never the record tables on each page load:
--   chart_protocol_use      protocols applied and viewed, per department, station, protocol and day
--   chart_first_dose        per call, the time from patient contact to the first dose the County's
--                           QI plan times: epinephrine in a cardiac arrest (TP 1210 / 1210-P), and
--                           midazolam in a seizing child (TP 1231-P)
--   chart_sync_lag          per device (the rig's unit) and day: events received, how late
--                           (received minus occurred, in buckets), and events the server refused
--   chart_pediatric_weight  per station and day: children's doses, and those with a weight
-- Days are UTC dates. The same job works out each department's protocol popularity from its own
-- protocol usage; pull_reference_page (next migration) sends it to that department's devices as
-- the protocols' popularity, the 30% popularity share of search ranking.

-- Patient contact is when the crew opened the patient on the device: the patient context's
-- created_at. Contexts are PHI and go after 24 hours, so the moment is kept here without them
-- (no PHI: the call, who, where and when), as long as the doses it times.
create table private.patient_contacts (
  context_id uuid primary key,
  user_id uuid not null,
  department_id uuid not null,
  station_id uuid,
  contact_at timestamptz not null
);
create index patient_contacts_contact_at_idx on private.patient_contacts (contact_at);
alter table private.patient_contacts enable row level security;
revoke all on private.patient_contacts from public, anon, authenticated;

create function private.note_patient_contacts() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  insert into private.patient_contacts (context_id, user_id, department_id, station_id, contact_at)
  select w.id, w.user_id, w.department_id, w.station_id, w.created_at from written w
  on conflict (context_id) do nothing;
  return null;
end
$$;
revoke all on function private.note_patient_contacts() from public;

create trigger patient_contexts_note_contact after insert on public.patient_contexts
  referencing new table as written for each statement execute function private.note_patient_contacts();

insert into private.patient_contacts (context_id, user_id, department_id, station_id, contact_at)
select pc.id, pc.user_id, pc.department_id, pc.station_id, pc.created_at from public.patient_contexts pc
on conflict (context_id) do nothing;

-- When the views were last refreshed, which every chart shows.
create table private.console_analytics_state (
  id boolean primary key default true check (id),
  refreshed_at timestamptz
);
insert into private.console_analytics_state default values;
alter table private.console_analytics_state enable row level security;
revoke all on private.console_analytics_state from public, anon, authenticated;

create materialized view private.chart_protocol_use as
  select u.department_id, u.station_id, u.tp_code, (u.created_at at time zone 'UTC')::date as day,
         (count(*) filter (where u.action = 'applied'))::integer as applied,
         (count(*) filter (where u.action = 'viewed'))::integer as viewed
  from public.protocol_usage u
  group by u.department_id, u.station_id, u.tp_code, (u.created_at at time zone 'UTC')::date;
create unique index chart_protocol_use_key on private.chart_protocol_use (department_id, day, tp_code, station_id) nulls not distinct;

create materialized view private.chart_first_dose as
  with calls as (
    select distinct u.context_id, case when u.tp_code in ('1210', '1210-P') then 'epinephrine_in_arrest'
                                       else 'midazolam_in_pediatric_seizure' end as kpi
    from public.protocol_usage u
    where u.context_id is not null and u.tp_code in ('1210', '1210-P', '1231-P')
  ), first_doses as (
    select c.kpi, c.context_id, min(d.created_at) as first_dose_at,
           (array_agg(d.department_id order by d.created_at, d.id))[1] as department_id,
           (array_agg(d.station_id order by d.created_at, d.id))[1] as station_id
    from calls c
    join public.dosing_calculations d on d.context_id = c.context_id
      and d.medication = case c.kpi when 'epinephrine_in_arrest' then 'epinephrine' else 'midazolam' end
    group by c.kpi, c.context_id
  )
  select f.department_id, f.station_id, f.kpi, f.context_id, f.first_dose_at, pc.contact_at,
         -- A dose recorded before the contact (a device clock set wrong) is not timed.
         case when pc.contact_at <= f.first_dose_at
              then extract(epoch from f.first_dose_at - pc.contact_at)::integer end as seconds
  from first_doses f
  left join private.patient_contacts pc on pc.context_id = f.context_id and pc.department_id = f.department_id;
create unique index chart_first_dose_key on private.chart_first_dose (kpi, context_id);
create index chart_first_dose_department_idx on private.chart_first_dose (department_id, first_dose_at);

-- Lag buckets: under a minute, 1-15 minutes, 15-60 minutes, 1-4 hours, 4-24 hours, a day or more.
create materialized view private.chart_sync_lag as
  with received as (
    select u.department_id, u.station_id, l.device_id, (l.received_at at time zone 'UTC')::date as day,
           greatest(0, extract(epoch from l.received_at - l.occurred_at))::bigint as lag
    from private.ingested_events l
    join public.users u on u.id = l.user_id
  ), refused as (
    -- ingest_events counts what it refused per batch; the device is the one that reported with
    -- that sign-in (report_outbox_state), where it did.
    select m.department_id, m.station_id, s.device_id, (m.recorded_at at time zone 'UTC')::date as day,
           coalesce(private.recorded_number(m.labels -> 'rejected'), 0) as rejected
    from public.metrics m
    left join lateral (
      select d.device_id from public.device_outbox_states d
      where m.session_id is not null and d.session_id = m.session_id
      order by d.reported_at desc limit 1) s on true
    where m.name = 'ingest.batch' and m.department_id is not null
  ), parts as (
    select r.department_id, r.station_id, r.device_id, r.day, count(*) as events, sum(r.lag) as lag_sum, max(r.lag) as lag_max,
           count(*) filter (where r.lag < 60) as under_1m,
           count(*) filter (where r.lag >= 60 and r.lag < 900) as m1_15,
           count(*) filter (where r.lag >= 900 and r.lag < 3600) as m15_60,
           count(*) filter (where r.lag >= 3600 and r.lag < 14400) as h1_4,
           count(*) filter (where r.lag >= 14400 and r.lag < 86400) as h4_24,
           count(*) filter (where r.lag >= 86400) as over_24h,
           0::numeric as rejected
    from received r
    group by r.department_id, r.station_id, r.device_id, r.day
    union all
    select f.department_id, f.station_id, f.device_id, f.day, 0, 0, 0, 0, 0, 0, 0, 0, 0, sum(f.rejected)
    from refused f
    group by f.department_id, f.station_id, f.device_id, f.day
  )
  select p.department_id, p.station_id, p.device_id, p.day,
         sum(p.events)::integer as events, sum(p.lag_sum)::bigint as lag_seconds_sum, max(p.lag_max)::bigint as lag_seconds_max,
         sum(p.under_1m)::integer as under_1m, sum(p.m1_15)::integer as m1_15, sum(p.m15_60)::integer as m15_60,
         sum(p.h1_4)::integer as h1_4, sum(p.h4_24)::integer as h4_24, sum(p.over_24h)::integer as over_24h,
         sum(p.rejected)::integer as rejected
  from parts p
  group by p.department_id, p.station_id, p.device_id, p.day;
create unique index chart_sync_lag_key on private.chart_sync_lag (department_id, day, station_id, device_id) nulls not distinct;

-- A child as the QI flags have it (private.dose_flags): 14 and under by age, or dosed by a tape
-- colour when no age was recorded. A weight is documented when the dose names one above 0.
create materialized view private.chart_pediatric_weight as
  select d.department_id, d.station_id, (d.created_at at time zone 'UTC')::date as day,
         count(*)::integer as pediatric_doses,
         (count(*) filter (where f.weight > 0))::integer as with_weight
  from public.dosing_calculations d
  cross join lateral (
    select coalesce(private.recorded_number(d.inputs -> 'age_years'), private.recorded_number(d.inputs -> 'age_months') / 12) as age_years,
           coalesce(private.recorded_number(d.inputs -> 'weight_kg'), private.recorded_number(d.inputs -> 'weight_lb')) as weight) f
  where coalesce(f.age_years < 15, coalesce(d.color, 'Adult') <> 'Adult')
  group by d.department_id, d.station_id, (d.created_at at time zone 'UTC')::date;
create unique index chart_pediatric_weight_key on private.chart_pediatric_weight (department_id, day, station_id) nulls not distinct;

revoke all on private.chart_protocol_use, private.chart_first_dose, private.chart_sync_lag, private.chart_pediatric_weight
  from public, anon, authenticated;

-- Each department's popularity per protocol, from its own use of the last 90 days (all that
-- protocol_usage keeps): an application counts twice, a view once, on a log scale so that the
-- department's most used protocol is 1 and a protocol used once still counts. A department with
-- no use left falls back to the protocol's own popularity. Rows carry the reference version of
-- the job that last changed them (the stamping trigger), so a device pulls only what changed.
create table private.department_protocol_popularity (
  department_id uuid not null references public.departments (id) on delete cascade,
  tp_code text not null,
  popularity double precision not null check (popularity between 0 and 1),
  reference_version bigint not null default 0,
  updated_at timestamptz not null default now(),
  primary key (department_id, tp_code)
);
create index department_protocol_popularity_version_idx on private.department_protocol_popularity (department_id, reference_version);
alter table private.department_protocol_popularity enable row level security;
revoke all on private.department_protocol_popularity from public, anon, authenticated;
create trigger department_protocol_popularity_stamp before insert or update on private.department_protocol_popularity
  for each row execute function private.stamp_reference_row();

-- The hourly job: contact times past their keeping, the four views, each department's
-- popularity. One run at a time; returns what it did.
create function public.refresh_console_analytics(p_now timestamptz default now()) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  started timestamptz := clock_timestamp();
  contacts_purged integer;
  popularity_changed integer;
begin
  perform pg_advisory_xact_lock(hashtext('rigside refresh_console_analytics'));

  delete from private.patient_contacts c where c.contact_at < p_now - private.retention_of('dosing_calculation');
  get diagnostics contacts_purged = row_count;

  refresh materialized view concurrently private.chart_protocol_use;
  refresh materialized view concurrently private.chart_first_dose;
  refresh materialized view concurrently private.chart_sync_lag;
  refresh materialized view concurrently private.chart_pediatric_weight;

  with uses as (
    select u.department_id, u.tp_code,
           (2 * count(*) filter (where u.action = 'applied') + count(*) filter (where u.action = 'viewed'))::integer as uses
    from public.protocol_usage u
    where u.created_at > p_now - interval '90 days' and u.created_at <= p_now
    group by u.department_id, u.tp_code
  ), departments as (
    select x.department_id, max(x.uses) as top from uses x group by x.department_id
    union all
    select distinct pp.department_id, 0 from private.department_protocol_popularity pp
    where not exists (select 1 from uses x where x.department_id = pp.department_id)
  ), wanted as (
    select d.department_id, p.tp_code,
           case when d.top > 0
                then round((ln(1 + coalesce(x.uses, 0)) / ln(1 + d.top))::numeric, 2)::double precision
                else p.popularity end as popularity
    from departments d
    cross join public.protocols p
    left join uses x on x.department_id = d.department_id and x.tp_code = p.tp_code
    where p.deleted_at is null
  ), written as (
    -- Unchanged rows are not offered: the stamping trigger would give them a new version.
    insert into private.department_protocol_popularity as cur (department_id, tp_code, popularity)
    select w.department_id, w.tp_code, w.popularity from wanted w
    where not exists (
      select 1 from private.department_protocol_popularity c
      where c.department_id = w.department_id and c.tp_code = w.tp_code and c.popularity = w.popularity)
    on conflict (department_id, tp_code) do update set popularity = excluded.popularity
    returning 1
  )
  select count(*) into popularity_changed from written;

  update private.console_analytics_state set refreshed_at = p_now;
  return jsonb_build_object(
    'refreshed_at', p_now,
    'contacts_purged', contacts_purged,
    'popularity_changed', popularity_changed,
    'ms', round(extract(epoch from clock_timestamp() - started) * 1000));
end
$$;
revoke all on function public.refresh_console_analytics(timestamptz) from public, anon, authenticated;
grant execute on function public.refresh_console_analytics(timestamptz) to service_role;

-- The charts' API: console readers (supervisors, medical directors, admins) of their own
-- department, counted toward the API limits like the console's other reads. A range of days
-- [from_day, to_day), at most 400 days; a station of the caller's department or every station.
-- Each answer: {refreshed_at, rows}.
create function private.chart_caller(p_from date, p_to date, p_station uuid) returns public.users
language plpgsql volatile security definer set search_path = ''
as $$
declare
  caller public.users := private.console_caller('read the charts', false);
begin
  if p_from is null or p_to is null or p_from >= p_to or p_to - p_from > 400 then
    raise exception using errcode = '22023',
      message = 'give a range of days with from_day before to_day, at most 400 days long';
  end if;
  if p_station is not null and not exists (
      select 1 from public.stations s where s.id = p_station and s.department_id = caller.department_id) then
    raise exception using errcode = '22023', message = 'filter_station_id is not a station of your department';
  end if;
  return caller;
end
$$;
revoke all on function private.chart_caller(date, date, uuid) from public;
grant execute on function private.chart_caller(date, date, uuid) to authenticated;

create function private.chart_answer(p_rows jsonb) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object('refreshed_at', (select s.refreshed_at from private.console_analytics_state s), 'rows', coalesce(p_rows, '[]'::jsonb))
$$;
revoke all on function private.chart_answer(jsonb) from public;
grant execute on function private.chart_answer(jsonb) to authenticated;

-- Protocols applied and viewed per ISO week (its Monday), protocol and station.
create function public.chart_protocol_use(from_day date, to_day date, filter_station_id uuid default null) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  caller public.users := private.chart_caller(from_day, to_day, filter_station_id);
begin
  return private.chart_answer((
    select jsonb_agg(jsonb_build_object('week', w.week, 'tp_code', w.tp_code, 'station_code', w.station_code,
                                        'applied', w.applied, 'viewed', w.viewed) order by w.week, w.tp_code, w.station_code)
    from (
      select date_trunc('week', c.day)::date as week, c.tp_code, s.code as station_code,
             sum(c.applied)::integer as applied, sum(c.viewed)::integer as viewed
      from private.chart_protocol_use c
      left join public.stations s on s.id = c.station_id
      where c.department_id = caller.department_id and c.day >= from_day and c.day < to_day
        and (filter_station_id is null or c.station_id = filter_station_id)
      group by 1, 2, 3) w));
end
$$;

-- Time from patient contact to the first dose, per ISO week and KPI: calls, calls timed (a
-- contact time recorded before the dose), median and 90th percentile in seconds.
create function public.chart_time_to_first_dose(from_day date, to_day date, filter_station_id uuid default null) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  caller public.users := private.chart_caller(from_day, to_day, filter_station_id);
begin
  return private.chart_answer((
    select jsonb_agg(jsonb_build_object('week', w.week, 'kpi', w.kpi, 'calls', w.calls, 'timed', w.timed,
                                        'median_seconds', w.median_seconds, 'p90_seconds', w.p90_seconds) order by w.week, w.kpi)
    from (
      select date_trunc('week', f.first_dose_at at time zone 'UTC')::date as week, f.kpi,
             count(*)::integer as calls, count(f.seconds)::integer as timed,
             round(percentile_cont(0.5) within group (order by f.seconds))::integer as median_seconds,
             round(percentile_cont(0.9) within group (order by f.seconds))::integer as p90_seconds
      from private.chart_first_dose f
      where f.department_id = caller.department_id
        and f.first_dose_at >= (from_day::timestamp at time zone 'UTC') and f.first_dose_at < (to_day::timestamp at time zone 'UTC')
        and (filter_station_id is null or f.station_id = filter_station_id)
      group by 1, 2) w));
end
$$;

-- Per device (unit) over the range: events received, mean and largest lag, events per lag
-- bucket, and events refused. Devices with the most late events first.
create function public.chart_sync_lag(from_day date, to_day date, filter_station_id uuid default null) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  caller public.users := private.chart_caller(from_day, to_day, filter_station_id);
begin
  return private.chart_answer((
    select jsonb_agg(jsonb_build_object('device_id', w.device_id, 'station_code', w.station_code, 'events', w.events,
                                        'mean_lag_seconds', w.mean_lag_seconds, 'max_lag_seconds', w.max_lag_seconds,
                                        'under_1m', w.under_1m, 'm1_15', w.m1_15, 'm15_60', w.m15_60, 'h1_4', w.h1_4,
                                        'h4_24', w.h4_24, 'over_24h', w.over_24h, 'rejected', w.rejected)
                     order by w.events - w.under_1m desc, w.rejected desc, w.station_code, w.device_id)
    from (
      select c.device_id, s.code as station_code, sum(c.events)::integer as events,
             case when sum(c.events) > 0 then round(sum(c.lag_seconds_sum)::numeric / sum(c.events))::integer end as mean_lag_seconds,
             max(c.lag_seconds_max)::integer as max_lag_seconds,
             sum(c.under_1m)::integer as under_1m, sum(c.m1_15)::integer as m1_15, sum(c.m15_60)::integer as m15_60,
             sum(c.h1_4)::integer as h1_4, sum(c.h4_24)::integer as h4_24, sum(c.over_24h)::integer as over_24h,
             sum(c.rejected)::integer as rejected
      from private.chart_sync_lag c
      left join public.stations s on s.id = c.station_id
      where c.department_id = caller.department_id and c.day >= from_day and c.day < to_day
        and (filter_station_id is null or c.station_id = filter_station_id)
      group by c.device_id, s.code) w));
end
$$;

-- Children's doses and those with a documented weight, per ISO week and station.
create function public.chart_pediatric_weight(from_day date, to_day date, filter_station_id uuid default null) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  caller public.users := private.chart_caller(from_day, to_day, filter_station_id);
begin
  return private.chart_answer((
    select jsonb_agg(jsonb_build_object('week', w.week, 'station_code', w.station_code, 'pediatric_doses', w.pediatric_doses,
                                        'with_weight', w.with_weight) order by w.week, w.station_code)
    from (
      select date_trunc('week', c.day)::date as week, s.code as station_code,
             sum(c.pediatric_doses)::integer as pediatric_doses, sum(c.with_weight)::integer as with_weight
      from private.chart_pediatric_weight c
      left join public.stations s on s.id = c.station_id
      where c.department_id = caller.department_id and c.day >= from_day and c.day < to_day
        and (filter_station_id is null or c.station_id = filter_station_id)
      group by 1, 2) w));
end
$$;

revoke all on function
  public.chart_protocol_use(date, date, uuid), public.chart_time_to_first_dose(date, date, uuid),
  public.chart_sync_lag(date, date, uuid), public.chart_pediatric_weight(date, date, uuid)
  from public, anon;
grant execute on function
  public.chart_protocol_use(date, date, uuid), public.chart_time_to_first_dose(date, date, uuid),
  public.chart_sync_lag(date, date, uuid), public.chart_pediatric_weight(date, date, uuid)
  to authenticated;

-- Hourly, where pg_cron is (the retention migration enabled it); the local stack's timer runs it
-- otherwise (supabase/local/retention-schedule.ts). cron.schedule replaces a job of the same name.
do $$
begin
  if not exists (select 1 from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
                 where n.nspname = 'cron' and p.proname = 'schedule') then
    raise notice 'pg_cron is not installed: run public.refresh_console_analytics() hourly by other means';
    return;
  end if;
  execute format('select %I.schedule($1, $2, $3)', 'cron')
    using 'rigside-refresh-console-analytics', '7 * * * *', 'select public.refresh_console_analytics()';
end
$$;
