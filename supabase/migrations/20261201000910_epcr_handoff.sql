-- The ePCR hand-off (issue 16). When a crew closes a call on the device, the device sends a
-- `call_closed` event through ingest_events carrying the call's encounter (the NEMSIS export's
-- input, src/domain/nemsis/encounter.ts). The server queues it in epcr_submissions, the design's
-- imagetrend_sync named for what it does (that table never held a row and goes). A Supabase Edge
-- Function (supabase/functions/epcr-handoff) claims due rows with `for update skip locked`
-- (claim_epcr_submissions), builds the NEMSIS XML, submits it with the NEMSIS V3 web service
-- (SubmitData, then RetrieveStatus while the answer is "still processing") and reports each
-- answer (report_epcr_submission), which applies the design's schedule: a retryable failure is
-- tried again after 1, 2 and 4 minutes, at most 3 retries, then the row is `failed`; a rejection
-- for the schema, the rules, a duplicate or the credentials goes straight to `needs_correction`;
-- an accepted-with-warnings answer is kept with its warnings. Credentials never leave the server
-- (function secrets). Crews see their own calls' hand-off and supervisors their department's
-- (list_epcr_submissions). Encounters are PHI: kept 30 days like narratives.

drop table public.imagetrend_sync;
drop type public.imagetrend_sync_status;

create type public.epcr_submission_status as enum (
  'queued', 'processing', 'sent', 'sent_with_warnings', 'needs_correction', 'failed');

create table public.epcr_submissions (
  -- The call_closed event's id (its idempotency key).
  id uuid primary key,
  user_id uuid not null references public.users (id),
  department_id uuid not null references public.departments (id),
  station_id uuid references public.stations (id),
  session_id uuid,
  context_id uuid,
  -- PatientCareReport/@UUID and eRecord.01 of the report.
  report_uuid uuid not null,
  pcr_number text not null check (length(pcr_number) between 3 and 50),
  -- The call as the device closed it; null once purged.
  encounter jsonb check (jsonb_typeof(encounter) = 'object'),
  status public.epcr_submission_status not null default 'queued',
  -- Failed attempts so far; the fourth (the third retry) is the last.
  attempts integer not null default 0 check (attempts between 0 and 4),
  -- When a runner should next take it; null when nothing more is to be done.
  next_attempt_at timestamptz,
  -- A runner's claim: its token, and when the claim lapses if the runner dies.
  claim_token uuid,
  claimed_until timestamptz,
  -- The receiver's handle for RetrieveStatus while it is still processing.
  request_handle text check (length(request_handle) <= 200),
  last_status_code integer,
  last_error text check (length(last_error) <= 2000),
  warnings text check (length(warnings) <= 20000),
  closed_at timestamptz not null,
  sent_at timestamptz,
  received_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint epcr_submissions_done_check check (
    (status in ('queued', 'processing')) = (next_attempt_at is not null))
);
create index epcr_submissions_due_idx on public.epcr_submissions (next_attempt_at)
  where status in ('queued', 'processing');
create index epcr_submissions_department_id_closed_at_idx on public.epcr_submissions (department_id, closed_at desc);
create index epcr_submissions_user_id_closed_at_idx on public.epcr_submissions (user_id, closed_at desc);

create trigger epcr_submissions_touch_updated_at before update on public.epcr_submissions
  for each row execute function private.touch_updated_at();

alter table public.epcr_submissions enable row level security;
revoke all on public.epcr_submissions from public, anon, authenticated;
grant select on public.epcr_submissions to authenticated;
grant all on public.epcr_submissions to service_role;
create policy "users read own hand-offs, supervisors their department's" on public.epcr_submissions
  for select to authenticated
  using (user_id = (select auth.uid())
    or ((select private.is_supervisor()) and department_id = (select private.current_department_id())));

-- call_closed: {context_id?, encounter: {reportUuid, pcrNumber, ...}}. The encounter's own rules
-- are the export's (the device checks them before it queues; the hand-off reports any it breaks).
create function private.call_closed_payload_problem(p_payload jsonb) returns text
language sql stable
as $$
  select coalesce(
    private.uuid_field_problem(p_payload, 'context_id', false),
    case when jsonb_typeof(p_payload -> 'encounter') is distinct from 'object' then 'payload.encounter must be an object' end,
    private.text_field_problem(p_payload -> 'encounter', 'pcrNumber', 50, true, 'payload.encounter.'),
    case when length(p_payload -> 'encounter' ->> 'pcrNumber') < 3 then 'payload.encounter.pcrNumber must have 3 to 50 characters' end,
    case when coalesce(p_payload -> 'encounter' ->> 'reportUuid', '')
           !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'
      then 'payload.encounter.reportUuid must be a UUID of version 1 to 5' end)
$$;
revoke all on function private.call_closed_payload_problem(jsonb) from public;

-- An encounter is kept as long as a narrative (it holds the narrative and the patient's facts).
create or replace function private.retention_of(p_kind text) returns interval
language sql immutable set search_path = ''
as $$
  select case p_kind
    when 'narrative' then interval '30 days'
    when 'call_closed' then interval '30 days'
    when 'protocol_usage' then interval '90 days'
    when 'dosing_calculation' then interval '6 years'
    when 'audit' then interval '6 years'
    when 'patient_context' then interval '24 hours'
  end
$$;

-- ingest_events and its writer as in 20261201000120_ingest_events_set_based.sql, with the
-- call_closed kind added to the envelope check, the payload checks, the retention join, the
-- lookup of earlier writes and the writer.

create or replace function private.write_ingested_records(p_items private.ingest_item[], p_user public.users, p_session_id uuid)
returns void
language plpgsql set search_path = ''
set plan_cache_mode = force_generic_plan
as $$
begin
  insert into public.narrative_history (
    id, narrative_id, user_id, department_id, station_id, session_id, context_id, format, content, created_at)
  select i.id, coalesce((i.payload ->> 'narrative_id')::uuid, i.id), p_user.id, p_user.department_id, p_user.station_id,
         p_session_id, (i.payload ->> 'context_id')::uuid, (i.payload ->> 'format')::public.narrative_format,
         i.payload ->> 'content', i.occurred_at
  from unnest(p_items) as i
  where i.status = 'accepted' and i.kind = 'narrative';

  insert into public.protocol_usage (
    id, user_id, department_id, station_id, session_id, context_id, tp_code, action, query, dataset_version, created_at)
  select i.id, p_user.id, p_user.department_id, p_user.station_id, p_session_id, (i.payload ->> 'context_id')::uuid,
         i.payload ->> 'tp_code', (i.payload ->> 'action')::public.protocol_usage_action, i.payload ->> 'query',
         i.payload ->> 'dataset_version', i.occurred_at
  from unnest(p_items) as i
  where i.status = 'accepted' and i.kind = 'protocol_usage';

  insert into public.dosing_calculations (
    id, user_id, department_id, station_id, session_id, context_id, medication, route, indication, inputs,
    dose_value, dose_unit, volume_ml, concentration, color, capped, warnings, formulary_version, created_at)
  select i.id, p_user.id, p_user.department_id, p_user.station_id, p_session_id, (i.payload ->> 'context_id')::uuid,
         i.payload ->> 'medication', i.payload ->> 'route', i.payload ->> 'indication', i.payload -> 'inputs',
         (i.payload -> 'dose' ->> 'value')::numeric, i.payload -> 'dose' ->> 'unit', (i.payload ->> 'volume_ml')::numeric,
         i.payload ->> 'concentration', i.payload ->> 'color', (i.payload ->> 'capped')::boolean, i.payload -> 'warnings',
         i.payload ->> 'formulary_version', i.occurred_at
  from unnest(p_items) as i
  where i.status = 'accepted' and i.kind = 'dosing_calculation';

  -- ensure_audit_log_partition's bounds are ingest_events' time checks; each month once.
  perform public.create_audit_log_partition(m.month)
  from (
    select distinct date_trunc('month', i.occurred_at at time zone 'UTC')::date as month
    from unnest(p_items) as i
    where i.status = 'accepted' and i.kind = 'audit'
  ) m;
  insert into public.audit_logs (id, occurred_at, user_id, department_id, station_id, session_id, source, action, details)
  select i.id, i.occurred_at, p_user.id, p_user.department_id, p_user.station_id, p_session_id, 'device',
         i.payload ->> 'action', coalesce(i.payload -> 'details', '{}')
  from unnest(p_items) as i
  where i.status = 'accepted' and i.kind = 'audit';

  -- A call closed on the device: its encounter waits for the ePCR hand-off, due at once.
  insert into public.epcr_submissions (
    id, user_id, department_id, station_id, session_id, context_id, report_uuid, pcr_number, encounter, closed_at, next_attempt_at)
  select i.id, p_user.id, p_user.department_id, p_user.station_id, p_session_id, (i.payload ->> 'context_id')::uuid,
         (i.payload -> 'encounter' ->> 'reportUuid')::uuid, i.payload -> 'encounter' ->> 'pcrNumber', i.payload -> 'encounter',
         i.occurred_at, now()
  from unnest(p_items) as i
  where i.status = 'accepted' and i.kind = 'call_closed';
end
$$;

create or replace function public.ingest_events(events jsonb) returns jsonb
language plpgsql security definer set search_path = ''
-- The same plan for every batch: a plan made for one batch's values is no better, and making it
-- costs as much as running it.
set plan_cache_mode = force_generic_plan
as $$
declare
  caller public.users;
  device_session_id uuid := nullif(auth.jwt() ->> 'session_id', '')::uuid;
  iso_time_pattern constant text := '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$';
  ban_ends timestamptz;
  refusal_code text;
  refusal_message text;
  call_retry_after integer := 0;
  limited_scope text;
  taken record;
  ids_ok boolean;
  times_ok boolean;
  device_ids_ok boolean;
  dosing_ordinals integer[];
  phi_ordinals integer[];
  limited_ordinals integer[];
  held_ordinals integer[] := '{}'::integer[];
  held_retry_after integer[] := '{}'::integer[];
  items private.ingest_item[];
  to_accept integer;
  saves_contexts boolean;
  ledger_ids uuid[];
  changed_ids uuid[];
  results jsonb;
  accepted integer := 0;
  duplicates integer := 0;
  rejected integer := 0;
  limited integer := 0;
  oldest_accepted timestamptz;
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
    refusal_code := 'BANNED';
    call_retry_after := ceil(extract(epoch from ban_ends - now()))::integer;
    refusal_message := format('too many limit violations: syncing is suspended until %s', ban_ends);
  else
    foreach limited_scope in array array['API', 'GLOBAL'] loop
      taken := private.take_rate_limit(limited_scope, 1);
      if taken.granted = 0 then
        refusal_code := 'RATE_LIMITED';
        call_retry_after := greatest(call_retry_after, taken.retry_after_seconds);
        refusal_message := format('over the %s limit; send again in %s s', limited_scope, call_retry_after);
      end if;
    end loop;
  end if;

  if refusal_code is not null then
    call_retry_after := greatest(call_retry_after, 1);
    limited := jsonb_array_length(events);
    results := jsonb_build_object(
      'code', refusal_code, 'message', refusal_message, 'details', null, 'hint', null,
      'retry_after_seconds', call_retry_after,
      'results', coalesce((
        select to_jsonb(array_agg(row(e.value -> 'id', 'rejected', refusal_code, refusal_message, call_retry_after)::private.ingest_verdict
                                  order by e.ordinal))
        from jsonb_array_elements(events) with ordinality as e (value, ordinal)), '[]'));
  else
    -- Whether every id, time and device id of the batch is well-formed and safe to cast, in one
    -- regex call each: then no event needs these checks one by one. And the events of each kind
    -- with a per-event limit that would be new.
    select private.all_match(b.ids, b.events, private.uuid_pattern()),
           private.all_match(b.times, b.events, private.plain_iso_time_pattern()),
           private.all_match(b.device_ids, b.device_events, private.uuid_pattern()),
           b.dosing_ordinals, b.phi_ordinals
      into ids_ok, times_ok, device_ids_ok, dosing_ordinals, phi_ordinals
    from (
      select string_agg(coalesce(e.value ->> 'id', ''), ',') as ids, string_agg(coalesce(e.value ->> 'occurred_at', ''), ',') as times,
             count(*) as events,
             string_agg(e.value ->> 'device_id', ',') filter (where nullif(e.value -> 'device_id', 'null') is not null) as device_ids,
             count(*) filter (where nullif(e.value -> 'device_id', 'null') is not null) as device_events,
             array_agg(e.ordinal::integer order by e.ordinal) filter (where e.value ->> 'kind' = 'dosing_calculation' and e.new) as dosing_ordinals,
             array_agg(e.ordinal::integer order by e.ordinal) filter (where e.value ->> 'kind' = 'patient_context' and e.new) as phi_ordinals
      from (
        select e.value, e.ordinal,
               case when e.value ->> 'kind' in ('dosing_calculation', 'patient_context') and private.is_uuid_text(e.value ->> 'id')
                 then not exists (select 1 from private.ingested_events l where l.id = (e.value ->> 'id')::uuid)
                 else false end as new
        from jsonb_array_elements(events) with ordinality as e (value, ordinal)
      ) e
    ) b;

    -- Per-event limits: take as many requests as there are new events of each limited kind, and
    -- hold back the ones beyond what the window allows, latest first.
    foreach limited_scope in array array['DOSING', 'PHI'] loop
      limited_ordinals := case limited_scope when 'DOSING' then dosing_ordinals else phi_ordinals end;
      continue when coalesce(cardinality(limited_ordinals), 0) = 0;
      taken := private.take_rate_limit(limited_scope, cardinality(limited_ordinals));
      if taken.granted < cardinality(limited_ordinals) then
        held_ordinals := held_ordinals || limited_ordinals[taken.granted + 1:];
        held_retry_after := held_retry_after || array_fill(greatest(taken.retry_after_seconds, 1),
          array[cardinality(limited_ordinals) - taken.granted]);
      end if;
    end loop;

    -- Every event judged at once, each check in the order the per-event writers made them: held
    -- back, envelope, ledger (a replay is a duplicate whatever else is wrong with it), time,
    -- payload. Of several copies of one id in the batch, the first valid one is the event and
    -- the later ones its duplicates. Nothing here raises for any input: casts come after the
    -- checks that make them safe (CASE and COALESCE evaluate in order). Each step is a subquery
    -- of its own (OFFSET 0 keeps the planner from merging them), so that each value is computed
    -- once per event and read by the next step as a column.
    select array_agg(row(
             v.ordinal, v.raw_id, v.id, v.kind, v.occurred_at, v.payload, v.device_id, v.device_seq,
             v.verdict[1], v.verdict[2], v.verdict[3], v.held_retry_after)::private.ingest_item order by v.ordinal),
           count(*) filter (where v.verdict[1] = 'accepted'),
           count(*) filter (where v.verdict[1] = 'accepted' and v.kind = 'patient_context') > 0
      into items, to_accept, saves_contexts
    from (
      select w.*,
        case
          when w.held_retry_after is not null then array['rejected', 'RATE_LIMITED', format('over the %s limit; send again in %s s',
            case w.kind when 'dosing_calculation' then 'DOSING' else 'PHI' end, w.held_retry_after)]
          when w.envelope_problem is not null then array['rejected', 'EVENT_INVALID', w.envelope_problem]
          when w.time_problem is not null then array['rejected', 'PAYLOAD_INVALID', w.time_problem]
          when w.ledger_user_id = caller.id then array['duplicate', null, null]
          when w.ledger_user_id is not null then array['rejected', 'ID_TAKEN', format(
            'id %s belongs to an event another user sent; every event needs an id of its own (a new UUID v7)', w.id)]
          when w.first_valid_ordinal < w.ordinal then array['duplicate', null, null]
          when w.problem is not null then array['rejected', w.problem[1], w.problem[2]]
          else array['accepted', null, null]
        end as verdict
      from (
        select c.*, min(c.ordinal) filter (where c.checked and c.ledger_user_id is null and c.problem is null)
                      over (partition by c.id) as first_valid_ordinal
        from (
          -- The first problem of an event that is new to the ledger: its time, then its payload.
          select t.*,
            case when t.checked and t.ledger_user_id is null then coalesce(
              case when t.occurred_at > now() + interval '1 hour' then array['EVENT_IN_FUTURE', format(
                'occurred_at %s is ahead of the server''s clock; check the device''s date and time', t.occurred_at)] end,
              case when t.occurred_at < now() - r.retention then array['EVENT_PAST_RETENTION', format(
                'a %s event from %s is older than the %s it would be kept', t.kind, t.occurred_at, r.retention)] end,
              nullif(array['PAYLOAD_INVALID', case t.kind
                  when 'narrative' then private.narrative_payload_problem(t.payload)
                  when 'protocol_usage' then private.protocol_usage_payload_problem(t.payload)
                  when 'dosing_calculation' then private.dosing_calculation_payload_problem(t.payload)
                  when 'audit' then private.audit_payload_problem(t.payload)
                  when 'patient_context' then private.patient_context_payload_problem(t.payload, t.occurred_at)
                  when 'call_closed' then private.call_closed_payload_problem(t.payload)
                end], array['PAYLOAD_INVALID', null]),
              case when t.kind <> 'patient_context' then null
                when (t.payload ->> 'expires_at')::timestamptz <= now() then array['CONTEXT_EXPIRED', format(
                  'patient context %s expired at %s; its data is no longer accepted',
                  (t.payload ->> 'context_id')::uuid, (t.payload ->> 'expires_at')::timestamptz)] end)
            end as problem
          from (
            -- The typed envelope, and the ledger's owner of the id. checked: not held back, and an
            -- envelope worth reading the rest of.
            select n.*, n.held_retry_after is null and n.envelope_problem is null and n.time_problem is null as checked,
                   case when n.envelope_problem is null and n.time_problem is null then n.occurred_text::timestamptz end as occurred_at,
                   case when n.envelope_problem is null then (n.device_id_json #>> '{}')::uuid end as device_id,
                   case when n.envelope_problem is null then n.seq_json::bigint end as device_seq,
                   (select l.user_id from private.ingested_events l where l.id = n.id) as ledger_user_id
            from (
              -- A time the pattern lets through but the cast would refuse (February 30th).
              select f.*,
                case when f.envelope_problem is null and not times_ok and not private.is_plain_iso_time(f.occurred_text)
                     then private.timestamptz_input_problem(f.occurred_text) end as time_problem
              from (
                -- The envelope: id, kind, payload, occurred_at, device_id, seq.
                select x.*,
                  case
                    when x.id is null then 'id must be the event''s UUID'
                    when x.kind is null or x.kind not in ('narrative', 'protocol_usage', 'dosing_calculation', 'audit', 'patient_context', 'call_closed') then
                      'kind must be narrative, protocol_usage, dosing_calculation, audit, patient_context or call_closed'
                    when jsonb_typeof(x.payload) is distinct from 'object' then 'payload must be an object'
                    when not times_ok and coalesce(x.occurred_text, '') !~ iso_time_pattern then
                      'occurred_at must be an ISO 8601 time with its offset, e.g. 2026-11-25T08:30:00.000Z'
                    when x.device_id_json is not null and not device_ids_ok
                      and (jsonb_typeof(x.device_id_json) <> 'string' or not private.is_uuid_text(x.device_id_json #>> '{}')) then
                      'device_id must be the UUID the device goes by'
                    when x.seq_json is not null and not case when jsonb_typeof(x.seq_json) = 'number' then
                        x.seq_json::numeric between 1 and 9223372036854775807 and x.seq_json::numeric = trunc(x.seq_json::numeric)
                      else false end then
                      'seq must be a whole number from 1: the event''s place in the device''s outbox'
                  end as envelope_problem
                from (
                  -- The fields of each event, read once.
                  select e.ordinal::integer as ordinal, e.value -> 'id' as raw_id,
                         case when ids_ok or (jsonb_typeof(e.value) = 'object' and private.is_uuid_text(e.value ->> 'id'))
                              then (e.value ->> 'id')::uuid end as id,
                         e.value ->> 'kind' as kind,
                         e.value -> 'payload' as payload,
                         e.value ->> 'occurred_at' as occurred_text,
                         nullif(e.value -> 'device_id', 'null'::jsonb) as device_id_json,
                         nullif(e.value -> 'seq', 'null'::jsonb) as seq_json,
                         h.retry_after as held_retry_after
                  from jsonb_array_elements(events) with ordinality as e (value, ordinal)
                  left join unnest(held_ordinals, held_retry_after) as h (ordinal, retry_after) on h.ordinal = e.ordinal
                  offset 0
                ) x
                offset 0
              ) f
              offset 0
            ) n
            offset 0
          ) t
          left join (
            select k.kind, private.retention_of(k.kind) as retention
            from unnest(array['narrative', 'protocol_usage', 'dosing_calculation', 'audit', 'patient_context', 'call_closed']) as k (kind)
          ) r on r.kind = t.kind
          offset 0
        ) c
      ) w
    ) v;

    -- The ledger decides, in id order. A conflict means another batch wrote some of these ids
    -- while this one waited for them (the ledger was read above): the same user's resend, or
    -- another user's event with the same id. Rare, so only then are the rows written one by one
    -- with ON CONFLICT, which costs more.
    if to_accept > 0 then
      begin
        insert into private.ingested_events (id, kind, user_id, occurred_at, device_id, device_seq)
        select i.id, i.kind, caller.id, i.occurred_at, i.device_id, i.device_seq
        from unnest(items) as i
        where i.status = 'accepted'
        order by i.id;
      exception when unique_violation then
        with inserted as (
          insert into private.ingested_events (id, kind, user_id, occurred_at, device_id, device_seq)
          select i.id, i.kind, caller.id, i.occurred_at, i.device_id, i.device_seq
          from unnest(items) as i
          where i.status = 'accepted'
          order by i.id
          on conflict (id) do nothing
          returning id
        )
        select coalesce(array_agg(inserted.id), '{}') into ledger_ids from inserted;
        select array_agg(case
                 when i.status <> 'accepted' or mine.id is not null then i
                 when l.user_id <> caller.id then private.judged(i, 'rejected', 'ID_TAKEN', format(
                   'id %s belongs to an event another user sent; every event needs an id of its own (a new UUID v7)', i.id))
                 else private.judged(i, 'duplicate', null, null)
               end order by i.ordinal)
          into items
        from unnest(items) as i
        left join unnest(ledger_ids) as mine (id) on mine.id = i.id
        left join private.ingested_events l on l.id = case when i.status = 'accepted' then i.id end;
      end;
    end if;

    -- Patient contexts: a context not stored yet is created by its first save in the batch; a
    -- stored one is locked (ON CONFLICT DO UPDATE locks the row even when its WHERE is false),
    -- all in context id order. Then each save is judged against the stored context, and the
    -- last accepted save of each context is what it holds.
    if saves_contexts then
      insert into public.patient_contexts as pc (
        id, user_id, department_id, station_id, session_id, created_at, expires_at, phi_sealed, last_event_id)
      select distinct on (s.context_id) s.context_id, caller.id, caller.department_id, caller.station_id, device_session_id,
             s.created_at, s.expires_at, s.phi_sealed, s.id
      from (
        select (i.payload ->> 'context_id')::uuid as context_id, (i.payload ->> 'created_at')::timestamptz as created_at,
               (i.payload ->> 'expires_at')::timestamptz as expires_at, i.payload -> 'phi_sealed' as phi_sealed, i.id, i.ordinal
        from unnest(items) as i
        where i.status = 'accepted' and i.kind = 'patient_context'
      ) s
      order by s.context_id, s.ordinal
      on conflict (id) do update set last_event_id = pc.last_event_id where false;

      select array_agg(coalesce(x.rejudged, x.item) order by (x.item).ordinal),
             coalesce(array_agg((x.item).id) filter (where x.rejudged is not null), '{}')
        into items, changed_ids
      from (
        select i as item, case
                 when stored.id is null then null
                 when stored.user_id <> caller.id then private.judged(i, 'rejected', 'CONTEXT_NOT_YOURS',
                   format('patient context %s belongs to another user', stored.id))
                 when stored.created_at <> (i.payload ->> 'created_at')::timestamptz then private.judged(i, 'rejected', 'PAYLOAD_INVALID',
                   format('payload.created_at differs from the stored creation time of context %s', stored.id))
               end as rejudged
        from unnest(items) as i
        left join public.patient_contexts stored
          on stored.id = case when i.status = 'accepted' and i.kind = 'patient_context' then (i.payload ->> 'context_id')::uuid end
      ) x;

      -- A refused save leaves no ledger row, so the event can be sent again once fixed.
      delete from private.ingested_events l where l.id = any (changed_ids);

      update public.patient_contexts pc
      set phi_sealed = latest.phi_sealed, session_id = device_session_id, last_event_id = latest.id
      from (
        select distinct on (context_id) (i.payload ->> 'context_id')::uuid as context_id, i.payload -> 'phi_sealed' as phi_sealed, i.id
        from unnest(items) as i
        where i.status = 'accepted' and i.kind = 'patient_context'
        order by context_id, i.ordinal desc
      ) latest
      where pc.id = latest.context_id and pc.last_event_id is distinct from latest.id;
    end if;

    begin
      perform private.write_ingested_records(items, caller, device_session_id);
    exception when unique_violation then
      -- A record with one of these ids is there already, written without the ledger (a direct
      -- insert): a replay when it is the caller's record, an id taken when it is someone else's.
      -- Their ledger rows go; the other records are written again.
      select array_agg(coalesce(x.rejudged, x.item) order by (x.item).ordinal),
             coalesce(array_agg((x.item).id) filter (where x.rejudged is not null), '{}')
        into items, changed_ids
      from (
        select i as item, case
                 when existing.found is null then null
                 when existing.user_id is distinct from caller.id then private.judged(i, 'rejected', 'ID_TAKEN', format(
                   'id %s belongs to an event another user sent; every event needs an id of its own (a new UUID v7)', i.id))
                 else private.judged(i, 'duplicate', null, null)
               end as rejudged
        from unnest(items) as i
        left join lateral (
          select true as found, n.user_id from public.narrative_history n where i.kind = 'narrative' and n.id = i.id
          union all
          select true, u.user_id from public.protocol_usage u where i.kind = 'protocol_usage' and u.id = i.id
          union all
          select true, d.user_id from public.dosing_calculations d where i.kind = 'dosing_calculation' and d.id = i.id
          union all
          select true, a.user_id from public.audit_logs a where i.kind = 'audit' and a.id = i.id and a.occurred_at = i.occurred_at
          union all
          select true, s.user_id from public.epcr_submissions s where i.kind = 'call_closed' and s.id = i.id
        ) existing on i.status = 'accepted'
      ) x;
      delete from private.ingested_events l where l.id = any (changed_ids);
      perform private.write_ingested_records(items, caller, device_session_id);
    end;

    -- (items are in the order of the batch)
    select coalesce(to_jsonb(array_agg(private.verdict_of(i))), '[]'),
           count(*) filter (where i.status = 'accepted'), count(*) filter (where i.status = 'duplicate'),
           count(*) filter (where i.status = 'rejected' and i.code not in ('RATE_LIMITED', 'BANNED')),
           count(*) filter (where i.code in ('RATE_LIMITED', 'BANNED')),
           min(i.occurred_at) filter (where i.status = 'accepted')
      into results, accepted, duplicates, rejected, limited, oldest_accepted
    from unnest(items) as i;
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

  if refusal_code is not null then
    perform set_config('response.status', '429', true);
    perform set_config('response.headers', jsonb_build_array(jsonb_build_object('Retry-After', call_retry_after::text))::text, true);
  end if;
  return results;
end
$$;


-- The runner's side (service role only). p_now lets the tests move the clock; the Edge Function
-- leaves it to the database.

-- Up to p_limit due rows, each claimed by one runner for p_lease_seconds: rows another runner has
-- locked are skipped, never waited for, so two runners never take the same row.
create function public.claim_epcr_submissions(
  p_limit integer default 10, p_lease_seconds integer default 120, p_now timestamptz default now()
) returns table (
  id uuid, claim_token uuid, report_uuid uuid, encounter jsonb, request_handle text, attempts integer, department_id uuid
)
language plpgsql security definer set search_path = ''
as $$
declare
  token uuid := gen_random_uuid();
begin
  if p_limit not between 1 and 100 or p_lease_seconds not between 10 and 3600 then
    raise exception 'claim between 1 and 100 rows for 10 to 3600 seconds' using errcode = '22023';
  end if;
  return query
  with due as (
    select s.id from public.epcr_submissions s
    where s.status in ('queued', 'processing') and s.next_attempt_at <= p_now
      and (s.claimed_until is null or s.claimed_until <= p_now)
    order by s.next_attempt_at, s.id
    limit p_limit
    for update skip locked
  )
  update public.epcr_submissions s
  set claim_token = token, claimed_until = p_now + make_interval(secs => p_lease_seconds)
  from due
  where s.id = due.id
  returning s.id, s.claim_token, s.report_uuid, s.encounter, s.request_handle, s.attempts, s.department_id;
end
$$;

-- The answer for one claimed row. p_outcome, from the NEMSIS status code (src/domain/epcr):
--   sent, sent_with_warnings: done (the warnings kept);
--   processing: the receiver is still at it; ask again (RetrieveStatus with p_request_handle) in a minute;
--   needs_correction: refused for the schema, the rules, a duplicate or the credentials: no retry;
--   retryable: a network error, a timeout, a server error: 1, 2, 4 minutes, then failed
--     (p_request_handle '' when the receiver no longer knows the handle it gave).
-- Returns the row's status and next attempt, or CLAIM_LOST when the claim lapsed and another
-- runner took the row (this answer is then dropped: the other runner's counts).
create function public.report_epcr_submission(
  p_id uuid, p_claim_token uuid, p_outcome text, p_status_code integer default null, p_message text default null,
  p_request_handle text default null, p_now timestamptz default now()
) returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  sub public.epcr_submissions;
  retry_delays constant interval[] := array[interval '1 minute', interval '2 minutes', interval '4 minutes'];
begin
  if p_outcome is null or p_outcome not in ('sent', 'sent_with_warnings', 'processing', 'needs_correction', 'retryable') then
    raise exception 'outcome must be sent, sent_with_warnings, processing, needs_correction or retryable' using errcode = '22023';
  end if;
  if p_outcome = 'processing' and nullif(p_request_handle, '') is null then
    raise exception 'a processing answer needs the request handle to ask again with' using errcode = '22023';
  end if;
  select * into sub from public.epcr_submissions s where s.id = p_id and s.claim_token = p_claim_token for update;
  if not found then
    return jsonb_build_object('code', 'CLAIM_LOST', 'message', 'the claim lapsed or the row is unknown: another runner owns it now');
  end if;

  update public.epcr_submissions s set
    claim_token = null,
    claimed_until = null,
    last_status_code = p_status_code,
    attempts = case when p_outcome = 'retryable' then sub.attempts + 1 else sub.attempts end,
    status = case p_outcome
      when 'sent' then 'sent'
      when 'sent_with_warnings' then 'sent_with_warnings'
      when 'processing' then 'processing'
      when 'needs_correction' then 'needs_correction'
      else case when sub.attempts + 1 > cardinality(retry_delays) then 'failed' else 'queued' end
    end::public.epcr_submission_status,
    next_attempt_at = case
      when p_outcome = 'processing' then p_now + interval '1 minute'
      when p_outcome = 'retryable' and sub.attempts + 1 <= cardinality(retry_delays) then p_now + retry_delays[sub.attempts + 1]
    end,
    -- After a failed status check the next attempt asks again with the same handle (submitting
    -- again could meet a duplicate); an empty handle says the receiver no longer knows it, and
    -- the next attempt submits afresh.
    request_handle = case
      when p_outcome = 'processing' then left(p_request_handle, 200)
      when p_outcome = 'retryable' then left(nullif(coalesce(p_request_handle, sub.request_handle), ''), 200)
    end,
    last_error = case when p_outcome in ('sent', 'sent_with_warnings', 'processing') then null else left(p_message, 2000) end,
    warnings = case when p_outcome = 'sent_with_warnings' then left(p_message, 20000) end,
    sent_at = case when p_outcome in ('sent', 'sent_with_warnings') then p_now end
  where s.id = p_id
  returning * into sub;
  return jsonb_build_object('status', sub.status, 'attempts', sub.attempts, 'next_attempt_at', sub.next_attempt_at);
end
$$;

-- What crews (their own calls) and supervisors (their department's) see of the hand-off.
create function public.list_epcr_submissions(p_limit integer default 50)
returns table (
  id uuid, pcr_number text, user_id uuid, status public.epcr_submission_status, attempts integer,
  next_attempt_at timestamptz, last_status_code integer, last_error text, warnings text, closed_at timestamptz, sent_at timestamptz
)
language sql stable security invoker set search_path = ''
as $$
  select s.id, s.pcr_number, s.user_id, s.status, s.attempts, s.next_attempt_at, s.last_status_code, s.last_error, s.warnings,
         s.closed_at, s.sent_at
  from public.epcr_submissions s
  order by s.closed_at desc, s.id
  limit least(greatest(coalesce(p_limit, 50), 1), 200)
$$;

create function public.purge_old_epcr_submissions(p_now timestamptz default now()) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  purged integer;
begin
  delete from public.epcr_submissions s where s.closed_at < p_now - private.retention_of('call_closed');
  get diagnostics purged = row_count;
  delete from private.ingested_events l
  where l.kind = 'call_closed' and l.occurred_at < p_now - private.retention_of('call_closed');
  return purged;
end
$$;

create or replace function public.run_daily_retention(p_now timestamptz default now()) returns jsonb
language plpgsql security definer set search_path = ''
as $$
begin
  return jsonb_build_object(
    'patient_contexts', public.purge_expired_patient_contexts(p_now),
    'narratives', public.purge_old_narratives(p_now),
    'epcr_submissions', public.purge_old_epcr_submissions(p_now),
    'sessions', public.purge_expired_sessions(p_now),
    'metrics', public.purge_old_metrics(p_now),
    'protocol_usage', public.purge_old_protocol_usage(p_now),
    'dosing_calculations', public.purge_old_dosing_calculations(p_now),
    'audit_logs', public.purge_old_audit_logs(p_now),
    'sign_in_attempts', public.purge_old_sign_in_attempts(p_now),
    'audit_partitions_created', public.create_next_audit_log_partitions(p_now, 2));
end
$$;

revoke all on function
  public.claim_epcr_submissions(integer, integer, timestamptz),
  public.report_epcr_submission(uuid, uuid, text, integer, text, text, timestamptz),
  public.purge_old_epcr_submissions(timestamptz)
  from public, anon, authenticated;
grant execute on function
  public.claim_epcr_submissions(integer, integer, timestamptz),
  public.report_epcr_submission(uuid, uuid, text, integer, text, text, timestamptz),
  public.purge_old_epcr_submissions(timestamptz)
  to service_role;
revoke all on function public.list_epcr_submissions(integer) from public, anon;
grant execute on function public.list_epcr_submissions(integer) to authenticated, service_role;
