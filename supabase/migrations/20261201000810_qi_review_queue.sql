-- The QI review queue (issue 15): one review item per call, filed and flagged by the database
-- the moment a call's records arrive, whoever writes them (ingest_events, a server job, a seed).
--
-- A call is what a crew member recorded for one patient: the records that share a patient
-- context, or a record made without one (standalone). Its key is the context id, or the id of
-- that record (for a narrative, its narrative_id, so that every save of it stays one call).
-- Records name their author, so a call is (author, key): another user's record that names the
-- same context never joins it.
--
-- What files a call: a dosing calculation, a narrative, a protocol applied, and a protocol
-- viewed with a patient open. A protocol merely looked up with no patient open is browsing,
-- not a call.
--
-- Flags are the checks a medical director runs first (LA County's QI plan and MCG 1373's
-- fallouts shaped them): each dose is checked once, when it arrives (public.qi_flags), and the
-- call as a whole (no protocol applied) whenever one of its records arrives.

create or replace function private.is_console_reader() returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce(private.current_app_role() in ('supervisor', 'medical_director', 'admin'), false)
$$;
revoke all on function private.is_console_reader() from public;
grant execute on function private.is_console_reader() to authenticated, service_role;

-- What each flag means, in the words the console shows.
create table public.qi_flag_kinds (
  code text primary key check (code ~ '^[A-Z][A-Z0-9_]{1,40}$'),
  label text not null check (length(label) between 1 and 80),
  description text not null check (length(description) between 1 and 400),
  sort smallint not null unique
);

insert into public.qi_flag_kinds (code, label, description, sort) values
  ('CONTROLLED_SUBSTANCE', 'Controlled substance', 'Fentanyl, morphine, midazolam or ketamine was given: every dose is reconciled.', 10),
  ('PEDIATRIC_DOSE', 'Child''s dose', 'A dose for a child of 14 or under, by age or by a length-based tape colour.', 20),
  ('PEDIATRIC_WEIGHT_MISSING', 'Child''s weight missing', 'A child''s dose was recorded without a weight in kilograms or pounds.', 30),
  ('PEDIATRIC_WEIGHT_UNCONFIRMED', 'Child''s weight unconfirmed', 'No age was recorded with the child''s dose, so the weight was never checked against one.', 40),
  ('PEDIATRIC_WEIGHT_IMPLAUSIBLE', 'Child''s weight unusual for age', 'The crew confirmed a weight the dosing engine found unusual for the child''s age.', 50),
  ('DOSE_CAPPED', 'Dose capped', 'The calculated dose was above a maximum and was capped.', 60),
  ('DANGER_WARNING', 'Danger warning', 'The dose was confirmed over a warning of danger (an allergy, an interaction, a contraindication).', 70),
  ('MIDAZOLAM_WITHOUT_BASE_ORDER', 'Midazolam without a Base order', 'Midazolam was given with no Base order recorded.', 80),
  ('DOSE_OUTSIDE_PROTOCOL', 'Dose outside the protocol''s range', 'Above the largest single dose the formulary gives for that medication, route and patient, or a medication, route or unit it does not give.', 90),
  ('NO_PROTOCOL', 'No impression or protocol', 'No protocol was applied in the call, so neither a provider impression nor a treatment protocol is documented.', 100);

-- MCG 1373 (Treatment Protocol QI Fallout Data Dictionary): the County's two-letter fallout
-- categories. `protocols` lists the treatment protocols (by number; adult and pediatric alike)
-- whose fallouts use the category; empty means every protocol. base_hospital: the category is
-- also one of the Base Hospital's.
create table public.qi_fallout_codes (
  code text primary key check (code ~ '^[A-Z][A-Z0-9]$'),
  name text not null check (length(name) between 1 and 80),
  protocols text[] not null default '{}',
  base_hospital boolean not null default false,
  sort smallint not null unique
);

insert into public.qi_fallout_codes (code, name, protocols, base_hospital, sort) values
  ('PI', 'Provider impression', '{}', true, 1),
  ('TP', 'Treatment protocol', '{}', true, 2),
  ('AW', 'Airway', '{}', false, 3),
  ('O2', 'Oxygen', '{}', false, 4),
  ('PN', 'Pain', '{}', false, 5),
  ('BA', 'Base contact', '{}', false, 6),
  ('NT', 'Receiving hospital notification', '{}', false, 7),
  ('TS', 'Transport', '{}', false, 8),
  ('DS', 'Destination', '{}', false, 9),
  ('DO', 'Documentation', '{}', false, 10),
  ('DD', 'Color Code drug doses', '{}', false, 11),
  ('FL', 'Fluid administration', '{}', false, 12),
  ('ON', 'Ondansetron', '{}', false, 13),
  ('GL', 'Glucose', '{1203,1229,1230,1231,1232,1241}', false, 20),
  ('LG', 'Low blood glucose', '{1203}', false, 21),
  ('VA', 'Vascular access', '{1207,1210,1214,1215,1216,1217,1219,1229,1232,1242,1243}', false, 22),
  ('CM', 'Cardiac monitoring', '{1207,1209,1211,1212,1213,1214,1221,1222,1223,1225,1229,1232,1233,1234,1235,1240,1242}', false, 23),
  ('PD', 'Push-dose epinephrine', '{1207,1210}', true, 24),
  ('SE', 'Sedation', '{1209}', false, 25),
  ('SD', 'Scene', '{1210,1243,1244}', false, 26),
  ('WC', 'Waveform capnography', '{1210}', false, 27),
  ('DF', 'Defibrillation', '{1210,1243}', false, 28),
  ('EP', 'Epinephrine', '{1210,1212,1216,1219,1234,1236,1237}', false, 29),
  ('AM', 'Amiodarone', '{1210}', false, 30),
  ('EC', '12-lead ECG', '{1210,1211,1212,1213,1233}', false, 31),
  ('AS', 'Aspirin', '{1211}', false, 32),
  ('NG', 'Nitroglycerin', '{1211,1214}', false, 33),
  ('CC', 'Chest compressions', '{1212,1216}', false, 34),
  ('AT', 'Atropine', '{1212}', false, 35),
  ('TC', 'Transcutaneous pacing', '{1212}', false, 36),
  ('VL', 'Valsalva', '{1213}', false, 37),
  ('AD', 'Adenosine', '{1213}', false, 38),
  ('SC', 'Synchronized cardioversion', '{1213}', true, 39),
  ('CP', 'CPAP', '{1214,1236,1237}', false, 40),
  ('AL', 'Albuterol', '{1214,1219,1236,1237}', false, 41),
  ('AN', 'Amniotic sac', '{1215,1216,1217}', false, 42),
  ('FM', 'Fundal massage', '{1215}', false, 43),
  ('AB', 'Abnormal delivery', '{1217}', false, 44),
  ('TX', 'Tranexamic acid', '{1217,1242,1244}', false, 45),
  ('CL', 'Clothing', '{1220,1221,1240}', false, 46),
  ('BM', 'Burn management', '{1220,1228}', false, 47),
  ('WM', 'Warming measures', '{1220,1223,1225,1242}', false, 48),
  ('CO', 'Cooling measures', '{1222}', false, 49),
  ('VB', 'Venomous bite', '{1224}', false, 50),
  ('CB', 'Control bleeding', '{1226,1243,1244}', false, 51),
  ('TA', 'Tooth avulsion', '{1226}', false, 52),
  ('SH', 'Shield eye', '{1228}', false, 53),
  ('ML', 'mLAPSS', '{1229,1230,1232}', false, 54),
  ('MD', 'Midazolam', '{1231}', false, 55),
  ('LA', 'LAMS', '{1232}', false, 56),
  ('LK', 'Last known well time', '{1232}', false, 57),
  ('OA', 'Obstructed airway', '{1234}', false, 58),
  ('UA', 'Unmanageable airway', '{1234}', false, 59),
  ('TM', 'Tracheostomy management', '{1234}', false, 60),
  ('RE', 'Remove from environment', '{1236,1238}', false, 61),
  ('NE', 'Needle thoracostomy', '{1237,1243,1244}', false, 62),
  ('DP', 'Diphenhydramine', '{1239}', false, 63),
  ('DC', 'Decontamination', '{1240}', false, 64),
  ('IR', 'Irrigation', '{1240}', false, 65),
  ('NA', 'Nerve agent exposure', '{1240}', false, 66),
  ('OG', 'Organophosphate exposure', '{1240}', false, 67),
  ('RA', 'Radiologic exposure', '{1240}', false, 68),
  ('NL', 'Naloxone', '{1241}', false, 69),
  ('AE', 'Antidote', '{1241}', false, 70),
  ('HT', 'HERT activation', '{1242}', false, 71),
  ('HK', 'Hyperkalemia', '{1242}', false, 72),
  ('CS', 'Crush syndrome', '{1242}', false, 73),
  ('SR', 'Spinal motion restriction', '{1243,1244}', false, 74);

create type public.qi_review_status as enum ('new', 'in_review', 'needs_correction', 'closed');

create table public.qi_reviews (
  id uuid primary key default gen_random_uuid(),
  -- The crew member whose call it is, and where they worked when they made it.
  user_id uuid not null references public.users (id),
  department_id uuid not null,
  station_id uuid,
  call_key uuid not null,
  context_id uuid,
  started_at timestamptz not null,
  last_record_at timestamptz not null,
  doses integer not null default 0 check (doses >= 0),
  narratives integer not null default 0 check (narratives >= 0),
  protocols_applied integer not null default 0 check (protocols_applied >= 0),
  protocols_viewed integer not null default 0 check (protocols_viewed >= 0),
  applied_protocols text[] not null default '{}',
  medications text[] not null default '{}',
  -- Every flag of the call, in qi_flag_kinds order; the queue shows flagged calls first.
  flags text[] not null default '{}',
  flagged boolean not null generated always as (cardinality(flags) > 0) stored,
  status public.qi_review_status not null default 'new',
  assigned_to uuid references public.users (id),
  assigned_at timestamptz,
  -- What the crew is asked to correct, shown on their device.
  correction_request text check (length(correction_request) between 1 and 2000),
  correction_requested_by uuid references public.users (id),
  correction_requested_at timestamptz,
  -- Records of the call that arrived after the correction was asked for.
  records_since_request integer not null default 0 check (records_since_request >= 0),
  closed_by uuid references public.users (id),
  closed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (user_id, call_key),
  constraint qi_reviews_correction_check check (status <> 'needs_correction' or correction_request is not null),
  constraint qi_reviews_assigned_check check (status = 'new' or assigned_to is not null)
);
comment on table public.qi_reviews is 'One QI review item per call (the records sharing a patient context, or a standalone record), filed by triggers on the record tables.';
-- The queue's order (flagged first, newest first) within a department, and with each filter.
create index qi_reviews_queue_idx on public.qi_reviews (department_id, flagged, started_at, id);
create index qi_reviews_status_queue_idx on public.qi_reviews (department_id, status, flagged, started_at, id);
create index qi_reviews_user_queue_idx on public.qi_reviews (user_id, flagged, started_at, id);
create index qi_reviews_station_queue_idx on public.qi_reviews (station_id, flagged, started_at, id);
create index qi_reviews_flags_idx on public.qi_reviews using gin (flags);
create index qi_reviews_correction_idx on public.qi_reviews (user_id) where status = 'needs_correction';

create trigger qi_reviews_touch_updated_at before update on public.qi_reviews
  for each row execute function private.touch_updated_at();

-- The flags of each dose, computed once when it arrives.
create table public.qi_flags (
  review_id uuid not null references public.qi_reviews (id) on delete cascade,
  department_id uuid not null,
  record_id uuid not null,
  code text not null references public.qi_flag_kinds (code),
  detail text not null check (length(detail) between 1 and 400),
  created_at timestamptz not null default now(),
  primary key (review_id, record_id, code)
);
create index qi_flags_record_id_idx on public.qi_flags (record_id);

create table public.qi_review_comments (
  id uuid primary key default gen_random_uuid(),
  review_id uuid not null references public.qi_reviews (id) on delete cascade,
  department_id uuid not null,
  author_id uuid not null references public.users (id),
  body text not null check (length(body) between 1 and 4000),
  created_at timestamptz not null default now()
);
create index qi_review_comments_review_id_idx on public.qi_review_comments (review_id, created_at);

create table public.qi_review_fallouts (
  review_id uuid not null references public.qi_reviews (id) on delete cascade,
  department_id uuid not null,
  code text not null references public.qi_fallout_codes (code),
  note text check (length(note) between 1 and 1000),
  added_by uuid not null references public.users (id),
  added_at timestamptz not null default now(),
  primary key (review_id, code)
);

-- Records are looked up by their call.
create index dosing_calculations_context_id_idx on public.dosing_calculations (context_id) where context_id is not null;
create index narrative_history_context_id_idx on public.narrative_history (context_id) where context_id is not null;
create index protocol_usage_context_id_idx on public.protocol_usage (context_id) where context_id is not null;

-- The largest single dose the active formulary gives per medication, route, unit and
-- population: the range a recorded dose is checked against, kept beside public.medications by
-- its trigger so that checking a dose is one index lookup rather than a walk through the JSON.
create table private.formulary_dose_ceilings (
  medication_id text not null,
  route text not null,
  unit text not null,
  population text not null,
  max_single numeric not null,
  primary key (medication_id, route, unit, population)
);
alter table private.formulary_dose_ceilings enable row level security;

create function private.refresh_formulary_dose_ceilings() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  delete from private.formulary_dose_ceilings c where c.medication_id in (select w.id from written w);
  insert into private.formulary_dose_ceilings (medication_id, route, unit, population, max_single)
  select w.id, route.value, rule.value ->> 'unit', rule.value ->> 'population', max((rule.value ->> 'max_single')::numeric)
  from written w
  cross join lateral jsonb_array_elements(case when jsonb_typeof(w.record -> 'rules') = 'array' then w.record -> 'rules' else '[]' end) as rule (value)
  cross join lateral jsonb_array_elements_text(case when jsonb_typeof(rule.value -> 'routes') = 'array' then rule.value -> 'routes' else '[]' end) as route (value)
  where w.deleted_at is null and jsonb_typeof(rule.value -> 'max_single') = 'number'
    and rule.value ->> 'unit' is not null and rule.value ->> 'population' is not null
  group by w.id, route.value, rule.value ->> 'unit', rule.value ->> 'population';
  return null;
end
$$;
revoke all on function private.refresh_formulary_dose_ceilings() from public;

create trigger medications_refresh_dose_ceilings after insert on public.medications
  referencing new table as written for each statement execute function private.refresh_formulary_dose_ceilings();
create trigger medications_refresh_dose_ceilings_on_update after update on public.medications
  referencing new table as written for each statement execute function private.refresh_formulary_dose_ceilings();

-- The formulary loaded before this migration.
insert into private.formulary_dose_ceilings (medication_id, route, unit, population, max_single)
select m.id, route.value, rule.value ->> 'unit', rule.value ->> 'population', max((rule.value ->> 'max_single')::numeric)
from public.medications m
cross join lateral jsonb_array_elements(case when jsonb_typeof(m.record -> 'rules') = 'array' then m.record -> 'rules' else '[]' end) as rule (value)
cross join lateral jsonb_array_elements_text(case when jsonb_typeof(rule.value -> 'routes') = 'array' then rule.value -> 'routes' else '[]' end) as route (value)
where m.deleted_at is null and jsonb_typeof(rule.value -> 'max_single') = 'number'
  and rule.value ->> 'unit' is not null and rule.value ->> 'population' is not null
group by m.id, route.value, rule.value ->> 'unit', rule.value ->> 'population';

-- A number the device recorded, as a number or as the text of one ("14"); null otherwise.
create function private.recorded_number(p_value jsonb) returns numeric
language sql immutable set search_path = ''
as $$
  select case jsonb_typeof(p_value)
    when 'number' then (p_value #>> '{}')::numeric
    when 'string' then case when p_value #>> '{}' ~ '^\s*[0-9]+(\.[0-9]+)?\s*$' then trim(p_value #>> '{}')::numeric end
  end
$$;

-- The flags of one recorded dose (the dosing engine's inputs and outputs as the device sent
-- them, src/data/dosing-records.ts), each with a line saying why.
create function private.dose_flags(
  p_medication text, p_route text, p_dose_value numeric, p_dose_unit text, p_inputs jsonb, p_color text,
  p_capped boolean, p_has_danger_warning boolean, p_warnings jsonb)
returns table (code text, detail text)
language sql stable security definer set search_path = ''
as $$
  with facts as (
    select
      coalesce(private.recorded_number(p_inputs -> 'age_years'), private.recorded_number(p_inputs -> 'age_months') / 12) as age_years,
      coalesce(private.recorded_number(p_inputs -> 'weight_kg'), round(private.recorded_number(p_inputs -> 'weight_lb') * 0.45359237, 1)) as weight_kg,
      coalesce(p_inputs -> 'weight_confirmed' = 'true'::jsonb, false) as weight_confirmed,
      coalesce(p_inputs -> 'base_order' = 'true'::jsonb, false) as base_order,
      -- The tape colour is the engine's own call: a child's rule, with the band it dosed by.
      coalesce(p_color, 'Adult') <> 'Adult' as taped,
      format('%s %s %s %s', p_medication, p_dose_value, p_dose_unit, p_route) as dose
  ), patient as (
    select f.*,
           -- MCG 1373 (DD): children are 14 and under.
           coalesce(f.age_years < 15, f.taped) as child,
           case when f.taped then 'pediatric' else 'adult' end as population
    from facts f
  )
  select 'CONTROLLED_SUBSTANCE', format('%s: a controlled substance', p.dose)
  from patient p where lower(p_medication) in ('fentanyl', 'morphine', 'midazolam', 'ketamine')
  union all
  select 'PEDIATRIC_DOSE', format('%s for a child (%s)', p.dose,
           case when p.age_years is not null then format('age %s y', round(p.age_years, 1)) else format('tape %s', p_color) end)
  from patient p where p.child
  union all
  select 'PEDIATRIC_WEIGHT_MISSING', format('%s: no weight recorded', p.dose)
  from patient p where p.child and p.weight_kg is null
  union all
  select 'PEDIATRIC_WEIGHT_UNCONFIRMED', format('%s: %s kg with no age recorded to check it against', p.dose, p.weight_kg)
  from patient p where p.child and p.weight_kg is not null and p.age_years is null and not p.weight_confirmed
  union all
  select 'PEDIATRIC_WEIGHT_IMPLAUSIBLE', format('%s: %s kg confirmed by the crew as unusual for age %s y', p.dose, p.weight_kg, round(p.age_years, 1))
  from patient p where p.child and p.weight_confirmed
  union all
  select 'DOSE_CAPPED', format('%s: capped at a maximum', p.dose)
  from patient p where p_capped
  union all
  select 'DANGER_WARNING', format('%s: %s', p.dose, coalesce((
           select string_agg(w ->> 'message', '; ') from jsonb_array_elements(p_warnings) w where w ->> 'severity' = 'danger'),
           'a danger warning'))
  from patient p where p_has_danger_warning
  union all
  select 'MIDAZOLAM_WITHOUT_BASE_ORDER', format('%s with no Base order recorded', p.dose)
  from patient p where lower(p_medication) = 'midazolam' and not p.base_order
  union all
  select 'DOSE_OUTSIDE_PROTOCOL', case
           when c.max_single is null then format('%s: the formulary gives no %s dose of %s in %s %s', p.dose, p.population, p_medication, p_dose_unit, p_route)
           else format('%s: above %s %s, the largest single %s dose the formulary gives', p.dose, c.max_single, p_dose_unit, p.population) end
  from patient p
  left join private.formulary_dose_ceilings c
    on c.medication_id = p_medication and c.route = p_route and c.unit = p_dose_unit and c.population = p.population
  where c.max_single is null or p_dose_value > c.max_single
$$;

-- Brings the flags of these calls up to date: every flag of their doses, and NO_PROTOCOL for a
-- call with no protocol applied. Rows whose flags do not change are left alone.
create function private.refresh_qi_review_flags(p_review_ids uuid[]) returns void
language plpgsql security definer set search_path = ''
as $$
begin
  update public.qi_reviews r set flags = computed.flags
  from (
    select r2.id, array(
             select k.code from public.qi_flag_kinds k
             where k.code in (select f.code from public.qi_flags f where f.review_id = r2.id)
                or (k.code = 'NO_PROTOCOL' and r2.protocols_applied = 0)
             order by k.sort) as flags
    from public.qi_reviews r2
    where r2.id = any (p_review_ids)
  ) computed
  where r.id = computed.id and r.flags is distinct from computed.flags;
end
$$;

-- One function per record table: each reads the rows its statement wrote (a transition table)
-- and files them by call in one upsert; no trigger runs per row.
create function private.file_doses_for_review() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  review_ids uuid[];
begin
  with calls as (
    insert into public.qi_reviews as r (
      user_id, department_id, station_id, call_key, context_id, started_at, last_record_at, doses, medications)
    select w.user_id, (array_agg(w.department_id order by w.created_at))[1], (array_agg(w.station_id order by w.created_at))[1],
           coalesce(w.context_id, w.id), w.context_id, min(w.created_at), max(w.created_at), count(*),
           array_agg(distinct w.medication order by w.medication)
    from written w
    group by w.user_id, coalesce(w.context_id, w.id), w.context_id
    on conflict (user_id, call_key) do update set
      started_at = least(r.started_at, excluded.started_at),
      last_record_at = greatest(r.last_record_at, excluded.last_record_at),
      doses = r.doses + excluded.doses,
      medications = array(select distinct m from unnest(r.medications || excluded.medications) m order by m),
      records_since_request = r.records_since_request + case when r.status = 'needs_correction' then excluded.doses else 0 end
    returning r.id
  )
  select array_agg(c.id) into review_ids from calls c;

  insert into public.qi_flags (review_id, department_id, record_id, code, detail)
  select r.id, r.department_id, w.id, f.code, left(f.detail, 400)
  from written w
  join public.qi_reviews r on r.user_id = w.user_id and r.call_key = coalesce(w.context_id, w.id)
  cross join lateral private.dose_flags(w.medication, w.route, w.dose_value, w.dose_unit, w.inputs, w.color,
    w.capped, w.has_danger_warning, w.warnings) f
  on conflict do nothing;

  perform private.refresh_qi_review_flags(review_ids);
  return null;
end
$$;

create function private.file_narratives_for_review() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  review_ids uuid[];
begin
  with calls as (
    insert into public.qi_reviews as r (
      user_id, department_id, station_id, call_key, context_id, started_at, last_record_at, narratives)
    select w.user_id, (array_agg(w.department_id order by w.created_at))[1], (array_agg(w.station_id order by w.created_at))[1],
           coalesce(w.context_id, w.narrative_id), w.context_id, min(w.created_at), max(w.created_at), count(*)
    from written w
    group by w.user_id, coalesce(w.context_id, w.narrative_id), w.context_id
    on conflict (user_id, call_key) do update set
      started_at = least(r.started_at, excluded.started_at),
      last_record_at = greatest(r.last_record_at, excluded.last_record_at),
      narratives = r.narratives + excluded.narratives,
      records_since_request = r.records_since_request + case when r.status = 'needs_correction' then excluded.narratives else 0 end
    returning r.id
  )
  select array_agg(c.id) into review_ids from calls c;
  perform private.refresh_qi_review_flags(review_ids);
  return null;
end
$$;

create function private.file_protocol_usage_for_review() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  review_ids uuid[];
begin
  with calls as (
    insert into public.qi_reviews as r (
      user_id, department_id, station_id, call_key, context_id, started_at, last_record_at,
      protocols_applied, protocols_viewed, applied_protocols)
    select w.user_id, (array_agg(w.department_id order by w.created_at))[1], (array_agg(w.station_id order by w.created_at))[1],
           coalesce(w.context_id, w.id), w.context_id, min(w.created_at), max(w.created_at),
           count(*) filter (where w.action = 'applied'), count(*) filter (where w.action = 'viewed'),
           coalesce(array_agg(distinct w.tp_code order by w.tp_code) filter (where w.action = 'applied'), '{}')
    from written w
    where w.context_id is not null or w.action = 'applied'
    group by w.user_id, coalesce(w.context_id, w.id), w.context_id
    on conflict (user_id, call_key) do update set
      started_at = least(r.started_at, excluded.started_at),
      last_record_at = greatest(r.last_record_at, excluded.last_record_at),
      protocols_applied = r.protocols_applied + excluded.protocols_applied,
      protocols_viewed = r.protocols_viewed + excluded.protocols_viewed,
      applied_protocols = array(select distinct p from unnest(r.applied_protocols || excluded.applied_protocols) p order by p),
      records_since_request = r.records_since_request
        + case when r.status = 'needs_correction' then excluded.protocols_applied + excluded.protocols_viewed else 0 end
    returning r.id
  )
  select array_agg(c.id) into review_ids from calls c;
  if review_ids is not null then
    perform private.refresh_qi_review_flags(review_ids);
  end if;
  return null;
end
$$;

revoke all on function private.recorded_number(jsonb),
  private.dose_flags(text, text, numeric, text, jsonb, text, boolean, boolean, jsonb),
  private.refresh_qi_review_flags(uuid[]), private.file_doses_for_review(), private.file_narratives_for_review(),
  private.file_protocol_usage_for_review() from public;

create trigger dosing_calculations_file_for_review after insert on public.dosing_calculations
  referencing new table as written for each statement execute function private.file_doses_for_review();
create trigger narrative_history_file_for_review after insert on public.narrative_history
  referencing new table as written for each statement execute function private.file_narratives_for_review();
create trigger protocol_usage_file_for_review after insert on public.protocol_usage
  referencing new table as written for each statement execute function private.file_protocol_usage_for_review();

-- Calls recorded before this migration are filed the same way, so the queue starts complete.
do $$
declare
  review_ids uuid[];
begin
  insert into public.qi_reviews as r (user_id, department_id, station_id, call_key, context_id, started_at, last_record_at)
  select distinct on (x.user_id, x.call_key) x.user_id, x.department_id, x.station_id, x.call_key, x.context_id, x.created_at, x.created_at
  from (
    select d.user_id, d.department_id, d.station_id, coalesce(d.context_id, d.id) as call_key, d.context_id, d.created_at from public.dosing_calculations d
    union all
    select n.user_id, n.department_id, n.station_id, coalesce(n.context_id, n.narrative_id), n.context_id, n.created_at from public.narrative_history n
    union all
    select u.user_id, u.department_id, u.station_id, coalesce(u.context_id, u.id), u.context_id, u.created_at
    from public.protocol_usage u where u.context_id is not null or u.action = 'applied'
  ) x
  order by x.user_id, x.call_key, x.created_at
  on conflict (user_id, call_key) do nothing;

  update public.qi_reviews r set
    started_at = s.started_at, last_record_at = s.last_record_at, doses = s.doses, narratives = s.narratives,
    protocols_applied = s.applied, protocols_viewed = s.viewed, applied_protocols = s.applied_protocols, medications = s.medications
  from (
    select r2.id,
           least(min(d.created_at), min(n.created_at), min(u.created_at)) as started_at,
           greatest(max(d.created_at), max(n.created_at), max(u.created_at)) as last_record_at,
           count(distinct d.id)::integer as doses, count(distinct n.id)::integer as narratives,
           count(distinct u.id) filter (where u.action = 'applied')::integer as applied,
           count(distinct u.id) filter (where u.action = 'viewed')::integer as viewed,
           coalesce(array_agg(distinct u.tp_code order by u.tp_code) filter (where u.action = 'applied'), '{}') as applied_protocols,
           coalesce(array_agg(distinct d.medication order by d.medication) filter (where d.id is not null), '{}') as medications
    from public.qi_reviews r2
    left join public.dosing_calculations d on d.user_id = r2.user_id and coalesce(d.context_id, d.id) = r2.call_key
    left join public.narrative_history n on n.user_id = r2.user_id and coalesce(n.context_id, n.narrative_id) = r2.call_key
    left join public.protocol_usage u on u.user_id = r2.user_id and coalesce(u.context_id, u.id) = r2.call_key
      and (u.context_id is not null or u.action = 'applied')
    group by r2.id
  ) s
  where r.id = s.id;

  insert into public.qi_flags (review_id, department_id, record_id, code, detail)
  select r.id, r.department_id, d.id, f.code, left(f.detail, 400)
  from public.dosing_calculations d
  join public.qi_reviews r on r.user_id = d.user_id and r.call_key = coalesce(d.context_id, d.id)
  cross join lateral private.dose_flags(d.medication, d.route, d.dose_value, d.dose_unit, d.inputs, d.color,
    d.capped, d.has_danger_warning, d.warnings) f
  on conflict do nothing;

  select array_agg(r.id) into review_ids from public.qi_reviews r;
  perform private.refresh_qi_review_flags(coalesce(review_ids, '{}'));
end
$$;

-- Row-level security. The console reads through the RPCs of the next migration; these
-- policies hold for anyone reading the tables directly. Console readers (supervisors, medical
-- directors, admins) see their own department's; a crew member sees the review items of their
-- own calls (their correction requests), and nothing of the reviewers' notes.
alter table public.qi_flag_kinds enable row level security;
alter table public.qi_fallout_codes enable row level security;
alter table public.qi_reviews enable row level security;
alter table public.qi_flags enable row level security;
alter table public.qi_review_comments enable row level security;
alter table public.qi_review_fallouts enable row level security;

revoke all on public.qi_flag_kinds, public.qi_fallout_codes, public.qi_reviews, public.qi_flags,
  public.qi_review_comments, public.qi_review_fallouts from anon, authenticated;
grant select on public.qi_flag_kinds, public.qi_fallout_codes, public.qi_reviews, public.qi_flags,
  public.qi_review_comments, public.qi_review_fallouts to authenticated;

create policy "signed-in users read the flag kinds" on public.qi_flag_kinds
  for select to authenticated using (true);
create policy "signed-in users read the fallout codes" on public.qi_fallout_codes
  for select to authenticated using (true);
create policy "crews read the review items of their calls, console readers their department's" on public.qi_reviews
  for select to authenticated
  using (
    user_id = (select auth.uid())
    or ((select private.is_console_reader()) and department_id = (select private.current_department_id())));
create policy "console readers read their department's flags" on public.qi_flags
  for select to authenticated
  using ((select private.is_console_reader()) and department_id = (select private.current_department_id()));
create policy "console readers read their department's review comments" on public.qi_review_comments
  for select to authenticated
  using ((select private.is_console_reader()) and department_id = (select private.current_department_id()));
create policy "console readers read their department's fallouts" on public.qi_review_fallouts
  for select to authenticated
  using ((select private.is_console_reader()) and department_id = (select private.current_department_id()));
