-- The console's charts count weeks where the agency is (reference_state.time_zone, 20261202004100),
-- as versions' effective dates now are: a week began on Monday at midnight UTC, which is Sunday
-- 4 pm in Los Angeles, so a Sunday evening's calls were drawn in the next week. The four views of
-- 20261202001230, rebuilt with the agency's zone in place of UTC and nothing else changed (the
-- zone is read once per refresh, joined from the one-row reference_state). The chart functions
-- and public.refresh_console_analytics read them by name and stay as they are.

drop materialized view private.chart_protocol_use;
drop materialized view private.chart_sync_lag;
drop materialized view private.chart_pediatric_weight;
drop materialized view private.chart_first_dose;

create materialized view private.chart_protocol_use as
  select u.department_id, u.station_id, s.code as station_code, u.tp_code,
         date_trunc('week', u.created_at at time zone z.time_zone)::date as week,
         (count(*) filter (where u.action = 'applied'))::integer as applied,
         (count(*) filter (where u.action = 'viewed'))::integer as viewed
  from public.protocol_usage u
  cross join public.reference_state z
  left join public.stations s on s.id = u.station_id
  group by u.department_id, u.station_id, s.code, u.tp_code, date_trunc('week', u.created_at at time zone z.time_zone)::date;
create unique index chart_protocol_use_key on private.chart_protocol_use (department_id, week, tp_code, station_id) nulls not distinct;

-- Lag buckets: under a minute, 1-15 minutes, 15-60 minutes, 1-4 hours, 4-24 hours, a day or more.
create materialized view private.chart_sync_lag as
  with received as (
    select u.department_id, u.station_id, l.device_id,
           date_trunc('week', l.received_at at time zone z.time_zone)::date as week,
           greatest(0, extract(epoch from l.received_at - l.occurred_at))::bigint as lag
    from private.ingested_events l
    cross join public.reference_state z
    join public.users u on u.id = l.user_id
    where l.received_at > now() - interval '400 days'
  ), refused as (
    -- ingest_events counts what it refused per batch; the device is the one that reported with
    -- that sign-in (report_outbox_state), where it did.
    select m.department_id, m.station_id, s.device_id, date_trunc('week', m.recorded_at at time zone z.time_zone)::date as week,
           coalesce(private.recorded_number(m.labels -> 'rejected'), 0) as rejected
    from public.metrics m
    cross join public.reference_state z
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
         date_trunc('week', d.created_at at time zone z.time_zone)::date as week,
         count(*)::integer as pediatric_doses,
         (count(*) filter (where f.weight > 0))::integer as with_weight
  from public.dosing_calculations d
  cross join public.reference_state z
  left join public.stations s on s.id = d.station_id
  cross join lateral (
    select coalesce(private.recorded_number(d.inputs -> 'age_years'), private.recorded_number(d.inputs -> 'age_months') / 12) as age_years,
           coalesce(private.recorded_number(d.inputs -> 'weight_kg'), private.recorded_number(d.inputs -> 'weight_lb')) as weight) f
  where d.created_at > now() - interval '400 days'
    and coalesce(f.age_years < 15, coalesce(d.color, 'Adult') <> 'Adult')
  group by d.department_id, d.station_id, s.code, date_trunc('week', d.created_at at time zone z.time_zone)::date;
create unique index chart_pediatric_weight_key on private.chart_pediatric_weight (department_id, week, station_id) nulls not distinct;

-- The first doses are read by the week of the dose too.
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
         date_trunc('week', f.first_dose_at at time zone z.time_zone)::date as week, pc.contact_at,
         -- A dose recorded before the contact (a device clock set wrong) is not timed.
         case when pc.contact_at <= f.first_dose_at
              then extract(epoch from f.first_dose_at - pc.contact_at)::integer end as seconds
  from first_doses f
  cross join public.reference_state z
  left join private.patient_contacts pc on pc.context_id = f.context_id and pc.department_id = f.department_id;
create unique index chart_first_dose_key on private.chart_first_dose (kpi, context_id);
create index chart_first_dose_department_idx on private.chart_first_dose (department_id, week, kpi);

revoke all on private.chart_protocol_use, private.chart_first_dose, private.chart_sync_lag, private.chart_pediatric_weight
  from public, anon, authenticated;
