-- Pulls count toward the API and GLOBAL limits (issue 12: 300 full pulls in a row by one
-- paramedic went through). Over a limit, or banned, a pull is answered 429 with the contract of
-- ingest_events' whole-call refusal: {code, message, details, hint, retry_after_seconds} in the
-- body (supabase-js hides headers on an error) and Retry-After as well. The function returns the
-- refusal rather than raising it: a raise would roll back the count and the violation with it.

-- One API call of the caller: null when it may go on, else the refusal to return (and the
-- response status and header already set).
create function private.take_api_call() returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  caller uuid := auth.uid();
  ban_ends timestamptz;
  scope text;
  taken record;
  code text;
  message text;
  retry_after integer := 0;
begin
  if caller is null then
    return null;
  end if;
  ban_ends := private.banned_until(caller, now());
  if ban_ends is not null then
    code := 'BANNED';
    retry_after := ceil(extract(epoch from ban_ends - now()))::integer;
    message := format('too many limit violations: suspended until %s', ban_ends);
  else
    foreach scope in array array['API', 'GLOBAL'] loop
      taken := private.take_rate_limit(scope, 1);
      if taken.granted = 0 then
        code := 'RATE_LIMITED';
        retry_after := greatest(retry_after, taken.retry_after_seconds);
        message := format('over the %s limit; try again in %s s', scope, retry_after);
      end if;
    end loop;
  end if;
  if code is null then
    return null;
  end if;
  retry_after := greatest(retry_after, 1);
  perform set_config('response.status', '429', true);
  perform set_config('response.headers', jsonb_build_array(jsonb_build_object('Retry-After', retry_after::text))::text, true);
  return jsonb_build_object('code', code, 'message', message, 'details', null, 'hint', null, 'retry_after_seconds', retry_after);
end
$$;
revoke all on function private.take_api_call() from public;

create or replace function public.pull_reference(since_version bigint default 0) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  refusal jsonb;
  current_version bigint;
  since bigint := pull_reference.since_version;
  full_pull boolean;
begin
  if since is null or since < 0 then
    raise exception using errcode = '22023',
      message = 'since_version must be 0 for everything, or the reference version the device last applied';
  end if;

  -- A pull is an API call like any other (issue 12): a device pulling in a loop is held back.
  refusal := private.take_api_call();
  if refusal is not null then
    return refusal;
  end if;

  select rs.version into current_version from public.reference_state rs;
  full_pull := since = 0 or since > current_version;
  if full_pull then
    since := 0;
  end if;

  return jsonb_build_object(
    'version', current_version,
    'since_version', pull_reference.since_version,
    'full', full_pull,
    'protocols', coalesce((
      select jsonb_agg(private.protocol_record(p) order by p.tp_code)
      from public.protocols p where p.reference_version > since and p.deleted_at is null), '[]'),
    'provider_impressions', coalesce((
      select jsonb_agg(private.provider_impression_record(i) order by i.code, i.name)
      from public.provider_impressions i where i.reference_version > since and i.deleted_at is null), '[]'),
    'medications', coalesce((
      select jsonb_agg(private.medication_record(m) order by m.id)
      from public.medications m where m.reference_version > since and m.deleted_at is null), '[]'),
    'deleted', jsonb_build_object(
      'protocols', coalesce((
        select jsonb_agg(p.tp_code order by p.tp_code)
        from public.protocols p where p.reference_version > since and p.deleted_at is not null and not full_pull), '[]'),
      'provider_impressions', coalesce((
        select jsonb_agg(jsonb_build_object('code', i.code, 'name', i.name) order by i.code, i.name)
        from public.provider_impressions i where i.reference_version > since and i.deleted_at is not null and not full_pull), '[]'),
      'medications', coalesce((
        select jsonb_agg(m.id order by m.id)
        from public.medications m where m.reference_version > since and m.deleted_at is not null and not full_pull), '[]')
    )
  );
end
$$;


create or replace function public.pull_reference_page(
  since_version bigint default 0, after_version bigint default null, after_slot text default null,
  page_size integer default 200) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  refusal jsonb;
  state public.reference_state;
  since bigint := pull_reference_page.since_version;
  is_reset boolean;
  page jsonb;
  taken integer;
begin
  if since is null or since < 0 then
    raise exception using errcode = '22023',
      message = 'since_version must be 0 for everything, or the reference version the device last applied';
  end if;
  if page_size is null or page_size not between 1 and 1000 then
    raise exception using errcode = '22023', message = 'page_size must be between 1 and 1000';
  end if;
  if (after_version is null) <> (after_slot is null) then
    raise exception using errcode = '22023', message = 'after_version and after_slot go together: both from the last row of the previous page, or neither';
  end if;
  if private.current_app_role() is null and auth.role() is distinct from 'service_role' then
    raise exception using errcode = '42501', message = 'sign in with an account that has an active Rigside profile to pull protocols';
  end if;

  -- A pull is an API call like any other (issue 12): a device pulling in a loop is held back.
  refusal := private.take_api_call();
  if refusal is not null then
    return refusal;
  end if;

  select * into state from public.reference_state;
  is_reset := since > state.version or (since > 0 and since < state.tombstone_horizon);
  if is_reset or since = 0 then
    since := 0;
  end if;

  with rows as (
    select p.reference_version as version, 'protocol'::text as kind, p.tp_code as key,
           p.deleted_at is not null as deleted,
           case when p.deleted_at is null then private.protocol_record(p) end as record
    from public.protocols p where p.reference_version > since
    union all
    select i.reference_version, 'provider_impression', i.code || ':' || i.name, i.deleted_at is not null,
           case when i.deleted_at is null then private.provider_impression_record(i) end
    from public.provider_impressions i where i.reference_version > since
    union all
    select m.reference_version, 'medication', m.id, m.deleted_at is not null,
           case when m.deleted_at is null then private.medication_record(m) end
    from public.medications m where m.reference_version > since
  ), slotted as (
    select r.*, (r.kind || '/' || r.key) collate "C" as slot from rows r
    where r.version <= state.version
      -- A pull from scratch has nothing to delete.
      and not (since = 0 and r.deleted)
  ), ordered as (
    select s.* from slotted s
    where after_version is null or (s.version, s.slot) > (after_version, after_slot collate "C")
    order by s.version, s.slot
    limit page_size
  )
  select coalesce(jsonb_agg(jsonb_build_object(
           'version', o.version, 'kind', o.kind, 'key', o.key, 'slot', o.slot, 'deleted', o.deleted, 'record', o.record)
         order by o.version, o.slot), '[]'::jsonb), count(*)
    into page, taken
  from ordered o;

  return jsonb_build_object(
    'version', state.version,
    'since_version', pull_reference_page.since_version,
    'reset', is_reset,
    'rows', page,
    'done', taken < page_size);
end
$$;


-- The supervisors' reads count as well: each of them starts with check_supervisor_read. They
-- return rows, not a body that can carry a refusal, so over a limit they raise PostgREST's
-- custom error (HTTP 429, Retry-After, the retry time in details too). The raise rolls the
-- count back, so a read over the limit is refused without adding a violation: reads are held
-- at the limit, and only writes build up toward a ban.
create or replace function private.check_supervisor_read(from_time timestamptz, to_time timestamptz, page_size integer, page_offset integer)
returns void
language plpgsql volatile set search_path = ''
as $$
declare
  refusal jsonb := private.take_api_call();
begin
  if refusal is not null then
    raise sqlstate 'PGRST' using
      message = jsonb_build_object('code', refusal ->> 'code', 'message', refusal ->> 'message',
        'details', format('retry_after_seconds=%s', refusal ->> 'retry_after_seconds'), 'hint', 'wait, then ask again')::text,
      detail = jsonb_build_object('status', 429, 'headers', jsonb_build_object('Retry-After', refusal ->> 'retry_after_seconds'))::text;
  end if;
  perform private.require_app_role(array['medical_director', 'admin']::public.app_role[], 'read department records');
  if from_time is null or to_time is null or from_time >= to_time then
    raise exception using errcode = '22023', message = 'give a time range with from_time before to_time';
  end if;
  if page_size is null or page_size not between 1 and 500 then
    raise exception using errcode = '22023', message = 'page_size must be between 1 and 500';
  end if;
  if page_offset is null or page_offset < 0 then
    raise exception using errcode = '22023', message = 'page_offset must be 0 or more';
  end if;
end
$$;
-- The supervisors' reads run as the caller, who must be able to take the call.
grant execute on function private.take_api_call() to authenticated;
