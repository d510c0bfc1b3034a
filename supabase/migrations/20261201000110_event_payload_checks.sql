-- The payload rules of the event_payloads migration, restated as expressions that name the first
-- problem of an event (or give null) instead of raising, so that ingest_events can judge a whole
-- batch in one query. The rules and messages are those of private.write_*_event, field by field
-- and in the same order: the first problem these report is the one the writer raised.
--
-- Why these functions have no `set search_path`: Postgres inlines a SQL function that is a single
-- SELECT of one expression into the query calling it, which is what makes a check per field per
-- event cheap, and a function with a SET clause is never inlined. Inlined, their text is parsed
-- with the caller's search_path, which is '' in ingest_events; every name they use outside
-- pg_catalog is schema-qualified, and no role but the owner may call them.

-- A text field: a string of 1 to p_max_length characters; null or absent only when not required.
-- (Each mention of p_object -> p_key is a lookup once inlined, hence the simple CASE.)
create function private.text_field_problem(
  p_object jsonb, p_key text, p_max_length integer, p_required boolean default true, p_path text default 'payload.')
returns text
language sql stable
as $$
  select case coalesce(jsonb_typeof(p_object -> p_key), 'null')
    when 'null' then
      case when p_required then format('%s%s is required', p_path, p_key) end
    when 'string' then
      case when p_object ->> p_key = '' or length(p_object ->> p_key) > p_max_length then
        format('%s%s must be text of 1 to %s characters', p_path, p_key, p_max_length) end
    else format('%s%s must be text of 1 to %s characters', p_path, p_key, p_max_length)
  end
$$;

-- The patterns, once. A regex costs little per character but much per call, the more so for
-- counted repetitions ({8}), since its automaton is built anew on each call: per event, a UUID
-- is checked as its shape (LIKE) plus a pattern without counts; a whole batch's ids and times
-- are checked in one call (all_match).
create function private.uuid_pattern() returns text
language sql immutable
as $$ select '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}' $$;

-- An ISO 8601 time that certainly casts to timestamptz: a year from 1000, a day the month has
-- (February 29th in leap years), hours to 23, an offset under 15 hours. Anything else that
-- looks like a time (24:00, a leap second, another script's digits) is tried by the cast itself.
create function private.plain_iso_time_pattern() returns text
language sql immutable
as $$
  select '([1-9][0-9]{3}-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))'
    '|([1-9][0-9](0[48]|[2468][048]|[13579][26])|([2468][048]|[13579][26])00)-02-29)'
    'T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?(Z|[+-](0[0-9]|1[0-4])(:?[0-5][0-9])?)'
$$;

create function private.is_uuid_text(p_text text) returns boolean
language sql immutable
as $$
  select p_text like '________-____-____-____-____________'
     and p_text ~ '^[0-9a-fA-F]*-[0-9a-fA-F]*-[0-9a-fA-F]*-[0-9a-fA-F]*-[0-9a-fA-F]*$'
$$;

-- Whether each of p_count values, joined with commas in p_values (string_agg(v, ',')), matches
-- p_pattern, in one regex call. No value may hold a comma, or one value could pass for two.
create function private.all_match(p_values text, p_count bigint, p_pattern text) returns boolean
language sql immutable set search_path = ''
as $$
  select coalesce(p_count, 0) = 0
    or (octet_length(p_values) - octet_length(replace(p_values, ',', '')) = p_count - 1
        and p_values ~ ('^(' || p_pattern || ')(,(' || p_pattern || '))*$'))
$$;

create function private.uuid_field_problem(p_object jsonb, p_key text, p_required boolean default true) returns text
language sql stable
as $$
  select coalesce(
    private.text_field_problem(p_object, p_key, 36, p_required),
    case when not private.is_uuid_text(p_object ->> p_key) then format('payload.%s must be a UUID', p_key) end)
$$;

create function private.number_field_problem(
  p_object jsonb, p_key text, p_required boolean default true, p_path text default 'payload.') returns text
language sql stable
as $$
  select case coalesce(jsonb_typeof(p_object -> p_key), 'null')
    when 'null' then
      case when p_required then format('%s%s is required', p_path, p_key) end
    when 'number' then null
    else format('%s%s must be a number', p_path, p_key)
  end
$$;

create function private.is_plain_iso_time(p_text text) returns boolean
language sql immutable
as $$ select p_text ~ ('^(' || private.plain_iso_time_pattern() || ')$') $$;

-- What the cast to timestamptz says about p_text (the message the old writers' cast raised), or
-- null when it casts. A subtransaction per call: only for times is_plain_iso_time does not vouch for.
create function private.timestamptz_input_problem(p_text text) returns text
language plpgsql stable set search_path = ''
as $$
begin
  perform p_text::timestamptz;
  return null;
exception when others then
  return sqlerrm;
end
$$;

-- payload_timestamptz: required text of at most 40 characters, ISO 8601 with its offset, a real time.
create function private.iso_time_field_problem(p_object jsonb, p_key text) returns text
language sql stable
as $$
  select coalesce(
    private.text_field_problem(p_object, p_key, 40),
    case when p_object ->> p_key !~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$'
      then format('payload.%s must be an ISO 8601 time with its offset, e.g. 2026-11-25T08:30:00.000Z', p_key) end,
    case when not private.is_plain_iso_time(p_object ->> p_key) then private.timestamptz_input_problem(p_object ->> p_key) end)
$$;

-- payload_warning_list, for a list that is not empty (a subquery, so this one is not inlined).
create function private.are_dose_warnings(p_list jsonb, p_max_items integer) returns boolean
language sql stable set search_path = ''
as $$
  select case
    when jsonb_typeof(p_list) is distinct from 'array' then false
    when jsonb_array_length(p_list) > p_max_items then false
    else not exists (
      select 1 from jsonb_array_elements(p_list) w
      where case
        when jsonb_typeof(w) <> 'object' then true
        else (select count(*) from jsonb_object_keys(w)) <> 3
          or coalesce(w ->> 'code', '') !~ '^[A-Z][A-Z0-9_]{0,63}$'
          or coalesce(w ->> 'severity', '') not in ('danger', 'caution', 'info')
          or jsonb_typeof(w -> 'message') is distinct from 'string'
          or length(w ->> 'message') not between 1 and 500
      end)
  end
$$;

-- write_narrative_event
create function private.narrative_payload_problem(p_payload jsonb) returns text
language sql stable
as $$
  select coalesce(
    private.text_field_problem(p_payload, 'format', 20),
    case when p_payload ->> 'format' not in ('soap', 'chronological', 'nemsis')
      then 'payload.format must be soap, chronological or nemsis' end,
    private.uuid_field_problem(p_payload, 'narrative_id', false),
    private.uuid_field_problem(p_payload, 'context_id', false),
    private.text_field_problem(p_payload, 'content', 50000))
$$;

-- write_protocol_usage_event
create function private.protocol_usage_payload_problem(p_payload jsonb) returns text
language sql stable
as $$
  select coalesce(
    private.text_field_problem(p_payload, 'tp_code', 6),
    private.text_field_problem(p_payload, 'action', 10),
    case when p_payload ->> 'tp_code' !~ '^\d{4}(-P)?$'
      then 'payload.tp_code must be a protocol code such as 1211 or 1210-P' end,
    case when p_payload ->> 'action' not in ('viewed', 'applied') then 'payload.action must be viewed or applied' end,
    private.uuid_field_problem(p_payload, 'context_id', false),
    private.text_field_problem(p_payload, 'query', 200, false),
    private.text_field_problem(p_payload, 'dataset_version', 40, false))
$$;

-- write_dosing_calculation_event
create function private.dosing_calculation_payload_problem(p_payload jsonb) returns text
language sql stable
as $$
  select coalesce(
    case when jsonb_typeof(p_payload -> 'dose') is distinct from 'object' then 'payload.dose must be an object' end,
    private.number_field_problem(p_payload -> 'dose', 'value', true, 'payload.dose.'),
    private.number_field_problem(p_payload, 'volume_ml', false),
    case when (p_payload -> 'dose' ->> 'value')::numeric < 0 or (p_payload ->> 'volume_ml')::numeric < 0
      then 'payload.dose.value and payload.volume_ml cannot be negative' end,
    private.uuid_field_problem(p_payload, 'context_id', false),
    private.text_field_problem(p_payload, 'medication', 100),
    private.text_field_problem(p_payload, 'route', 20),
    private.text_field_problem(p_payload, 'indication', 200, false),
    case when jsonb_typeof(p_payload -> 'inputs') is distinct from 'object' then 'payload.inputs must be an object' end,
    private.text_field_problem(p_payload -> 'dose', 'unit', 20, true, 'payload.dose.'),
    private.text_field_problem(p_payload, 'concentration', 100, false),
    private.text_field_problem(p_payload, 'color', 20, false),
    case when jsonb_typeof(p_payload -> 'capped') is distinct from 'boolean' then 'payload.capped must be true or false' end,
    case
      when jsonb_typeof(p_payload -> 'warnings') is distinct from 'array' then
        'payload.warnings must be a list of at most 50 warnings {code: UPPER_SNAKE_CASE, severity: danger|caution|info, message: 1 to 500 characters}'
      when jsonb_array_length(p_payload -> 'warnings') = 0 then null
      when not private.are_dose_warnings(p_payload -> 'warnings', 50) then
        'payload.warnings must be a list of at most 50 warnings {code: UPPER_SNAKE_CASE, severity: danger|caution|info, message: 1 to 500 characters}'
    end,
    private.text_field_problem(p_payload, 'formulary_version', 100))
$$;

-- write_audit_event (its partition check cannot fail for an event ingest_events lets through:
-- EVENT_IN_FUTURE and EVENT_PAST_RETENTION refuse the same times first)
create function private.audit_payload_problem(p_payload jsonb) returns text
language sql stable
as $$
  select coalesce(
    private.text_field_problem(p_payload, 'action', 64),
    -- ^[a-z][a-z0-9_]{0,63}$, the length being checked above
    case when p_payload ->> 'action' !~ '^[a-z][a-z0-9_]*$'
      then 'payload.action must be a snake_case action name such as protocol_viewed' end,
    -- (the path is only for objects: in strict mode, $.* of anything else raises)
    case
      when jsonb_typeof(coalesce(p_payload -> 'details', '{}')) <> 'object' then
        'payload.details must be an object of plain values (text, numbers, true/false, null)'
      when jsonb_path_exists(coalesce(p_payload -> 'details', '{}'), 'strict $.* ? (@.type() == "object" || @.type() == "array")') then
        'payload.details must be an object of plain values (text, numbers, true/false, null)'
    end)
$$;

-- write_patient_context_event, up to the stored context: expiry (CONTEXT_EXPIRED), ownership
-- (CONTEXT_NOT_YOURS) and the stored creation time are ingest_events' to check.
create function private.patient_context_payload_problem(p_payload jsonb, p_occurred_at timestamptz) returns text
language sql stable
as $$
  select coalesce(
    private.uuid_field_problem(p_payload, 'context_id'),
    private.iso_time_field_problem(p_payload, 'created_at'),
    private.iso_time_field_problem(p_payload, 'expires_at'),
    case when jsonb_typeof(p_payload -> 'phi_sealed') is distinct from 'object' then 'payload.phi_sealed must be an object' end,
    private.text_field_problem(p_payload -> 'phi_sealed', 'iv', 64, true, 'payload.phi_sealed.'),
    private.text_field_problem(p_payload -> 'phi_sealed', 'data', 200000, true, 'payload.phi_sealed.'),
    case when (p_payload -> 'phi_sealed') - 'iv' - 'data' <> '{}'::jsonb
      then 'payload.phi_sealed holds only iv and data: the server never receives patient fields in the clear' end,
    case when (p_payload ->> 'expires_at')::timestamptz <> (p_payload ->> 'created_at')::timestamptz + interval '24 hours'
      then 'payload.expires_at must be exactly 24 hours after payload.created_at' end,
    case when p_occurred_at < (p_payload ->> 'created_at')::timestamptz
      then 'occurred_at cannot be earlier than payload.created_at: a context is saved when or after it is created' end)
$$;

revoke all on function
  private.uuid_pattern(), private.plain_iso_time_pattern(), private.is_uuid_text(text), private.all_match(text, bigint, text),
  private.text_field_problem(jsonb, text, integer, boolean, text), private.uuid_field_problem(jsonb, text, boolean),
  private.number_field_problem(jsonb, text, boolean, text), private.is_plain_iso_time(text),
  private.timestamptz_input_problem(text), private.iso_time_field_problem(jsonb, text),
  private.are_dose_warnings(jsonb, integer), private.narrative_payload_problem(jsonb),
  private.protocol_usage_payload_problem(jsonb), private.dosing_calculation_payload_problem(jsonb),
  private.audit_payload_problem(jsonb), private.patient_context_payload_problem(jsonb, timestamptz)
  from public;
