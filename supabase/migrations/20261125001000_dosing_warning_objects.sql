-- Dosing warnings as the engine gives them: {code, severity, message} objects instead of plain
-- texts. The device has sent objects since the formulary gained severities (danger, caution,
-- info); the texts-only check refused every calculation that carried a warning, and a refused
-- event sits in the device's dead-letter list instead of reaching the medical director.
-- Supervisors now see the danger warnings first.

alter table public.dosing_calculations drop column has_warnings;
alter table public.dosing_calculations alter column warnings drop default;
alter table public.dosing_calculations alter column warnings type jsonb using to_jsonb(warnings);
-- Rows stored before this migration keep their texts as caution-level notes.
update public.dosing_calculations d set warnings = (
  select coalesce(jsonb_agg(jsonb_build_object('code', 'NOTE', 'severity', 'caution', 'message', w)), '[]'::jsonb)
  from jsonb_array_elements_text(d.warnings) as w)
where jsonb_array_length(d.warnings) > 0;
alter table public.dosing_calculations
  alter column warnings set default '[]'::jsonb,
  add constraint dosing_calculations_warnings_is_array check (jsonb_typeof(warnings) = 'array'),
  add column has_warnings boolean not null generated always as (jsonb_array_length(warnings) > 0) stored,
  add column has_danger_warning boolean not null generated always as (warnings @> '[{"severity": "danger"}]') stored;

-- A list of at most p_max_items warnings, each {code: UPPER_SNAKE, severity, message}.
create function private.payload_warning_list(p_payload jsonb, p_key text, p_max_items integer) returns jsonb
language plpgsql immutable set search_path = ''
as $$
declare
  field jsonb := p_payload -> p_key;
begin
  if jsonb_typeof(field) is distinct from 'array' or jsonb_array_length(field) > p_max_items
     or exists (
       select 1 from jsonb_array_elements(field) w
       where jsonb_typeof(w) <> 'object'
          or (select count(*) from jsonb_object_keys(w)) <> 3
          or coalesce(w ->> 'code', '') !~ '^[A-Z][A-Z0-9_]{0,63}$'
          or coalesce(w ->> 'severity', '') not in ('danger', 'caution', 'info')
          or jsonb_typeof(w -> 'message') is distinct from 'string'
          or length(w ->> 'message') not between 1 and 500) then
    perform private.refuse_payload(format(
      'payload.%s must be a list of at most %s warnings {code: UPPER_SNAKE_CASE, severity: danger|caution|info, message: 1 to 500 characters}',
      p_key, p_max_items));
  end if;
  return field;
end
$$;

-- dosing_calculation: {context_id, medication, route, indication, inputs, dose: {value, unit},
-- volume_ml (null for tablets and inhalers), concentration, color, capped,
-- warnings: [{code, severity, message}], formulary_version} (src/data/dosing-records.ts)
create or replace function private.write_dosing_calculation_event(
  p_id uuid, p_occurred_at timestamptz, p_payload jsonb, p_user public.users, p_session_id uuid) returns void
language plpgsql set search_path = ''
as $$
declare
  dose jsonb := private.payload_object(p_payload, 'dose');
  dose_value numeric := private.payload_number(dose, 'value', true, 'payload.dose.');
  volume_ml numeric := private.payload_number(p_payload, 'volume_ml', false);
begin
  if dose_value < 0 or volume_ml < 0 then
    perform private.refuse_payload('payload.dose.value and payload.volume_ml cannot be negative');
  end if;
  insert into public.dosing_calculations (
    id, user_id, department_id, station_id, session_id, context_id, medication, route, indication, inputs,
    dose_value, dose_unit, volume_ml, concentration, color, capped, warnings, formulary_version, created_at)
  values (
    p_id, p_user.id, p_user.department_id, p_user.station_id, p_session_id,
    private.payload_uuid(p_payload, 'context_id', false),
    private.payload_text(p_payload, 'medication', 100), private.payload_text(p_payload, 'route', 20),
    private.payload_text(p_payload, 'indication', 200, false), private.payload_object(p_payload, 'inputs'),
    dose_value, private.payload_text(dose, 'unit', 20, true, 'payload.dose.'), volume_ml,
    private.payload_text(p_payload, 'concentration', 100, false), private.payload_text(p_payload, 'color', 20, false),
    private.payload_boolean(p_payload, 'capped'), private.payload_warning_list(p_payload, 'warnings', 50),
    private.payload_text(p_payload, 'formulary_version', 100), p_occurred_at);
end
$$;

-- Its result columns change, so the supervisor read is dropped and created again.
drop function public.list_department_dosing_calculations(timestamptz, timestamptz, uuid, uuid, integer, integer);

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

revoke all on function public.list_department_dosing_calculations(timestamptz, timestamptz, uuid, uuid, integer, integer) from public, anon;
grant execute on function public.list_department_dosing_calculations(timestamptz, timestamptz, uuid, uuid, integer, integer) to authenticated;
revoke all on function private.payload_warning_list(jsonb, text, integer) from public;
