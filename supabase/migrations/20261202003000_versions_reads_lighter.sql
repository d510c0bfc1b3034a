-- The console's Versions pages read less (issue 15). Measured on a fresh local stack with the
-- County dataset (107 versions): list_reference_versions took 15 ms at p50 and
-- list_reference_records('protocol') 30 ms, sending 254 KB, for a picker that shows names.
--
-- 1. A version's name is a column (generated from its content). The list passed whole rows to
--    private.reference_version_json, and a row passed as a value carries its content detoasted:
--    every protocol's full text was read to print one line per version. The list now reads
--    private.reference_version_rows, which has everything a list line needs and no content,
--    with the three people's names joined once rather than looked up per line.
-- 2. public.list_reference_record_names: the records in force of one kind, names only (the
--    "start a draft" picker); list_reference_records stays for the draft editor, which needs a
--    record to start from.

alter table public.reference_versions add column name text generated always as (content ->> 'name') stored;

create view private.reference_version_rows as
select v.id, v.kind, v.record_key, v.version, v.status, v.name, v.source, v.change_log, v.change_summary,
       v.department_id, v.created_by, cu.full_name as created_by_name, v.created_at, v.submitted_at,
       v.approved_by, au.full_name as approved_by_name, v.approved_at, ru.full_name as rejected_by_name,
       v.rejected_at, v.rejection_reason, v.effective_date, v.activated_at, v.withdrawn_at, v.withdrawal_reason,
       v.archived_at
from public.reference_versions v
left join public.users cu on cu.id = v.created_by
left join public.users au on au.id = v.approved_by
left join public.users ru on ru.id = v.rejected_by;
revoke all on private.reference_version_rows from public, anon, authenticated;

-- One version as the console reads it (the same keys as before), without its content. No
-- `set search_path`, so the planner inlines it into the list's query: called as a function per
-- line it took 15 ms for 107 lines, inlined 4 ms. It names nothing outside its argument.
create function private.reference_version_row_json(r private.reference_version_rows) returns jsonb
language sql immutable
as $$
  select jsonb_build_object(
    'id', r.id, 'kind', r.kind, 'key', r.record_key, 'version', r.version, 'status', r.status,
    'name', r.name, 'source', r.source, 'change_log', r.change_log, 'change_summary', r.change_summary,
    'department_id', r.department_id,
    'created_by', r.created_by, 'created_by_name', r.created_by_name,
    'created_at', r.created_at, 'submitted_at', r.submitted_at,
    'approved_by', r.approved_by, 'approved_by_name', r.approved_by_name, 'approved_at', r.approved_at,
    'rejected_by_name', r.rejected_by_name, 'rejected_at', r.rejected_at, 'rejection_reason', r.rejection_reason,
    'effective_date', r.effective_date, 'activated_at', r.activated_at,
    'withdrawn_at', r.withdrawn_at, 'withdrawal_reason', r.withdrawal_reason, 'archived_at', r.archived_at)
$$;

-- From 20261202001100 (its latest definition): the same filters, visibility and limit.
create or replace function public.list_reference_versions(filter_kind text default null, filter_status text default null,
                                                           filter_key text default null) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  caller public.users := private.console_caller('read protocol and medication versions', false);
begin
  if filter_status is not null and not filter_status = any (enum_range(null::public.reference_version_status)::text[]) then
    raise exception using errcode = '22023', message = format('no version status %s', filter_status);
  end if;
  return coalesce((
    select jsonb_agg(private.reference_version_row_json(rv) order by rv.created_at desc, rv.id)
    from (select * from private.reference_version_rows v
          where (filter_kind is null or v.kind = filter_kind)
            and (filter_status is null or v.status::text = filter_status)
            and (filter_key is null or v.record_key = filter_key)
            and (v.status in ('scheduled', 'active', 'superseded') or v.department_id is null
                 or v.department_id = caller.department_id)
          order by v.created_at desc, v.id
          limit 500) rv), '[]');
end
$$;

-- From 20261202001100 (its latest definition): the same answer, built from the same list line.
create or replace function public.get_reference_version(version_id uuid) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  v public.reference_versions;
  active_record jsonb;
  active_version integer;
begin
  perform private.console_caller('read protocol and medication versions', false);
  v := private.load_reference_version(get_reference_version.version_id, false);
  if v.kind = 'protocol' then
    select private.protocol_record(p) - 'version' - 'effective_date', p.version into active_record, active_version
    from public.protocols p where p.tp_code = v.record_key and p.deleted_at is null;
  else
    select m.record - 'routes' - 'concentrations' - 'formulary_version', rv.version into active_record, active_version
    from public.medications m
    left join public.reference_versions rv on rv.kind = 'medication' and rv.record_key = m.id and rv.status = 'active'
    where m.id = v.record_key and m.deleted_at is null;
  end if;
  return (select private.reference_version_row_json(r) from private.reference_version_rows r where r.id = v.id)
    || jsonb_build_object('content', v.content)
    || jsonb_build_object('active', case when active_record is null then null
                                         else jsonb_build_object('version', active_version, 'record', active_record) end);
end
$$;

drop function private.reference_version_json(public.reference_versions, boolean);

-- The records in force of one kind, without the records: what the "start a draft" picker lists.
create function public.list_reference_record_names(kind text) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
begin
  perform private.console_caller('read protocol and medication versions', false);
  if list_reference_record_names.kind is null or list_reference_record_names.kind not in ('protocol', 'medication') then
    raise exception using errcode = '22023', message = 'kind must be protocol or medication';
  end if;
  if list_reference_record_names.kind = 'protocol' then
    return coalesce((
      select jsonb_agg(jsonb_build_object('key', p.tp_code, 'name', p.name, 'version', p.version,
                                          'effective_date', p.effective_date) order by p.tp_code)
      from public.protocols p where p.deleted_at is null), '[]');
  end if;
  return coalesce((
    select jsonb_agg(jsonb_build_object('key', m.id, 'name', m.name, 'version', coalesce(rv.version, 0),
                                        'effective_date', rv.effective_date) order by m.id)
    from public.medications m
    left join public.reference_versions rv on rv.kind = 'medication' and rv.record_key = m.id and rv.status = 'active'
    where m.deleted_at is null and m.record is not null), '[]');
end
$$;

revoke all on function private.reference_version_row_json(private.reference_version_rows) from public;
revoke all on function public.list_reference_record_names(text) from public, anon;
grant execute on function public.list_reference_record_names(text) to authenticated;
