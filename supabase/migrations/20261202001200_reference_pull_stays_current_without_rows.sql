-- pull_reference_page answered a device that was up to date with the newer reference version and
-- no rows whenever the version had moved on without changing anything that device is sent (a
-- version taken by a write that touched none of its rows; with per-department popularity, every
-- other department's hourly change). The device then rebuilt its mirror and its search index from
-- the same data and told the crew "Protocols updated". Now such a pull answers the device's own
-- version: it stays current and pulls from there next time, so nothing newer is ever skipped.

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

  -- The version moved on, but nothing this device is sent changed (a version taken by a write
  -- that touched none of its rows): the device is current at the version it has. Answering the
  -- newer version with no rows made it build and apply the same data again.
  if since > 0 and not exists (
      select 1 from public.protocols p where p.reference_version > since and p.reference_version <= state.version
      union all
      select 1 from public.provider_impressions i where i.reference_version > since and i.reference_version <= state.version
      union all
      select 1 from public.medications m where m.reference_version > since and m.reference_version <= state.version) then
    return jsonb_build_object(
      'version', since,
      'since_version', pull_reference_page.since_version,
      'reset', false,
      'rows', '[]'::jsonb,
      'done', true);
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
