-- pull_reference_page said once more, whole: 20261202001100 (reference versions) added each
-- record's change log (`change`) to a definition that predated the per-call rate limit of
-- 20261201000580, and 20261202001200/1220 (a pull with no rows for the device stays current;
-- each department's popularity) redefined it from the rate-limited one without the change log.
-- Both landed; this is the union: rate limited, current without rows, department popularity,
-- and the change log of the version in force with every protocol and medication row.

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
  -- The caller's department (none for the service role, which gets the agency's popularity).
  department uuid := private.current_department_id();
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
      select 1 from public.medications m where m.reference_version > since and m.reference_version <= state.version
      union all
      select 1 from private.department_protocol_popularity pp
      where pp.department_id = department and pp.reference_version > since and pp.reference_version <= state.version) then
    return jsonb_build_object(
      'version', since,
      'since_version', pull_reference_page.since_version,
      'reset', false,
      'rows', '[]'::jsonb,
      'done', true);
  end if;

  with popularity as (
    select pp.tp_code, pp.popularity, pp.reference_version from private.department_protocol_popularity pp
    where pp.department_id = department
  ), rows as (
    -- A protocol is sent when it changed or when its popularity in the caller's department did,
    -- at the later of the two versions, with that department's popularity in its record.
    select greatest(p.reference_version, coalesce(pop.reference_version, 0)) as version, 'protocol'::text as kind,
           p.tp_code as key, p.deleted_at is not null as deleted,
           case when p.deleted_at is null then
             case when pop.tp_code is null then private.protocol_record(p)
                  else private.protocol_record(p) || jsonb_build_object('popularity', pop.popularity) end end as record
    from public.protocols p left join popularity pop on pop.tp_code = p.tp_code
    where p.reference_version > since or pop.reference_version > since
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
           'version', o.version, 'kind', o.kind, 'key', o.key, 'slot', o.slot, 'deleted', o.deleted, 'record', o.record,
           -- The change log of the version in force (protocols and medications drafted here), or null.
           'change', case when not o.deleted and o.kind in ('protocol', 'medication')
                          then private.reference_change_note(o.kind, o.key) end)
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

