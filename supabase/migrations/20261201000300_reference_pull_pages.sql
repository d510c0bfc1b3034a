-- The device's side of sync needs two reads: who is signing in (my_profile) and the reference
-- data in pages (pull_reference_page), so that a pull over a bad connection is resumable and a
-- device far behind is told to start over.

-- Who the caller is, as Sync status shows it: role, department and station by name.
create function public.my_profile() returns jsonb
language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object(
    'id', u.id, 'email', u.email, 'full_name', u.full_name, 'role', u.role, 'badge_number', u.badge_number,
    'department', jsonb_build_object('id', d.id, 'code', d.code, 'name', d.name),
    'station', case when s.id is null then null else jsonb_build_object('id', s.id, 'code', s.code, 'name', s.name) end)
  from public.users u
  join public.departments d on d.id = u.department_id
  left join public.stations s on s.id = u.station_id
  where u.id = auth.uid() and u.deleted_at is null
$$;

revoke all on function public.my_profile() from public, anon;
grant execute on function public.my_profile() to authenticated;

-- Tombstones older than this version may be gone (compacted); a device that last pulled
-- before it must replace its whole mirror. Nothing compacts them yet, so it stays 0.
alter table public.reference_state add column tombstone_horizon bigint not null default 0 check (tombstone_horizon >= 0);

-- One page of what changed since `since_version`, in (reference_version, kind/key) order:
-- changed rows in full, deleted rows as tombstones (deleted = true, record = null). A device
-- passes the last row's (version, slot) as after_version/after_slot for the next page and
-- stops at `done`; then its version is the answer's `version`. Versions become visible in
-- order (claim_reference_version serialises writers), so every row up to `version` is in the
-- pages. `reset`: the device is too far behind (or ahead of a restored server): it must replace
-- its mirror with the rows of this pull (pulled from 0, without tombstones).
create function public.pull_reference_page(
  since_version bigint default 0, after_version bigint default null, after_slot text default null,
  page_size integer default 200) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
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

revoke all on function public.pull_reference_page(bigint, bigint, text, integer) from public, anon;
grant execute on function public.pull_reference_page(bigint, bigint, text, integer) to authenticated, service_role;
