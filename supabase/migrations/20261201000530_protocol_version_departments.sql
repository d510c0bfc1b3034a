-- Approvals that mean something (issue #12).
--
-- 1. Four eyes: a medical director never approves a version they drafted; another medical
--    director must.
-- 2. Versions belong to a department. The rule:
--    - department_id is the department of the person who drafted the version
--      (create_protocol_draft stamps it). Versions loaded by the service role (the dataset
--      loader) or written by it without a department are agency-wide: department_id is null.
--    - Until a version is released (scheduled, active, superseded), only the medical directors
--      and admins of its department see it and take it through the workflow (submit, approve,
--      reject, schedule, archive, withdraw); an agency-wide one is followed by every medical
--      director and admin of the agency, and approved by any medical director but its author.
--    - Once released, a version is every member's to read (protocols are agency-wide: every
--      rig pulls the same ones), but it is still changed only by its own department.
--    To the supervisors of another department an unreleased version does not exist: the
--    workflow answers them exactly as it answers an unknown id.
-- 3. An unknown (or invisible) version id is SQLSTATE PT404, which PostgREST answers with HTTP
--    404 and code PT404. It used to be P0002, which PostgREST maps to 500 (class P0 other than
--    P0001 is a server error there).
-- 4. withdraw_protocol_version: a scheduled version is withdrawn before its date, with a
--    reason, in the audit trail. Withdrawn is final; to move a date, schedule again instead.

alter table public.protocol_versions
  add column department_id uuid references public.departments (id),
  add column withdrawn_by uuid references public.users (id),
  add column withdrawn_at timestamptz,
  add column withdrawal_reason text check (length(withdrawal_reason) between 1 and 2000);
create index protocol_versions_department_id_idx on public.protocol_versions (department_id);
comment on column public.protocol_versions.department_id is
  'The department whose supervisors follow and decide this version; null for agency-wide versions (imported datasets).';

-- Versions drafted through the workflow so far belong to their author's department.
update public.protocol_versions pv set department_id = u.department_id
from public.users u
where u.id = pv.created_by and pv.source = 'workflow' and pv.department_id is null;

drop policy "supervisors read every version, crews the released ones" on public.protocol_versions;
create policy "supervisors read their department's and agency-wide versions, everyone the released ones" on public.protocol_versions
  for select to authenticated
  using (
    ((select private.current_app_role()) is not null and status in ('scheduled', 'active', 'superseded'))
    or ((select private.is_supervisor())
        and (department_id is null or department_id = (select private.current_department_id())))
  );

-- Every workflow step loads its version here, as the caller: what the caller may not see is
-- not there (PT404), and what belongs to another department is not theirs to change (42501).
create or replace function private.load_protocol_version(p_version_id uuid, p_for_update boolean) returns public.protocol_versions
language plpgsql security definer set search_path = ''
as $$
declare
  v public.protocol_versions;
  own_department uuid := private.current_department_id();
begin
  if p_for_update then
    select * into v from public.protocol_versions where id = p_version_id for update;
  else
    select * into v from public.protocol_versions where id = p_version_id;
  end if;
  if v.id is null
     or not (v.status in ('scheduled', 'active', 'superseded')
             or v.department_id is null or v.department_id = own_department) then
    raise exception using errcode = 'PT404', message = format('no protocol version with id %s', p_version_id),
      hint = 'a version is visible to the supervisors of the department that drafted it until it is scheduled';
  end if;
  if v.department_id is not null and v.department_id is distinct from own_department then
    raise exception using errcode = '42501',
      message = format('protocol %s version %s belongs to another department: only its own medical directors and admins may change it',
        v.tp_code, v.version);
  end if;
  return v;
end
$$;

create or replace function public.create_protocol_draft(tp_code text, content jsonb, change_summary text) returns public.protocol_versions
language plpgsql security definer set search_path = ''
as $$
declare
  problem text := private.protocol_content_problem(create_protocol_draft.tp_code, create_protocol_draft.content);
  draft public.protocol_versions;
begin
  perform private.require_app_role(array['medical_director', 'admin']::public.app_role[], 'draft protocol versions');
  if problem is not null then
    raise exception using errcode = '22023', message = problem;
  end if;
  if create_protocol_draft.change_summary is null or length(trim(create_protocol_draft.change_summary)) = 0 then
    raise exception using errcode = '22023', message = 'say what changed in change_summary: reviewers approve the change, not just the text';
  end if;
  -- Serialises drafts of one protocol so that two authors never take the same version number.
  perform pg_advisory_xact_lock(hashtext('protocol_versions ' || create_protocol_draft.tp_code));
  insert into public.protocol_versions (tp_code, version, content, change_summary, created_by, department_id)
  values (
    create_protocol_draft.tp_code,
    greatest(
      coalesce((select max(pv.version) from public.protocol_versions pv where pv.tp_code = create_protocol_draft.tp_code), 0),
      coalesce((select p.version from public.protocols p where p.tp_code = create_protocol_draft.tp_code), 0)
    ) + 1,
    create_protocol_draft.content - 'tp_code' - 'version' - 'effective_date',
    trim(create_protocol_draft.change_summary),
    auth.uid(),
    private.current_department_id())
  returning * into draft;
  perform private.write_audit_log('protocol_version_drafted',
    jsonb_build_object('version_id', draft.id, 'tp_code', draft.tp_code, 'version', draft.version));
  return draft;
end
$$;

create or replace function public.approve_protocol_version(version_id uuid) returns public.protocol_versions
language plpgsql security definer set search_path = ''
as $$
declare
  v public.protocol_versions;
begin
  perform private.require_app_role(array['medical_director']::public.app_role[], 'approve protocol versions');
  v := private.load_protocol_version(approve_protocol_version.version_id, true);
  if v.created_by = auth.uid() then
    raise exception using errcode = '42501',
      message = 'a medical director cannot approve a protocol version they drafted: another medical director must approve it';
  end if;
  perform private.require_status(v, array['review']::public.protocol_version_status[], 'approved');
  update public.protocol_versions set status = 'approved', approved_by = auth.uid(), approved_at = now()
  where id = v.id returning * into v;
  perform private.write_audit_log('protocol_version_approved',
    jsonb_build_object('version_id', v.id, 'tp_code', v.tp_code, 'version', v.version));
  return v;
end
$$;

create function public.withdraw_protocol_version(version_id uuid, reason text) returns public.protocol_versions
language plpgsql security definer set search_path = ''
as $$
declare
  v public.protocol_versions;
begin
  perform private.require_app_role(array['medical_director', 'admin']::public.app_role[], 'withdraw protocol versions');
  if reason is null or length(trim(reason)) = 0 then
    raise exception using errcode = '22023', message = 'say why the version is withdrawn';
  end if;
  v := private.load_protocol_version(withdraw_protocol_version.version_id, true);
  perform private.require_status(v, array['scheduled']::public.protocol_version_status[], 'withdrawn');
  update public.protocol_versions pv
  set status = 'withdrawn', withdrawn_by = auth.uid(), withdrawn_at = now(), withdrawal_reason = trim(reason)
  where pv.id = v.id returning * into v;
  perform private.write_audit_log('protocol_version_withdrawn', jsonb_build_object(
    'version_id', v.id, 'tp_code', v.tp_code, 'version', v.version, 'effective_date', v.effective_date, 'reason', trim(reason)));
  return v;
end
$$;

revoke all on function public.withdraw_protocol_version(uuid, text) from public, anon;
grant execute on function public.withdraw_protocol_version(uuid, text) to authenticated;
