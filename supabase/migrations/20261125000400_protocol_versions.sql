-- Protocol changes go through review: a draft is submitted, a medical director approves or
-- rejects it, an approved version is scheduled for a date, and on that date it becomes the
-- active protocol, superseding the one before and bumping the reference version so devices
-- pull it. These functions (and the service role's dataset loader) are the only writers of
-- public.protocols.

create type public.protocol_version_status as enum (
  'draft', 'review', 'approved', 'rejected', 'scheduled', 'active', 'superseded', 'archived'
);

create table public.protocol_versions (
  id uuid primary key default gen_random_uuid(),
  tp_code text not null check (tp_code ~ '^\d{4}(-P)?$'),
  version integer not null check (version > 0),
  status public.protocol_version_status not null default 'draft',
  -- The protocol record as devices receive it, without version and effective_date (the
  -- workflow assigns those).
  content jsonb not null check (jsonb_typeof(content) = 'object'),
  change_summary text not null check (length(change_summary) between 1 and 2000),
  -- 'import': loaded from a reviewed dataset by the service role, not through this workflow.
  source text not null default 'workflow' check (source in ('workflow', 'import')),
  created_by uuid references public.users (id),
  created_at timestamptz not null default now(),
  submitted_at timestamptz,
  approved_by uuid references public.users (id),
  approved_at timestamptz,
  rejected_by uuid references public.users (id),
  rejected_at timestamptz,
  rejection_reason text check (length(rejection_reason) <= 2000),
  effective_date date,
  activated_at timestamptz,
  superseded_at timestamptz,
  archived_at timestamptz,
  updated_at timestamptz not null default now(),
  unique (tp_code, version),
  -- Nothing reaches a device without a medical director's approval (or an imported dataset).
  constraint protocol_versions_approved_check check (
    source = 'import' or status in ('draft', 'review', 'rejected')
    or (approved_by is not null and approved_at is not null)
    or (status = 'archived' and approved_at is null)
  ),
  constraint protocol_versions_scheduled_check check (
    status not in ('scheduled', 'active', 'superseded') or effective_date is not null
  )
);
-- At most one active version per protocol.
create unique index protocol_versions_one_active_idx on public.protocol_versions (tp_code) where status = 'active';
create index protocol_versions_due_idx on public.protocol_versions (effective_date) where status = 'scheduled';

create trigger protocol_versions_touch_updated_at before update on public.protocol_versions
  for each row execute function private.touch_updated_at();

alter table public.protocol_versions enable row level security;
revoke all on public.protocol_versions from anon, authenticated;
grant select on public.protocol_versions to authenticated;

-- Medical directors and admins follow the whole workflow; crews see what is or will be in force.
create policy "supervisors read every version, crews the released ones" on public.protocol_versions
  for select to authenticated
  using (
    (select private.is_supervisor())
    or ((select private.current_app_role()) is not null and status in ('scheduled', 'active', 'superseded'))
  );

-- Refuses the caller unless their (token and profile) role is one of `allowed`.
create function private.require_app_role(allowed public.app_role[], what text) returns public.app_role
language plpgsql stable security definer set search_path = ''
as $$
declare
  caller public.app_role := private.current_app_role();
begin
  if caller is null or not caller = any (allowed) then
    raise exception using
      errcode = '42501',
      message = format('only %s may %s', array_to_string(array(
        select case r when 'medical_director' then 'a medical director' when 'admin' then 'an admin'
                      when 'emt' then 'an EMT' else 'a ' || r::text end
        from unnest(allowed) as r), ' or '), what),
      detail = format('signed in as %s', coalesce(caller::text, 'a user without an active profile'));
  end if;
  return caller;
end
$$;

-- What is wrong with a protocol record, or null: the server's copy of the checks in
-- src/domain/protocols/schema.ts, so a bad version is refused here and not on every device.
create function private.protocol_content_problem(p_tp_code text, p_content jsonb) returns text
language plpgsql immutable set search_path = ''
as $$
declare
  section jsonb;
begin
  if p_tp_code is null or p_tp_code !~ '^\d{4}(-P)?$' then
    return 'tp_code must be four digits, with -P for a pediatric protocol (e.g. 1211, 1210-P)';
  end if;
  if p_content is null or jsonb_typeof(p_content) <> 'object' then
    return 'content must be a protocol record (a JSON object)';
  end if;
  if p_content ? 'tp_code' and p_content ->> 'tp_code' is distinct from p_tp_code then
    return format('content.tp_code (%s) must match the protocol code %s', p_content ->> 'tp_code', p_tp_code);
  end if;
  if jsonb_typeof(p_content -> 'name') is distinct from 'string' or length(trim(p_content ->> 'name')) = 0 then
    return 'content.name must be the protocol''s name';
  end if;
  if coalesce(p_content ->> 'population', '') not in ('adult', 'pediatric') then
    return 'content.population must be adult or pediatric';
  end if;
  if (p_content ->> 'population' = 'pediatric') <> (p_tp_code like '%-P') then
    return 'pediatric protocols, and only they, have a code ending in -P';
  end if;
  if jsonb_typeof(p_content -> 'category') is distinct from 'string' or length(trim(p_content ->> 'category')) = 0 then
    return 'content.category must name the protocol''s category (e.g. Cardiac)';
  end if;
  if jsonb_typeof(p_content -> 'keywords') is distinct from 'array' or jsonb_array_length(p_content -> 'keywords') = 0
     or exists (select 1 from jsonb_array_elements(p_content -> 'keywords') k where jsonb_typeof(k) <> 'string') then
    return 'content.keywords must be a non-empty list of words a crew would search for';
  end if;
  if jsonb_typeof(p_content -> 'sections') is distinct from 'array' or jsonb_array_length(p_content -> 'sections') = 0 then
    return 'content.sections must be a non-empty list of sections';
  end if;
  for section in select s from jsonb_array_elements(p_content -> 'sections') s loop
    if coalesce(section ->> 'kind', '') not in ('assessment', 'treatment', 'base_contact', 'notes')
       or jsonb_typeof(section -> 'title') is distinct from 'string'
       or jsonb_typeof(section -> 'items') is distinct from 'array' or jsonb_array_length(section -> 'items') = 0
       or exists (select 1 from jsonb_array_elements(section -> 'items') i where jsonb_typeof(i) <> 'string') then
      return 'every section needs kind (assessment, treatment, base_contact or notes), a title and a non-empty list of text items';
    end if;
  end loop;
  if p_content ? 'medications' and jsonb_typeof(p_content -> 'medications') <> 'array' then
    return 'content.medications must be a list';
  end if;
  if exists (select 1 from jsonb_array_elements(coalesce(p_content -> 'related', '[]')) r where r #>> '{}' !~ '^\d{4}(-P)?$')
     or (p_content ? 'related' and jsonb_typeof(p_content -> 'related') <> 'array') then
    return 'content.related must be a list of protocol codes';
  end if;
  if exists (select 1 from jsonb_array_elements(coalesce(p_content -> 'provider_impressions', '[]')) c where c #>> '{}' !~ '^[A-Z0-9]{3,5}$')
     or (p_content ? 'provider_impressions' and jsonb_typeof(p_content -> 'provider_impressions') <> 'array') then
    return 'content.provider_impressions must be a list of impression codes (e.g. CPMI)';
  end if;
  if p_content ? 'popularity' and (jsonb_typeof(p_content -> 'popularity') <> 'number'
     or (p_content ->> 'popularity')::double precision not between 0 and 1) then
    return 'content.popularity must be a number from 0 to 1';
  end if;
  return null;
end
$$;

-- Makes a version the active protocol: supersedes the one in force, writes public.protocols
-- (whose trigger stamps the row with this transaction's reference version).
create function private.put_protocol_version_in_force(p_version_id uuid, p_now timestamptz) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v public.protocol_versions;
begin
  select * into strict v from public.protocol_versions where id = p_version_id for update;

  update public.protocol_versions
  set status = 'superseded', superseded_at = p_now
  where tp_code = v.tp_code and status = 'active' and id <> v.id;

  update public.protocol_versions set status = 'active', activated_at = p_now where id = v.id;

  insert into public.protocols as p (
    tp_code, name, population, category, provider_impressions, keywords, sections, medications,
    related, popularity, version, effective_date, deleted_at)
  select v.tp_code, c.name, c.population, c.category, coalesce(c.provider_impressions, '{}'), c.keywords,
         c.sections, coalesce(c.medications, '[]'), coalesce(c.related, '{}'), coalesce(c.popularity, 0),
         v.version, v.effective_date, null
  from jsonb_to_record(v.content) as c (
    name text, population public.population, category text, provider_impressions text[], keywords text[],
    sections jsonb, medications jsonb, related text[], popularity double precision)
  on conflict (tp_code) do update set
    name = excluded.name, population = excluded.population, category = excluded.category,
    provider_impressions = excluded.provider_impressions, keywords = excluded.keywords,
    sections = excluded.sections, medications = excluded.medications, related = excluded.related,
    -- Popularity is learned from usage; a new version keeps it unless it sets its own.
    popularity = case when v.content ? 'popularity' then excluded.popularity else p.popularity end,
    version = excluded.version, effective_date = excluded.effective_date, deleted_at = null;
end
$$;

create function private.load_protocol_version(p_version_id uuid, p_for_update boolean) returns public.protocol_versions
language plpgsql security definer set search_path = ''
as $$
declare
  v public.protocol_versions;
begin
  if p_for_update then
    select * into v from public.protocol_versions where id = p_version_id for update;
  else
    select * into v from public.protocol_versions where id = p_version_id;
  end if;
  if v.id is null then
    raise exception using errcode = 'P0002', message = format('no protocol version with id %s', p_version_id);
  end if;
  return v;
end
$$;

create function private.require_status(v public.protocol_versions, expected public.protocol_version_status[], what text) returns void
language plpgsql immutable set search_path = ''
as $$
begin
  if not v.status = any (expected) then
    raise exception using
      errcode = 'P0001',
      message = format('protocol %s version %s is %s; only a version that is %s can be %s',
        v.tp_code, v.version, v.status, array_to_string(expected, ' or '), what);
  end if;
end
$$;

create function public.create_protocol_draft(tp_code text, content jsonb, change_summary text) returns public.protocol_versions
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
  insert into public.protocol_versions (tp_code, version, content, change_summary, created_by)
  values (
    create_protocol_draft.tp_code,
    greatest(
      coalesce((select max(pv.version) from public.protocol_versions pv where pv.tp_code = create_protocol_draft.tp_code), 0),
      coalesce((select p.version from public.protocols p where p.tp_code = create_protocol_draft.tp_code), 0)
    ) + 1,
    create_protocol_draft.content - 'tp_code' - 'version' - 'effective_date',
    trim(create_protocol_draft.change_summary),
    auth.uid())
  returning * into draft;
  perform private.write_audit_log('protocol_version_drafted',
    jsonb_build_object('version_id', draft.id, 'tp_code', draft.tp_code, 'version', draft.version));
  return draft;
end
$$;

create function public.submit_protocol_version(version_id uuid) returns public.protocol_versions
language plpgsql security definer set search_path = ''
as $$
declare
  v public.protocol_versions;
begin
  perform private.require_app_role(array['medical_director', 'admin']::public.app_role[], 'submit protocol versions for review');
  v := private.load_protocol_version(submit_protocol_version.version_id, true);
  perform private.require_status(v, array['draft']::public.protocol_version_status[], 'submitted for review');
  update public.protocol_versions set status = 'review', submitted_at = now() where id = v.id returning * into v;
  perform private.write_audit_log('protocol_version_submitted',
    jsonb_build_object('version_id', v.id, 'tp_code', v.tp_code, 'version', v.version));
  return v;
end
$$;

create function public.approve_protocol_version(version_id uuid) returns public.protocol_versions
language plpgsql security definer set search_path = ''
as $$
declare
  v public.protocol_versions;
begin
  perform private.require_app_role(array['medical_director']::public.app_role[], 'approve protocol versions');
  v := private.load_protocol_version(approve_protocol_version.version_id, true);
  perform private.require_status(v, array['review']::public.protocol_version_status[], 'approved');
  update public.protocol_versions set status = 'approved', approved_by = auth.uid(), approved_at = now()
  where id = v.id returning * into v;
  perform private.write_audit_log('protocol_version_approved',
    jsonb_build_object('version_id', v.id, 'tp_code', v.tp_code, 'version', v.version));
  return v;
end
$$;

create function public.reject_protocol_version(version_id uuid, reason text) returns public.protocol_versions
language plpgsql security definer set search_path = ''
as $$
declare
  v public.protocol_versions;
begin
  perform private.require_app_role(array['medical_director']::public.app_role[], 'reject protocol versions');
  if reason is null or length(trim(reason)) = 0 then
    raise exception using errcode = '22023', message = 'give the author a reason for the rejection';
  end if;
  v := private.load_protocol_version(reject_protocol_version.version_id, true);
  perform private.require_status(v, array['review']::public.protocol_version_status[], 'rejected');
  update public.protocol_versions
  set status = 'rejected', rejected_by = auth.uid(), rejected_at = now(), rejection_reason = trim(reason)
  where id = v.id returning * into v;
  perform private.write_audit_log('protocol_version_rejected',
    jsonb_build_object('version_id', v.id, 'tp_code', v.tp_code, 'version', v.version));
  return v;
end
$$;

-- An approved version (or a scheduled one, to move its date) takes effect at the start of
-- effective_date, UTC, when activate_due_protocol_versions next runs.
create function public.schedule_protocol_version(version_id uuid, effective_date date) returns public.protocol_versions
language plpgsql security definer set search_path = ''
as $$
declare
  v public.protocol_versions;
begin
  perform private.require_app_role(array['medical_director', 'admin']::public.app_role[], 'schedule protocol versions');
  if schedule_protocol_version.effective_date is null
     or schedule_protocol_version.effective_date < (now() at time zone 'UTC')::date then
    raise exception using errcode = '22023', message = 'effective_date must be today or later (UTC)';
  end if;
  v := private.load_protocol_version(schedule_protocol_version.version_id, true);
  perform private.require_status(v, array['approved', 'scheduled']::public.protocol_version_status[], 'scheduled');
  update public.protocol_versions pv set status = 'scheduled', effective_date = schedule_protocol_version.effective_date
  where pv.id = v.id returning * into v;
  perform private.write_audit_log('protocol_version_scheduled',
    jsonb_build_object('version_id', v.id, 'tp_code', v.tp_code, 'version', v.version, 'effective_date', v.effective_date));
  return v;
end
$$;

-- Puts every scheduled version whose date has come into force, oldest date first, so a later
-- version of the same protocol ends up active. Run by pg_cron; p_now lets tests move the clock.
create function public.activate_due_protocol_versions(p_now timestamptz default now()) returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  due record;
  activated jsonb := '[]'::jsonb;
begin
  for due in
    select pv.id, pv.tp_code, pv.version from public.protocol_versions pv
    where pv.status = 'scheduled' and pv.effective_date <= (p_now at time zone 'UTC')::date
    order by pv.effective_date, pv.version
    for update
  loop
    perform private.put_protocol_version_in_force(due.id, p_now);
    activated := activated || jsonb_build_object('version_id', due.id, 'tp_code', due.tp_code, 'version', due.version);
  end loop;
  if jsonb_array_length(activated) > 0 then
    perform private.write_audit_log('protocol_versions_activated', jsonb_build_object('versions', activated));
  end if;
  return jsonb_build_object(
    'activated', activated,
    'reference_version', (select rs.version from public.reference_state rs));
end
$$;

-- Retires a protocol (its active version) or files away a version that will never be used.
-- Retiring soft-deletes the protocol, so devices drop it on their next pull.
create function public.archive_protocol_version(version_id uuid, reason text) returns public.protocol_versions
language plpgsql security definer set search_path = ''
as $$
declare
  v public.protocol_versions;
begin
  perform private.require_app_role(array['medical_director']::public.app_role[], 'archive protocol versions');
  if reason is null or length(trim(reason)) = 0 then
    raise exception using errcode = '22023', message = 'say why the version is archived';
  end if;
  v := private.load_protocol_version(archive_protocol_version.version_id, true);
  perform private.require_status(v, array['draft', 'rejected', 'superseded', 'active']::public.protocol_version_status[], 'archived');
  if v.status = 'active' then
    update public.protocols set deleted_at = now() where tp_code = v.tp_code;
  end if;
  update public.protocol_versions set status = 'archived', archived_at = now() where id = v.id returning * into v;
  perform private.write_audit_log('protocol_version_archived',
    jsonb_build_object('version_id', v.id, 'tp_code', v.tp_code, 'version', v.version, 'reason', trim(reason)));
  return v;
end
$$;

revoke all on function
  public.create_protocol_draft(text, jsonb, text), public.submit_protocol_version(uuid),
  public.approve_protocol_version(uuid), public.reject_protocol_version(uuid, text),
  public.schedule_protocol_version(uuid, date), public.archive_protocol_version(uuid, text),
  public.activate_due_protocol_versions(timestamptz)
  from public, anon;
grant execute on function
  public.create_protocol_draft(text, jsonb, text), public.submit_protocol_version(uuid),
  public.approve_protocol_version(uuid), public.reject_protocol_version(uuid, text),
  public.schedule_protocol_version(uuid, date), public.archive_protocol_version(uuid, text)
  to authenticated;
-- Activation follows the calendar, not a caller's choice of clock.
revoke all on function public.activate_due_protocol_versions(timestamptz) from authenticated;
grant execute on function public.activate_due_protocol_versions(timestamptz) to service_role;

revoke all on function private.require_app_role(public.app_role[], text),
  private.protocol_content_problem(text, jsonb), private.put_protocol_version_in_force(uuid, timestamptz),
  private.load_protocol_version(uuid, boolean), private.require_status(public.protocol_versions, public.protocol_version_status[], text)
  from public;
