-- The console bench (npm run bench -- console, 200,000 records) put chart_protocol_use at p95
-- 77 ms and chart_sync_lag at 62 ms, over the 50 ms every console read keeps to: each call grouped
-- a day-grained view into weeks (date_trunc on every row), joined stations for their codes, and
-- planned against views that had never been analysed. The views are now kept by ISO week (its
-- Monday, UTC), as the charts draw them, with the station's code beside its id, and the hourly job
-- analyses them after each refresh. A chart asks for the weeks that overlap [from_day, to_day).
-- The ledger of received events (audit events' ids are kept there six years) and the doses (six
-- years too) are read back 400 days at each refresh, the longest range a chart is asked for.

drop materialized view private.chart_protocol_use;
drop materialized view private.chart_sync_lag;
drop materialized view private.chart_pediatric_weight;

create materialized view private.chart_protocol_use as
  select u.department_id, u.station_id, s.code as station_code, u.tp_code,
         date_trunc('week', u.created_at at time zone 'UTC')::date as week,
         (count(*) filter (where u.action = 'applied'))::integer as applied,
         (count(*) filter (where u.action = 'viewed'))::integer as viewed
  from public.protocol_usage u
  left join public.stations s on s.id = u.station_id
  group by u.department_id, u.station_id, s.code, u.tp_code, date_trunc('week', u.created_at at time zone 'UTC')::date;
create unique index chart_protocol_use_key on private.chart_protocol_use (department_id, week, tp_code, station_id) nulls not distinct;

-- Lag buckets: under a minute, 1-15 minutes, 15-60 minutes, 1-4 hours, 4-24 hours, a day or more.
create materialized view private.chart_sync_lag as
  with received as (
    select u.department_id, u.station_id, l.device_id,
           date_trunc('week', l.received_at at time zone 'UTC')::date as week,
           greatest(0, extract(epoch from l.received_at - l.occurred_at))::bigint as lag
    from private.ingested_events l
    join public.users u on u.id = l.user_id
    where l.received_at > now() - interval '400 days'
  ), refused as (
    -- ingest_events counts what it refused per batch; the device is the one that reported with
    -- that sign-in (report_outbox_state), where it did.
    select m.department_id, m.station_id, s.device_id, date_trunc('week', m.recorded_at at time zone 'UTC')::date as week,
           coalesce(private.recorded_number(m.labels -> 'rejected'), 0) as rejected
    from public.metrics m
    left join lateral (
      select d.device_id from public.device_outbox_states d
      where m.session_id is not null and d.session_id = m.session_id
      order by d.reported_at desc limit 1) s on true
    where m.name = 'ingest.batch' and m.department_id is not null
  ), parts as (
    select r.department_id, r.station_id, r.device_id, r.week, count(*) as events, sum(r.lag) as lag_sum, max(r.lag) as lag_max,
           count(*) filter (where r.lag < 60) as under_1m,
           count(*) filter (where r.lag >= 60 and r.lag < 900) as m1_15,
           count(*) filter (where r.lag >= 900 and r.lag < 3600) as m15_60,
           count(*) filter (where r.lag >= 3600 and r.lag < 14400) as h1_4,
           count(*) filter (where r.lag >= 14400 and r.lag < 86400) as h4_24,
           count(*) filter (where r.lag >= 86400) as over_24h,
           0::numeric as rejected
    from received r
    group by r.department_id, r.station_id, r.device_id, r.week
    union all
    select f.department_id, f.station_id, f.device_id, f.week, 0, 0, 0, 0, 0, 0, 0, 0, 0, sum(f.rejected)
    from refused f
    group by f.department_id, f.station_id, f.device_id, f.week
  )
  select p.department_id, p.station_id, s.code as station_code, p.device_id, p.week,
         sum(p.events)::integer as events, sum(p.lag_sum)::bigint as lag_seconds_sum, max(p.lag_max)::bigint as lag_seconds_max,
         sum(p.under_1m)::integer as under_1m, sum(p.m1_15)::integer as m1_15, sum(p.m15_60)::integer as m15_60,
         sum(p.h1_4)::integer as h1_4, sum(p.h4_24)::integer as h4_24, sum(p.over_24h)::integer as over_24h,
         sum(p.rejected)::integer as rejected
  from parts p
  left join public.stations s on s.id = p.station_id
  group by p.department_id, p.station_id, s.code, p.device_id, p.week;
create unique index chart_sync_lag_key on private.chart_sync_lag (department_id, week, station_id, device_id) nulls not distinct;

-- A child as the QI flags have it (private.dose_flags): 14 and under by age, or dosed by a tape
-- colour when no age was recorded. A weight is documented when the dose names one above 0.
create materialized view private.chart_pediatric_weight as
  select d.department_id, d.station_id, s.code as station_code,
         date_trunc('week', d.created_at at time zone 'UTC')::date as week,
         count(*)::integer as pediatric_doses,
         (count(*) filter (where f.weight > 0))::integer as with_weight
  from public.dosing_calculations d
  left join public.stations s on s.id = d.station_id
  cross join lateral (
    select coalesce(private.recorded_number(d.inputs -> 'age_years'), private.recorded_number(d.inputs -> 'age_months') / 12) as age_years,
           coalesce(private.recorded_number(d.inputs -> 'weight_kg'), private.recorded_number(d.inputs -> 'weight_lb')) as weight) f
  where d.created_at > now() - interval '400 days'
    and coalesce(f.age_years < 15, coalesce(d.color, 'Adult') <> 'Adult')
  group by d.department_id, d.station_id, s.code, date_trunc('week', d.created_at at time zone 'UTC')::date;
create unique index chart_pediatric_weight_key on private.chart_pediatric_weight (department_id, week, station_id) nulls not distinct;

-- The first doses are read by the week of the dose too.
drop materialized view private.chart_first_dose;
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
  select f.department_id, f.station_id, f.kpi, f.context_id, f.first_dose_at,
         date_trunc('week', f.first_dose_at at time zone 'UTC')::date as week, pc.contact_at,
         -- A dose recorded before the contact (a device clock set wrong) is not timed.
         case when pc.contact_at <= f.first_dose_at
              then extract(epoch from f.first_dose_at - pc.contact_at)::integer end as seconds
  from first_doses f
  left join private.patient_contacts pc on pc.context_id = f.context_id and pc.department_id = f.department_id;
create unique index chart_first_dose_key on private.chart_first_dose (kpi, context_id);
create index chart_first_dose_department_idx on private.chart_first_dose (department_id, week, kpi);

revoke all on private.chart_protocol_use, private.chart_first_dose, private.chart_sync_lag, private.chart_pediatric_weight
  from public, anon, authenticated;

create or replace function public.refresh_console_analytics(p_now timestamptz default now()) returns jsonb
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
  -- Fresh statistics, so that a chart's read is planned for what the view now holds.
  analyze private.chart_protocol_use;
  analyze private.chart_first_dose;
  analyze private.chart_sync_lag;
  analyze private.chart_pediatric_weight;

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

create or replace function public.chart_protocol_use(from_day date, to_day date, filter_station_id uuid default null) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  caller public.users := private.chart_caller(from_day, to_day, filter_station_id);
begin
  return private.chart_answer((
    select jsonb_agg(jsonb_build_object('week', w.week, 'tp_code', w.tp_code, 'station_code', w.station_code,
                                        'applied', w.applied, 'viewed', w.viewed) order by w.week, w.tp_code, w.station_code)
    from (
      select c.week, c.tp_code, c.station_code, sum(c.applied)::integer as applied, sum(c.viewed)::integer as viewed
      from private.chart_protocol_use c
      where c.department_id = caller.department_id and c.week > from_day - 7 and c.week < to_day
        and (filter_station_id is null or c.station_id = filter_station_id)
      group by c.week, c.tp_code, c.station_code) w));
end
$$;

create or replace function public.chart_time_to_first_dose(from_day date, to_day date, filter_station_id uuid default null) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  caller public.users := private.chart_caller(from_day, to_day, filter_station_id);
begin
  return private.chart_answer((
    select jsonb_agg(jsonb_build_object('week', w.week, 'kpi', w.kpi, 'calls', w.calls, 'timed', w.timed,
                                        'median_seconds', w.median_seconds, 'p90_seconds', w.p90_seconds) order by w.week, w.kpi)
    from (
      select f.week, f.kpi, count(*)::integer as calls, count(f.seconds)::integer as timed,
             round(percentile_cont(0.5) within group (order by f.seconds))::integer as median_seconds,
             round(percentile_cont(0.9) within group (order by f.seconds))::integer as p90_seconds
      from private.chart_first_dose f
      where f.department_id = caller.department_id and f.week > from_day - 7 and f.week < to_day
        and (filter_station_id is null or f.station_id = filter_station_id)
      group by f.week, f.kpi) w));
end
$$;

create or replace function public.chart_sync_lag(from_day date, to_day date, filter_station_id uuid default null) returns jsonb
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
      select c.device_id, c.station_code, sum(c.events)::integer as events,
             case when sum(c.events) > 0 then round(sum(c.lag_seconds_sum)::numeric / sum(c.events))::integer end as mean_lag_seconds,
             max(c.lag_seconds_max)::integer as max_lag_seconds,
             sum(c.under_1m)::integer as under_1m, sum(c.m1_15)::integer as m1_15, sum(c.m15_60)::integer as m15_60,
             sum(c.h1_4)::integer as h1_4, sum(c.h4_24)::integer as h4_24, sum(c.over_24h)::integer as over_24h,
             sum(c.rejected)::integer as rejected
      from private.chart_sync_lag c
      where c.department_id = caller.department_id and c.week > from_day - 7 and c.week < to_day
        and (filter_station_id is null or c.station_id = filter_station_id)
      group by c.device_id, c.station_code) w));
end
$$;

create or replace function public.chart_pediatric_weight(from_day date, to_day date, filter_station_id uuid default null) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  caller public.users := private.chart_caller(from_day, to_day, filter_station_id);
begin
  return private.chart_answer((
    select jsonb_agg(jsonb_build_object('week', w.week, 'station_code', w.station_code, 'pediatric_doses', w.pediatric_doses,
                                        'with_weight', w.with_weight) order by w.week, w.station_code)
    from (
      select c.week, c.station_code, sum(c.pediatric_doses)::integer as pediatric_doses, sum(c.with_weight)::integer as with_weight
      from private.chart_pediatric_weight c
      where c.department_id = caller.department_id and c.week > from_day - 7 and c.week < to_day
        and (filter_station_id is null or c.station_id = filter_station_id)
      group by c.week, c.station_code) w));
end
$$;

analyze private.chart_protocol_use;
analyze private.chart_first_dose;
analyze private.chart_sync_lag;
analyze private.chart_pediatric_weight;
