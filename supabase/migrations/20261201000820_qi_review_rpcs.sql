-- The QI review queue's API (issue 15). Console readers (supervisors, medical directors,
-- admins) read their own department's queue; medical directors and admins work it: assign to
-- themselves, move an item through new -> in review -> needs crew correction / closed, comment,
-- and file MCG 1373 fallout codes. Every one of those actions is written to the audit log here,
-- by the server, in the transaction that makes it. A crew member reads the correction requests
-- on their own calls (my_correction_requests), which their device keeps for offline reading.
--
-- To another department's reader an item does not exist: PT404, as for an unknown id.
-- Each call counts toward the caller's API and GLOBAL limits, like the supervisors' other
-- reads: over a limit it is refused with HTTP 429 and the retry time in details.

-- Raises PostgREST's 429 when the caller is over a limit (the count rolls back with it).
create function private.take_api_call_or_raise() returns void
language plpgsql volatile security definer set search_path = ''
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
end
$$;

-- The console's caller: the call counted, the role checked (readers, or only those who decide).
create function private.console_caller(p_what text, p_may_decide boolean) returns public.users
language plpgsql volatile security definer set search_path = ''
as $$
declare
  caller public.users;
begin
  perform private.take_api_call_or_raise();
  perform private.require_app_role(
    case when p_may_decide then array['medical_director', 'admin'] else array['supervisor', 'medical_director', 'admin'] end::public.app_role[],
    p_what);
  select * into caller from public.users u where u.id = auth.uid() and u.deleted_at is null;
  return caller;
end
$$;

-- Where an item may go from each status.
create function private.qi_review_next_statuses(p_status public.qi_review_status) returns public.qi_review_status[]
language sql immutable set search_path = ''
as $$
  select case p_status
    when 'new' then array['in_review']
    when 'in_review' then array['needs_correction', 'closed']
    when 'needs_correction' then array['in_review', 'closed']
    when 'closed' then array['in_review']
  end::public.qi_review_status[]
$$;

-- An item of the caller's department, or PT404.
create function private.load_qi_review(p_review_id uuid, p_department_id uuid, p_for_update boolean) returns public.qi_reviews
language plpgsql volatile security definer set search_path = ''
as $$
declare
  r public.qi_reviews;
begin
  if p_for_update then
    select * into r from public.qi_reviews q where q.id = p_review_id and q.department_id = p_department_id for update;
  else
    select * into r from public.qi_reviews q where q.id = p_review_id and q.department_id = p_department_id;
  end if;
  if r.id is null then
    raise exception using errcode = 'PT404', message = format('no QI review item with id %s', p_review_id),
      hint = 'review items are visible to the supervisors, medical directors and admins of the crew member''s department';
  end if;
  return r;
end
$$;

-- Who is who in the department, the flags and the fallout codes: what the console needs to
-- label and filter the queue, in one call.
create function public.get_console_context() returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  caller public.users := private.console_caller('open the console', false);
begin
  return jsonb_build_object(
    'me', jsonb_build_object('id', caller.id, 'full_name', caller.full_name, 'role', caller.role,
      'may_decide', caller.role in ('medical_director', 'admin')),
    'department', (select jsonb_build_object('id', d.id, 'code', d.code, 'name', d.name) from public.departments d where d.id = caller.department_id),
    'stations', coalesce((select jsonb_agg(jsonb_build_object('id', s.id, 'code', s.code, 'name', s.name) order by s.code)
                          from public.stations s where s.department_id = caller.department_id), '[]'),
    'people', coalesce((select jsonb_agg(jsonb_build_object('id', u.id, 'full_name', u.full_name, 'badge_number', u.badge_number,
                                          'role', u.role, 'station_id', u.station_id, 'active', u.deleted_at is null) order by u.full_name, u.id)
                        from public.users u where u.department_id = caller.department_id), '[]'),
    'flag_kinds', (select jsonb_agg(jsonb_build_object('code', k.code, 'label', k.label, 'description', k.description) order by k.sort)
                   from public.qi_flag_kinds k),
    'fallout_codes', (select jsonb_agg(jsonb_build_object('code', f.code, 'name', f.name, 'protocols', to_jsonb(f.protocols),
                                        'base_hospital', f.base_hospital) order by f.sort)
                      from public.qi_fallout_codes f));
end
$$;

-- The queue: flagged items first, then newest first; keyset-paged. Pass the last row's
-- (flagged, started_at, id) as after_* for the next page. Filters: status, one flag, station,
-- crew member, assignee, and a range of the call's start [from_time, to_time).
create function public.list_qi_reviews(
  filter_status public.qi_review_status default null, filter_flag text default null,
  filter_station_id uuid default null, filter_user_id uuid default null, filter_assignee uuid default null,
  from_time timestamptz default null, to_time timestamptz default null,
  after_flagged boolean default null, after_started_at timestamptz default null, after_id uuid default null,
  page_size integer default 50)
returns table (
  id uuid, status public.qi_review_status, flags text[], flagged boolean, started_at timestamptz, last_record_at timestamptz,
  user_id uuid, crew_name text, badge_number text, station_id uuid, station_code text, context_id uuid,
  doses integer, narratives integer, protocols_applied integer, applied_protocols text[], medications text[],
  assigned_to uuid, assignee_name text, fallout_codes text[], comments integer, records_since_request integer,
  updated_at timestamptz)
language plpgsql volatile security definer set search_path = ''
-- Planned for each call's own filters, so that an absent filter costs nothing.
set plan_cache_mode = force_custom_plan
as $$
#variable_conflict use_column
declare
  caller public.users := private.console_caller('read the QI queue', false);
begin
  if page_size is null or page_size not between 1 and 200 then
    raise exception using errcode = '22023', message = 'page_size must be between 1 and 200';
  end if;
  if (after_id is null) <> (after_started_at is null) or (after_id is null) <> (after_flagged is null) then
    raise exception using errcode = '22023',
      message = 'after_flagged, after_started_at and after_id go together: all three from the last row of the previous page, or none';
  end if;
  if from_time is not null and to_time is not null and from_time >= to_time then
    raise exception using errcode = '22023', message = 'from_time must be before to_time';
  end if;
  if filter_flag is not null and not exists (select 1 from public.qi_flag_kinds k where k.code = filter_flag) then
    raise exception using errcode = '22023', message = format('filter_flag must be one of %s',
      (select string_agg(k.code, ', ' order by k.sort) from public.qi_flag_kinds k));
  end if;

  return query
    select r.id, r.status, r.flags, r.flagged, r.started_at, r.last_record_at, r.user_id, u.full_name, u.badge_number,
           r.station_id, s.code, r.context_id, r.doses, r.narratives, r.protocols_applied, r.applied_protocols, r.medications,
           r.assigned_to, a.full_name,
           array(select f.code from public.qi_review_fallouts f where f.review_id = r.id order by f.code),
           (select count(*)::integer from public.qi_review_comments c where c.review_id = r.id),
           r.records_since_request, r.updated_at
    from public.qi_reviews r
    left join public.users u on u.id = r.user_id
    left join public.stations s on s.id = r.station_id
    left join public.users a on a.id = r.assigned_to
    where r.department_id = caller.department_id
      and (list_qi_reviews.filter_status is null or r.status = list_qi_reviews.filter_status)
      and (list_qi_reviews.filter_flag is null or r.flags @> array[list_qi_reviews.filter_flag])
      and (list_qi_reviews.filter_station_id is null or r.station_id = list_qi_reviews.filter_station_id)
      and (list_qi_reviews.filter_user_id is null or r.user_id = list_qi_reviews.filter_user_id)
      and (list_qi_reviews.filter_assignee is null or r.assigned_to = list_qi_reviews.filter_assignee)
      and (list_qi_reviews.from_time is null or r.started_at >= list_qi_reviews.from_time)
      and (list_qi_reviews.to_time is null or r.started_at < list_qi_reviews.to_time)
      and (list_qi_reviews.after_id is null
           or (r.flagged, r.started_at, r.id) < (list_qi_reviews.after_flagged, list_qi_reviews.after_started_at, list_qi_reviews.after_id))
    order by r.flagged desc, r.started_at desc, r.id desc
    limit list_qi_reviews.page_size;
end
$$;

-- One item whole: the call's records with their flags, comments, fallouts, the review's history
-- from the audit log, and what the caller may do next.
create function private.qi_review_detail(r public.qi_reviews, caller public.users) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object(
    'id', r.id, 'status', r.status, 'flags', to_jsonb(r.flags), 'started_at', r.started_at, 'last_record_at', r.last_record_at,
    'context_id', r.context_id, 'doses', r.doses, 'narratives', r.narratives, 'protocols_applied', r.protocols_applied,
    'protocols_viewed', r.protocols_viewed, 'applied_protocols', to_jsonb(r.applied_protocols), 'medications', to_jsonb(r.medications),
    'correction_request', r.correction_request, 'correction_requested_at', r.correction_requested_at,
    'records_since_request', r.records_since_request, 'closed_at', r.closed_at, 'updated_at', r.updated_at,
    'crew', (select jsonb_build_object('id', u.id, 'full_name', u.full_name, 'badge_number', u.badge_number, 'role', u.role)
             from public.users u where u.id = r.user_id),
    'station', (select jsonb_build_object('id', s.id, 'code', s.code, 'name', s.name) from public.stations s where s.id = r.station_id),
    'assignee', (select jsonb_build_object('id', u.id, 'full_name', u.full_name) from public.users u where u.id = r.assigned_to),
    'assigned_at', r.assigned_at,
    'correction_requested_by', (select jsonb_build_object('id', u.id, 'full_name', u.full_name) from public.users u where u.id = r.correction_requested_by),
    'dose_records', coalesce((
      select jsonb_agg(jsonb_build_object(
               'id', d.id, 'created_at', d.created_at, 'received_at', d.received_at, 'medication', d.medication, 'route', d.route,
               'indication', d.indication, 'dose_value', d.dose_value, 'dose_unit', d.dose_unit, 'volume_ml', d.volume_ml,
               'concentration', d.concentration, 'color', d.color, 'capped', d.capped, 'warnings', d.warnings,
               'age_years', coalesce(private.recorded_number(d.inputs -> 'age_years'), round(private.recorded_number(d.inputs -> 'age_months') / 12, 2)),
               'weight_kg', private.recorded_number(d.inputs -> 'weight_kg'), 'weight_lb', private.recorded_number(d.inputs -> 'weight_lb'),
               'weight_confirmed', coalesce(d.inputs -> 'weight_confirmed' = 'true'::jsonb, false),
               'base_order', coalesce(d.inputs -> 'base_order' = 'true'::jsonb, false),
               'formulary_version', d.formulary_version,
               'flags', coalesce((select jsonb_agg(jsonb_build_object('code', f.code, 'detail', f.detail) order by k.sort)
                                  from public.qi_flags f join public.qi_flag_kinds k on k.code = f.code
                                  where f.review_id = r.id and f.record_id = d.id), '[]'))
             order by d.created_at, d.id)
      from public.dosing_calculations d
      where d.user_id = r.user_id
        and (case when r.context_id is not null then d.context_id = r.context_id else d.id = r.call_key end)), '[]'),
    'narrative_records', coalesce((
      select jsonb_agg(jsonb_build_object('id', n.id, 'narrative_id', n.narrative_id, 'format', n.format, 'content', n.content,
                                          'created_at', n.created_at) order by n.created_at, n.id)
      from public.narrative_history n
      where n.user_id = r.user_id
        and (case when r.context_id is not null then n.context_id = r.context_id else n.narrative_id = r.call_key end)), '[]'),
    'protocol_records', coalesce((
      select jsonb_agg(jsonb_build_object('id', pu.id, 'tp_code', pu.tp_code, 'name', p.name, 'action', pu.action,
                                          'query', pu.query, 'created_at', pu.created_at) order by pu.created_at, pu.id)
      from public.protocol_usage pu
      left join public.protocols p on p.tp_code = pu.tp_code
      where pu.user_id = r.user_id
        and (case when r.context_id is not null then pu.context_id = r.context_id else pu.id = r.call_key end)), '[]'),
    'comments', coalesce((
      select jsonb_agg(jsonb_build_object('id', c.id, 'body', c.body, 'created_at', c.created_at,
                                          'author', jsonb_build_object('id', u.id, 'full_name', u.full_name)) order by c.created_at, c.id)
      from public.qi_review_comments c left join public.users u on u.id = c.author_id
      where c.review_id = r.id), '[]'),
    'fallouts', coalesce((
      select jsonb_agg(jsonb_build_object('code', f.code, 'name', fc.name, 'note', f.note, 'added_at', f.added_at,
                                          'added_by', jsonb_build_object('id', u.id, 'full_name', u.full_name)) order by fc.sort)
      from public.qi_review_fallouts f join public.qi_fallout_codes fc on fc.code = f.code
      left join public.users u on u.id = f.added_by
      where f.review_id = r.id), '[]'),
    'history', coalesce((
      select jsonb_agg(jsonb_build_object('occurred_at', a.occurred_at, 'action', a.action, 'details', a.details,
                                          'by', jsonb_build_object('id', u.id, 'full_name', u.full_name)) order by a.occurred_at, a.id)
      from public.audit_logs a left join public.users u on u.id = a.user_id
      where a.action like 'qi\_review\_%' and a.details ->> 'review_id' = r.id::text
        and a.department_id = r.department_id and a.occurred_at >= r.created_at - interval '1 minute'), '[]'),
    'may_decide', caller.role in ('medical_director', 'admin'),
    'next_statuses', case when caller.role in ('medical_director', 'admin') then to_jsonb(private.qi_review_next_statuses(r.status)) else '[]'::jsonb end)
$$;

-- The review history reads the audit trail by item.
create index audit_logs_qi_review_idx on public.audit_logs ((details ->> 'review_id'), occurred_at) where action like 'qi\_review\_%';

create function public.get_qi_review(review_id uuid) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  caller public.users := private.console_caller('read QI review items', false);
begin
  return private.qi_review_detail(private.load_qi_review(get_qi_review.review_id, caller.department_id, false), caller);
end
$$;

-- "Assign to me": the caller takes the item; a new item goes into review with it.
create function public.assign_qi_review(review_id uuid) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  caller public.users := private.console_caller('work QI review items', true);
  r public.qi_reviews := private.load_qi_review(assign_qi_review.review_id, caller.department_id, true);
  previous_status public.qi_review_status := r.status;
begin
  update public.qi_reviews q
  set assigned_to = caller.id, assigned_at = now(), status = case when q.status = 'new' then 'in_review' else q.status end
  where q.id = r.id returning * into r;
  perform private.write_audit_log('qi_review_assigned', jsonb_build_object(
    'review_id', r.id, 'assigned_to', caller.id, 'from_status', previous_status, 'to_status', r.status));
  return private.qi_review_detail(r, caller);
end
$$;

-- Moves an item on. needs_correction asks the crew member for a correction (the note, which
-- their device shows); a note is also required to reopen a closed item, and optional to close
-- one (then it is kept as a comment). An unassigned item is assigned to the caller.
create function public.set_qi_review_status(review_id uuid, status public.qi_review_status, note text default null) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  caller public.users := private.console_caller('work QI review items', true);
  r public.qi_reviews := private.load_qi_review(set_qi_review_status.review_id, caller.department_id, true);
  previous_status public.qi_review_status := r.status;
  target public.qi_review_status := set_qi_review_status.status;
  clean_note text := nullif(trim(set_qi_review_status.note), '');
begin
  if target is null or not target = any (private.qi_review_next_statuses(r.status)) then
    raise exception using errcode = 'P0001',
      message = format('a review item that is %s can go to %s, not to %s', replace(r.status::text, '_', ' '),
        (select string_agg(replace(s::text, '_', ' '), ' or ') from unnest(private.qi_review_next_statuses(r.status)) s),
        coalesce(replace(target::text, '_', ' '), 'nothing'));
  end if;
  if clean_note is not null and length(clean_note) > 2000 then
    raise exception using errcode = '22023', message = 'the note must be at most 2000 characters';
  end if;
  if target = 'needs_correction' and clean_note is null then
    raise exception using errcode = '22023',
      message = 'say what the crew member should correct: the note is the request their device shows';
  end if;
  if previous_status = 'closed' and clean_note is null then
    raise exception using errcode = '22023', message = 'say why the closed item is reopened';
  end if;

  update public.qi_reviews q set
    status = target,
    assigned_to = coalesce(q.assigned_to, caller.id),
    assigned_at = coalesce(q.assigned_at, now()),
    correction_request = case when target = 'needs_correction' then clean_note else q.correction_request end,
    correction_requested_by = case when target = 'needs_correction' then caller.id else q.correction_requested_by end,
    correction_requested_at = case when target = 'needs_correction' then now() else q.correction_requested_at end,
    records_since_request = case when target = 'needs_correction' then 0 else q.records_since_request end,
    closed_by = case when target = 'closed' then caller.id end,
    closed_at = case when target = 'closed' then now() end
  where q.id = r.id returning * into r;

  if clean_note is not null and target <> 'needs_correction' then
    insert into public.qi_review_comments (review_id, department_id, author_id, body) values (r.id, r.department_id, caller.id, clean_note);
  end if;
  perform private.write_audit_log('qi_review_status_changed', jsonb_build_object(
    'review_id', r.id, 'from_status', previous_status, 'to_status', target, 'with_note', clean_note is not null));
  return private.qi_review_detail(r, caller);
end
$$;

create function public.add_qi_review_comment(review_id uuid, body text) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  caller public.users := private.console_caller('comment on QI review items', true);
  r public.qi_reviews := private.load_qi_review(add_qi_review_comment.review_id, caller.department_id, true);
  clean_body text := nullif(trim(add_qi_review_comment.body), '');
  comment_id uuid;
begin
  if clean_body is null or length(clean_body) > 4000 then
    raise exception using errcode = '22023', message = 'a comment is 1 to 4000 characters of text';
  end if;
  insert into public.qi_review_comments (review_id, department_id, author_id, body)
  values (r.id, r.department_id, caller.id, clean_body) returning id into comment_id;
  update public.qi_reviews q set updated_at = now() where q.id = r.id returning * into r;
  -- The comment's text stays in the review; the trail says that one was written, and by whom.
  perform private.write_audit_log('qi_review_commented', jsonb_build_object('review_id', r.id, 'comment_id', comment_id));
  return private.qi_review_detail(r, caller);
end
$$;

create function public.add_qi_review_fallout(review_id uuid, code text, note text default null) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  caller public.users := private.console_caller('file fallout codes', true);
  r public.qi_reviews := private.load_qi_review(add_qi_review_fallout.review_id, caller.department_id, true);
  clean_code text := upper(trim(add_qi_review_fallout.code));
  clean_note text := nullif(trim(add_qi_review_fallout.note), '');
begin
  if clean_code is null or not exists (select 1 from public.qi_fallout_codes f where f.code = clean_code) then
    raise exception using errcode = '22023',
      message = format('%s is not an MCG 1373 fallout code; the codes are %s', coalesce(add_qi_review_fallout.code, 'null'),
        (select string_agg(f.code, ', ' order by f.sort) from public.qi_fallout_codes f));
  end if;
  if clean_note is not null and length(clean_note) > 1000 then
    raise exception using errcode = '22023', message = 'a fallout note is at most 1000 characters';
  end if;
  if r.status = 'closed' then
    raise exception using errcode = 'P0001', message = 'the item is closed: reopen it to file another fallout';
  end if;
  insert into public.qi_review_fallouts (review_id, department_id, code, note, added_by)
  values (r.id, r.department_id, clean_code, clean_note, caller.id)
  on conflict on constraint qi_review_fallouts_pkey do update set note = excluded.note, added_by = excluded.added_by, added_at = now();
  update public.qi_reviews q set updated_at = now() where q.id = r.id returning * into r;
  perform private.write_audit_log('qi_review_fallout_added', jsonb_build_object('review_id', r.id, 'code', clean_code));
  return private.qi_review_detail(r, caller);
end
$$;

create function public.remove_qi_review_fallout(review_id uuid, code text) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  caller public.users := private.console_caller('file fallout codes', true);
  r public.qi_reviews := private.load_qi_review(remove_qi_review_fallout.review_id, caller.department_id, true);
  clean_code text := upper(trim(remove_qi_review_fallout.code));
begin
  if r.status = 'closed' then
    raise exception using errcode = 'P0001', message = 'the item is closed: reopen it to change its fallouts';
  end if;
  delete from public.qi_review_fallouts f where f.review_id = r.id and f.code = clean_code;
  if not found then
    raise exception using errcode = 'PT404', message = format('fallout %s is not filed on this item', clean_code);
  end if;
  update public.qi_reviews q set updated_at = now() where q.id = r.id returning * into r;
  perform private.write_audit_log('qi_review_fallout_removed', jsonb_build_object('review_id', r.id, 'code', clean_code));
  return private.qi_review_detail(r, caller);
end
$$;

-- The caller's own calls that a reviewer sent back for correction: what their device shows and
-- keeps for offline reading. Any signed-in crew member with a profile; nobody sees another's.
create function public.my_correction_requests() returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
begin
  perform private.take_api_call_or_raise();
  if private.current_app_role() is null then
    raise exception using errcode = '42501', message = 'sign in with an account that has an active Rigside profile to read correction requests';
  end if;
  return coalesce((
    select jsonb_agg(jsonb_build_object(
             'id', r.id, 'started_at', r.started_at, 'last_record_at', r.last_record_at,
             'request', r.correction_request, 'requested_at', r.correction_requested_at,
             'requested_by', u.full_name, 'medications', to_jsonb(r.medications), 'applied_protocols', to_jsonb(r.applied_protocols),
             'doses', r.doses, 'narratives', r.narratives, 'records_since_request', r.records_since_request)
           order by r.correction_requested_at desc, r.id)
    from public.qi_reviews r
    left join public.users u on u.id = r.correction_requested_by
    where r.user_id = auth.uid() and r.status = 'needs_correction'), '[]'::jsonb);
end
$$;

revoke all on function private.take_api_call_or_raise(), private.console_caller(text, boolean),
  private.qi_review_next_statuses(public.qi_review_status), private.load_qi_review(uuid, uuid, boolean),
  private.qi_review_detail(public.qi_reviews, public.users) from public;

revoke all on function
  public.get_console_context(),
  public.list_qi_reviews(public.qi_review_status, text, uuid, uuid, uuid, timestamptz, timestamptz, boolean, timestamptz, uuid, integer),
  public.get_qi_review(uuid), public.assign_qi_review(uuid), public.set_qi_review_status(uuid, public.qi_review_status, text),
  public.add_qi_review_comment(uuid, text), public.add_qi_review_fallout(uuid, text, text), public.remove_qi_review_fallout(uuid, text),
  public.my_correction_requests()
  from public, anon;
grant execute on function
  public.get_console_context(),
  public.list_qi_reviews(public.qi_review_status, text, uuid, uuid, uuid, timestamptz, timestamptz, boolean, timestamptz, uuid, integer),
  public.get_qi_review(uuid), public.assign_qi_review(uuid), public.set_qi_review_status(uuid, public.qi_review_status, text),
  public.add_qi_review_comment(uuid, text), public.add_qi_review_fallout(uuid, text, text), public.remove_qi_review_fallout(uuid, text),
  public.my_correction_requests()
  to authenticated;
