-- ingest_events: the one write path of the app. A device sends a batch of outbox events
-- {id, kind, occurred_at, payload}; each is checked and written to its table as a record of
-- the caller, or refused with a reason, without affecting the others. `id` is the idempotency
-- key: an event seen before is reported `duplicate` and never written twice.
--
-- Rate limits (rate_limits migration): a batch is one API and one GLOBAL request; every
-- dosing_calculation is one DOSING request and every patient_context one PHI request. Events
-- over a limit come back `rejected` with code RATE_LIMITED (BANNED while a ban lasts), and the
-- response carries HTTP 429 with Retry-After (PostgREST's response.status and response.headers).
-- Those two codes mean "send again later": a client must keep such events queued.

-- Every event id ever accepted, with its kind and time, so that a replay is recognised even
-- after its record has been purged by retention (retention purges the ledger with the records).
create table private.ingested_events (
  id uuid primary key,
  kind text not null,
  user_id uuid not null,
  occurred_at timestamptz not null,
  received_at timestamptz not null default now()
);
create index ingested_events_kind_occurred_at_idx on private.ingested_events (kind, occurred_at);
alter table private.ingested_events enable row level security;

-- How long each kind is kept (retention migration); an event older than that is refused, since
-- it would be purged at once and its ledger entry with it.
create function private.retention_of(p_kind text) returns interval
language sql immutable set search_path = ''
as $$
  select case p_kind
    when 'protocol_usage' then interval '90 days'
    when 'dosing_calculation' then interval '6 years'
    when 'audit' then interval '6 years'
    when 'patient_context' then interval '24 hours'
  end
$$;

create function private.rejection(p_event jsonb, p_code text, p_reason text) returns jsonb
language sql immutable set search_path = ''
as $$
  select jsonb_build_object('id', p_event -> 'id', 'status', 'rejected', 'code', p_code, 'reason', p_reason)
$$;

create function public.ingest_events(events jsonb) returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  caller public.users;
  device_session_id uuid := nullif(auth.jwt() ->> 'session_id', '')::uuid;
  event jsonb;
  event_position bigint;
  event_id uuid;
  event_kind text;
  event_occurred_at timestamptz;
  results jsonb[] := '{}'::jsonb[];
  accepted integer := 0;
  duplicates integer := 0;
  rejected integer := 0;
  limited integer := 0;
  oldest_accepted timestamptz;
  retry_after integer := 0;
  limit_result record;
  taken record;
  limited_positions bigint[] := '{}'::bigint[];
  ban_ends timestamptz;
  error_code text;
  error_message text;
  violated text;
  uuid_pattern constant text := '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
begin
  select * into caller from public.users u where u.id = auth.uid() and u.deleted_at is null;
  if caller.id is null then
    raise exception using errcode = '42501',
      message = 'sign in with an account that has an active Rigside profile to sync records',
      hint = 'an agency admin creates the profile (public.users) for each Supabase Auth user';
  end if;
  if jsonb_typeof(events) is distinct from 'array' then
    raise exception using errcode = '22023', message = 'events must be a JSON array of {id, kind, occurred_at, payload}';
  end if;
  if jsonb_array_length(events) > 1000 then
    raise exception using errcode = '22023', message = 'send at most 1000 events per batch';
  end if;

  -- A banned user, or one over the per-call limits, gets every event back for later.
  ban_ends := private.banned_until(caller.id, now());
  if ban_ends is not null then
    retry_after := ceil(extract(epoch from ban_ends - now()))::integer;
    select array_agg(private.rejection(e, 'BANNED', format('too many limit violations: syncing is suspended until %s', ban_ends)))
      into results from jsonb_array_elements(events) as e;
    limited := jsonb_array_length(events);
  else
    for limit_result in
      select s.scope, t.granted, t.retry_after_seconds
      from unnest(array['API', 'GLOBAL']) as s (scope)
      cross join lateral private.take_rate_limit(s.scope, 1) as t
    loop
      if limit_result.granted = 0 then
        retry_after := greatest(retry_after, limit_result.retry_after_seconds);
        select array_agg(private.rejection(e, 'RATE_LIMITED',
            format('over the %s limit; send again in %s s', limit_result.scope, retry_after)))
          into results from jsonb_array_elements(events) as e;
        limited := jsonb_array_length(events);
      end if;
    end loop;
  end if;

  if limited = 0 then
    -- Per-event limits: count the events of each limited kind that would be new, take that many
    -- requests, and hold back the ones beyond what the window allows, latest first.
    for limit_result in
      with candidates as (
        select e.position, case e.value ->> 'kind' when 'dosing_calculation' then 'DOSING' else 'PHI' end as scope
        from jsonb_array_elements(events) with ordinality as e (value, position)
        where e.value ->> 'kind' in ('dosing_calculation', 'patient_context')
          and coalesce(e.value ->> 'id', '') ~ uuid_pattern
          and not exists (select 1 from private.ingested_events l where l.id = (e.value ->> 'id')::uuid)
      )
      select c.scope, array_agg(c.position order by c.position) as positions from candidates c group by c.scope
    loop
      taken := private.take_rate_limit(limit_result.scope, cardinality(limit_result.positions));
      if taken.granted < cardinality(limit_result.positions) then
        limited_positions := limited_positions || limit_result.positions[taken.granted + 1:];
        retry_after := greatest(retry_after, taken.retry_after_seconds);
      end if;
    end loop;

    for event, event_position in select e.value, e.position from jsonb_array_elements(events) with ordinality as e (value, position) loop
      if event_position = any (limited_positions) then
        results := results || private.rejection(event, 'RATE_LIMITED',
          format('over the %s limit; send again in %s s',
            case event ->> 'kind' when 'dosing_calculation' then 'DOSING' else 'PHI' end, retry_after));
        limited := limited + 1;
        continue;
      end if;

      begin
        if jsonb_typeof(event) is distinct from 'object' or coalesce(event ->> 'id', '') !~ uuid_pattern then
          raise exception using errcode = '22023', detail = 'EVENT_INVALID', message = 'id must be the event''s UUID';
        end if;
        event_id := (event ->> 'id')::uuid;
        event_kind := event ->> 'kind';
        if event_kind is null or event_kind not in ('narrative', 'protocol_usage', 'dosing_calculation', 'audit', 'patient_context') then
          raise exception using errcode = '22023', detail = 'EVENT_INVALID',
            message = 'kind must be narrative, protocol_usage, dosing_calculation, audit or patient_context';
        end if;
        if jsonb_typeof(event -> 'payload') is distinct from 'object' then
          raise exception using errcode = '22023', detail = 'EVENT_INVALID', message = 'payload must be an object';
        end if;
        if coalesce(event ->> 'occurred_at', '') !~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$' then
          raise exception using errcode = '22023', detail = 'EVENT_INVALID',
            message = 'occurred_at must be an ISO 8601 time with its offset, e.g. 2026-11-25T08:30:00.000Z';
        end if;
        event_occurred_at := (event ->> 'occurred_at')::timestamptz;

        -- The ledger decides: a row that exists (or that a concurrent batch just wrote) is a replay.
        insert into private.ingested_events (id, kind, user_id, occurred_at)
        values (event_id, event_kind, caller.id, event_occurred_at)
        on conflict (id) do nothing;
        if not found then
          results := results || jsonb_build_object('id', event_id, 'status', 'duplicate', 'code', null, 'reason', null);
          duplicates := duplicates + 1;
          continue;
        end if;

        if event_occurred_at > now() + interval '1 hour' then
          raise exception using errcode = '22023', detail = 'EVENT_IN_FUTURE',
            message = format('occurred_at %s is ahead of the server''s clock; check the device''s date and time', event_occurred_at);
        end if;
        if event_occurred_at < now() - private.retention_of(event_kind) then
          raise exception using errcode = '22023', detail = 'EVENT_PAST_RETENTION',
            message = format('a %s event from %s is older than the %s it would be kept', event_kind, event_occurred_at, private.retention_of(event_kind));
        end if;

        case event_kind
          when 'narrative' then perform private.write_narrative_event(event_id, event_occurred_at, event -> 'payload', caller, device_session_id);
          when 'protocol_usage' then perform private.write_protocol_usage_event(event_id, event_occurred_at, event -> 'payload', caller, device_session_id);
          when 'dosing_calculation' then perform private.write_dosing_calculation_event(event_id, event_occurred_at, event -> 'payload', caller, device_session_id);
          when 'audit' then perform private.write_audit_event(event_id, event_occurred_at, event -> 'payload', caller, device_session_id);
          when 'patient_context' then perform private.write_patient_context_event(event_id, event_occurred_at, event -> 'payload', caller, device_session_id);
        end case;

        results := results || jsonb_build_object('id', event_id, 'status', 'accepted', 'code', null, 'reason', null);
        accepted := accepted + 1;
        oldest_accepted := least(oldest_accepted, event_occurred_at);
      exception when others then
        -- The subtransaction is gone, ledger row included: the event can be sent again once fixed.
        get stacked diagnostics error_code = pg_exception_detail, error_message = message_text, violated = constraint_name;
        if sqlstate = '23505' and violated in ('narrative_history_pkey', 'protocol_usage_pkey', 'dosing_calculations_pkey', 'audit_logs_pkey') then
          -- The record is there already, written without the ledger (a direct insert): a replay.
          results := results || jsonb_build_object('id', event_id, 'status', 'duplicate', 'code', null, 'reason', null);
          duplicates := duplicates + 1;
          continue;
        end if;
        if coalesce(error_code, '') !~ '^[A-Z_]+$' then
          error_code := case when sqlstate like '22%' or sqlstate like '23%' then 'PAYLOAD_INVALID' else 'EVENT_REFUSED' end;
        end if;
        results := results || private.rejection(event, error_code, error_message);
        rejected := rejected + 1;
      end;
    end loop;
  end if;

  -- The device this batch came from: what the supervisors' sync health reads.
  if device_session_id is not null then
    insert into public.sessions as s (id, user_id, department_id, station_id, device_label, last_seen_at, expires_at)
    values (device_session_id, caller.id, caller.department_id, caller.station_id,
            left(nullif(current_setting('request.headers', true), '')::jsonb ->> 'user-agent', 200),
            now(), now() + interval '90 days')
    on conflict (id) do update set
      last_seen_at = excluded.last_seen_at, expires_at = excluded.expires_at,
      station_id = excluded.station_id, device_label = coalesce(excluded.device_label, s.device_label)
    where s.user_id = excluded.user_id;
  end if;

  insert into public.metrics (name, value, labels, user_id, session_id, department_id, station_id)
  values ('ingest.batch', jsonb_array_length(events), jsonb_build_object(
      'accepted', accepted, 'duplicate', duplicates, 'rejected', rejected, 'rate_limited', limited,
      'lag_seconds', coalesce(floor(extract(epoch from now() - oldest_accepted)), 0)),
    caller.id, device_session_id, caller.department_id, caller.station_id);

  if limited > 0 then
    perform set_config('response.status', '429', true);
    perform set_config('response.headers', jsonb_build_array(jsonb_build_object('Retry-After', greatest(retry_after, 1)::text))::text, true);
  end if;
  return coalesce(to_jsonb(results), '[]');
end
$$;

revoke all on function public.ingest_events(jsonb) from public, anon;
grant execute on function public.ingest_events(jsonb) to authenticated;

revoke all on function private.retention_of(text), private.rejection(jsonb, text, text) from public;
