-- The payloads of the outbox events devices send (src/domain/outbox/event.ts and src/data/*),
-- checked field by field and written to their tables. ingest_events (next migration) calls one
-- writer per event inside its own subtransaction: a writer raises to refuse an event, with a
-- message that names the field and says what it must be, and the stable code in DETAIL.

-- Field readers: each returns the field or raises 22023 with DETAIL 'PAYLOAD_INVALID'.
-- Volatile on purpose: an immutable function called with constants is evaluated when the
-- statement is planned, which would raise before the condition guarding it is tested.
create function private.refuse_payload(p_message text) returns void
language plpgsql volatile set search_path = ''
as $$
begin
  raise exception using errcode = '22023', message = p_message, detail = 'PAYLOAD_INVALID';
end
$$;

-- p_path names the object in messages, for fields nested in the payload (payload.dose.).
create function private.payload_text(
  p_payload jsonb, p_key text, p_max_length integer, p_required boolean default true, p_path text default 'payload.')
returns text
language plpgsql immutable set search_path = ''
as $$
declare
  field jsonb := p_payload -> p_key;
begin
  if field is null or field = 'null'::jsonb then
    if p_required then
      perform private.refuse_payload(format('%s%s is required', p_path, p_key));
    end if;
    return null;
  end if;
  if jsonb_typeof(field) <> 'string' or length(field #>> '{}') not between 1 and p_max_length then
    perform private.refuse_payload(format('%s%s must be text of 1 to %s characters', p_path, p_key, p_max_length));
  end if;
  return field #>> '{}';
end
$$;

create function private.payload_uuid(p_payload jsonb, p_key text, p_required boolean default true) returns uuid
language plpgsql immutable set search_path = ''
as $$
declare
  field text := private.payload_text(p_payload, p_key, 36, p_required);
begin
  if field is not null and field !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
    perform private.refuse_payload(format('payload.%s must be a UUID', p_key));
  end if;
  return field::uuid;
end
$$;

-- ISO 8601 with an offset, as the device's Date.toISOString() writes it.
create function private.payload_timestamptz(p_payload jsonb, p_key text) returns timestamptz
language plpgsql stable set search_path = ''
as $$
declare
  field text := private.payload_text(p_payload, p_key, 40);
begin
  if field !~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$' then
    perform private.refuse_payload(format('payload.%s must be an ISO 8601 time with its offset, e.g. 2026-11-25T08:30:00.000Z', p_key));
  end if;
  return field::timestamptz;
end
$$;

create function private.payload_number(
  p_payload jsonb, p_key text, p_required boolean default true, p_path text default 'payload.') returns numeric
language plpgsql immutable set search_path = ''
as $$
declare
  field jsonb := p_payload -> p_key;
begin
  if field is null or field = 'null'::jsonb then
    if p_required then
      perform private.refuse_payload(format('%s%s is required', p_path, p_key));
    end if;
    return null;
  end if;
  if jsonb_typeof(field) <> 'number' then
    perform private.refuse_payload(format('%s%s must be a number', p_path, p_key));
  end if;
  return (field #>> '{}')::numeric;
end
$$;

create function private.payload_boolean(p_payload jsonb, p_key text) returns boolean
language plpgsql immutable set search_path = ''
as $$
begin
  if jsonb_typeof(p_payload -> p_key) is distinct from 'boolean' then
    perform private.refuse_payload(format('payload.%s must be true or false', p_key));
  end if;
  return (p_payload ->> p_key)::boolean;
end
$$;

create function private.payload_object(p_payload jsonb, p_key text) returns jsonb
language plpgsql immutable set search_path = ''
as $$
begin
  if jsonb_typeof(p_payload -> p_key) is distinct from 'object' then
    perform private.refuse_payload(format('payload.%s must be an object', p_key));
  end if;
  return p_payload -> p_key;
end
$$;

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

-- narrative: {narrative_id?, context_id?, format: soap|chronological|nemsis, content}
create function private.write_narrative_event(
  p_id uuid, p_occurred_at timestamptz, p_payload jsonb, p_user public.users, p_session_id uuid) returns void
language plpgsql set search_path = ''
as $$
declare
  narrative_format text := private.payload_text(p_payload, 'format', 20);
begin
  if narrative_format not in ('soap', 'chronological', 'nemsis') then
    perform private.refuse_payload('payload.format must be soap, chronological or nemsis');
  end if;
  insert into public.narrative_history (
    id, narrative_id, user_id, department_id, station_id, session_id, context_id, format, content, created_at)
  values (
    p_id, coalesce(private.payload_uuid(p_payload, 'narrative_id', false), p_id), p_user.id, p_user.department_id,
    p_user.station_id, p_session_id, private.payload_uuid(p_payload, 'context_id', false),
    narrative_format::public.narrative_format, private.payload_text(p_payload, 'content', 50000), p_occurred_at);
end
$$;

-- protocol_usage: {tp_code, action: viewed|applied, query?, context_id?, dataset_version?}
create function private.write_protocol_usage_event(
  p_id uuid, p_occurred_at timestamptz, p_payload jsonb, p_user public.users, p_session_id uuid) returns void
language plpgsql set search_path = ''
as $$
declare
  tp_code text := private.payload_text(p_payload, 'tp_code', 6);
  usage_action text := private.payload_text(p_payload, 'action', 10);
begin
  if tp_code !~ '^\d{4}(-P)?$' then
    perform private.refuse_payload('payload.tp_code must be a protocol code such as 1211 or 1210-P');
  end if;
  if usage_action not in ('viewed', 'applied') then
    perform private.refuse_payload('payload.action must be viewed or applied');
  end if;
  insert into public.protocol_usage (
    id, user_id, department_id, station_id, session_id, context_id, tp_code, action, query, dataset_version, created_at)
  values (
    p_id, p_user.id, p_user.department_id, p_user.station_id, p_session_id,
    private.payload_uuid(p_payload, 'context_id', false), tp_code, usage_action::public.protocol_usage_action,
    private.payload_text(p_payload, 'query', 200, false), private.payload_text(p_payload, 'dataset_version', 40, false),
    p_occurred_at);
end
$$;

-- dosing_calculation: {context_id, medication, route, indication, inputs, dose: {value, unit},
-- volume_ml (null for tablets and inhalers), concentration, color, capped,
-- warnings: [{code, severity, message}], formulary_version} (src/data/dosing-records.ts)
create function private.write_dosing_calculation_event(
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

-- audit: {action, details} with flat details (src/domain/audit/actions.ts). Any snake_case
-- action is taken, so a new app version can add actions without a server release.
create function private.write_audit_event(
  p_id uuid, p_occurred_at timestamptz, p_payload jsonb, p_user public.users, p_session_id uuid) returns void
language plpgsql set search_path = ''
as $$
declare
  audit_action text := private.payload_text(p_payload, 'action', 64);
  details jsonb := coalesce(p_payload -> 'details', '{}');
begin
  if audit_action !~ '^[a-z][a-z0-9_]{0,63}$' then
    perform private.refuse_payload('payload.action must be a snake_case action name such as protocol_viewed');
  end if;
  if jsonb_typeof(details) <> 'object'
     or exists (select 1 from jsonb_each(details) d where jsonb_typeof(d.value) in ('object', 'array')) then
    perform private.refuse_payload('payload.details must be an object of plain values (text, numbers, true/false, null)');
  end if;
  perform private.ensure_audit_log_partition(p_occurred_at);
  insert into public.audit_logs (id, occurred_at, user_id, department_id, station_id, session_id, source, action, details)
  values (p_id, p_occurred_at, p_user.id, p_user.department_id, p_user.station_id, p_session_id, 'device', audit_action, details);
end
$$;

-- patient_context: {context_id, created_at, expires_at, phi_sealed: {iv, data}}
-- (src/data/patient-contexts.ts). A context is saved again when its fields change: the same
-- context_id with new ciphertext, which replaces the old one. Expired PHI is never stored.
create function private.write_patient_context_event(
  p_id uuid, p_occurred_at timestamptz, p_payload jsonb, p_user public.users, p_session_id uuid) returns void
language plpgsql set search_path = ''
as $$
declare
  context_id uuid := private.payload_uuid(p_payload, 'context_id');
  context_created_at timestamptz := private.payload_timestamptz(p_payload, 'created_at');
  context_expires_at timestamptz := private.payload_timestamptz(p_payload, 'expires_at');
  sealed jsonb := private.payload_object(p_payload, 'phi_sealed');
  existing public.patient_contexts;
begin
  perform private.payload_text(sealed, 'iv', 64, true, 'payload.phi_sealed.');
  perform private.payload_text(sealed, 'data', 200000, true, 'payload.phi_sealed.');
  if sealed - 'iv' - 'data' <> '{}'::jsonb then
    perform private.refuse_payload('payload.phi_sealed holds only iv and data: the server never receives patient fields in the clear');
  end if;
  if context_expires_at <> context_created_at + interval '24 hours' then
    perform private.refuse_payload('payload.expires_at must be exactly 24 hours after payload.created_at');
  end if;
  if p_occurred_at < context_created_at then
    perform private.refuse_payload('occurred_at cannot be earlier than payload.created_at: a context is saved when or after it is created');
  end if;
  if context_expires_at <= now() then
    raise exception using errcode = '22023', detail = 'CONTEXT_EXPIRED',
      message = format('patient context %s expired at %s; its data is no longer accepted', context_id, context_expires_at);
  end if;

  select * into existing from public.patient_contexts pc where pc.id = context_id for update;
  if existing.id is null then
    insert into public.patient_contexts (
      id, user_id, department_id, station_id, session_id, created_at, expires_at, phi_sealed, last_event_id)
    values (
      context_id, p_user.id, p_user.department_id, p_user.station_id, p_session_id, context_created_at, context_expires_at,
      sealed, p_id);
  elsif existing.user_id <> p_user.id then
    raise exception using errcode = '42501', detail = 'CONTEXT_NOT_YOURS',
      message = format('patient context %s belongs to another user', context_id);
  elsif existing.created_at <> context_created_at then
    perform private.refuse_payload(format('payload.created_at differs from the stored creation time of context %s', context_id));
  else
    update public.patient_contexts pc set phi_sealed = sealed, session_id = p_session_id, last_event_id = p_id
    where pc.id = context_id;
  end if;
end
$$;

revoke all on function
  private.refuse_payload(text), private.payload_text(jsonb, text, integer, boolean, text), private.payload_uuid(jsonb, text, boolean),
  private.payload_timestamptz(jsonb, text), private.payload_number(jsonb, text, boolean, text), private.payload_boolean(jsonb, text),
  private.payload_object(jsonb, text), private.payload_warning_list(jsonb, text, integer),
  private.write_narrative_event(uuid, timestamptz, jsonb, public.users, uuid),
  private.write_protocol_usage_event(uuid, timestamptz, jsonb, public.users, uuid),
  private.write_dosing_calculation_event(uuid, timestamptz, jsonb, public.users, uuid),
  private.write_audit_event(uuid, timestamptz, jsonb, public.users, uuid),
  private.write_patient_context_event(uuid, timestamptz, jsonb, public.users, uuid)
  from public;
