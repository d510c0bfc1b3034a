-- A crew record names its author's department and station as they were when it was written:
-- ingest_events copies both from the author's row in public.users, whose own foreign keys check
-- them. As foreign keys on the record tables they were checked again for every row written, two
-- lookups per record on the busiest path there is (issue 11: on batches of 500 protocol views
-- and audit events they cost about an eighth of ingest_events' time). Departments and stations
-- are written a few times a year and deleted almost never, so the check moves to that side:
-- deleting a department or a station that a record still names is refused, with the foreign
-- key's own error code, exactly as the keys refused it. The author (user_id) keeps its key.

alter table public.patient_contexts
  drop constraint patient_contexts_department_id_fkey,
  drop constraint patient_contexts_station_id_fkey;
alter table public.narrative_history
  drop constraint narrative_history_department_id_fkey,
  drop constraint narrative_history_station_id_fkey;
alter table public.protocol_usage
  drop constraint protocol_usage_department_id_fkey,
  drop constraint protocol_usage_station_id_fkey;
alter table public.dosing_calculations
  drop constraint dosing_calculations_department_id_fkey,
  drop constraint dosing_calculations_station_id_fkey;

-- The first record table that still names the department or station being deleted, if any.
create function private.record_naming_organisation(p_department_id uuid, p_station_id uuid)
returns text
language sql stable set search_path = ''
as $$
  select t.name
  from (
    select 'patient_contexts' as name, 1 as ord
    where exists (select 1 from public.patient_contexts r
                  where r.department_id = p_department_id or r.station_id = p_station_id)
    union all
    select 'narrative_history', 2
    where exists (select 1 from public.narrative_history r
                  where r.department_id = p_department_id or r.station_id = p_station_id)
    union all
    select 'protocol_usage', 3
    where exists (select 1 from public.protocol_usage r
                  where r.department_id = p_department_id or r.station_id = p_station_id)
    union all
    select 'dosing_calculations', 4
    where exists (select 1 from public.dosing_calculations r
                  where r.department_id = p_department_id or r.station_id = p_station_id)
  ) t
  order by t.ord
  limit 1
$$;

create function private.refuse_delete_of_named_organisation() returns trigger
language plpgsql set search_path = ''
as $$
declare
  naming_table text;
begin
  if tg_table_name = 'departments' then
    naming_table := private.record_naming_organisation(old.id, null);
  else
    naming_table := private.record_naming_organisation(null, old.id);
  end if;
  if naming_table is not null then
    raise exception using
      errcode = '23503',
      message = format('%s %s is still named by records in public.%s', rtrim(tg_table_name, 's'), old.id, naming_table),
      hint = 'records leave with their retention; until then the department or station stays';
  end if;
  return old;
end
$$;

create trigger departments_refuse_delete_while_named before delete on public.departments
  for each row execute function private.refuse_delete_of_named_organisation();
create trigger stations_refuse_delete_while_named before delete on public.stations
  for each row execute function private.refuse_delete_of_named_organisation();

revoke all on function private.record_naming_organisation(uuid, uuid),
  private.refuse_delete_of_named_organisation() from public;
