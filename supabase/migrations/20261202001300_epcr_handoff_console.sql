-- The ePCR hand-off in the console (issues 15 and 16): every closed call's submission of the
-- caller's department, with what became of it, those that need a person first.
--
-- The console names seven stages, worked out from the stored row and the clock:
--   queued           waiting for its first attempt;
--   sending          a runner holds it now, or the receiver is still processing it;
--   retry_scheduled  an attempt failed in a way worth retrying: attempt count and next attempt;
--   sent, sent_with_warnings (the warnings kept);
--   needs_correction the receiver refused it (the schema, the rules, a duplicate, the credentials):
--                    its reasons are kept;
--   failed           the third retry failed too.
-- The page lists failed and needs-correction calls first, then those still on their way, then
-- those sent, each newest first; keyset-paged like the audit trail. Supervisors read it;
-- medical directors and admins may put a failed or refused call back in the queue once the
-- cause is fixed (an ePCR outage over, credentials or the receiver's set-up corrected), saying
-- why: the server writes that to the audit trail.

-- 2: needs a person (failed, needs correction); 1: still on its way; 0: done.
alter table public.epcr_submissions
  add column urgency smallint not null generated always as (
    case when status in ('failed', 'needs_correction') then 2 when status in ('queued', 'processing') then 1 else 0 end) stored,
  add column requeues integer not null default 0 check (requeues >= 0),
  add column requeued_at timestamptz,
  add column requeued_by uuid references public.users (id);

-- The console's order and the status filter, each an index scan in page order.
create index epcr_submissions_department_urgency_idx
  on public.epcr_submissions (department_id, urgency desc, closed_at desc, id desc);
create index epcr_submissions_department_status_idx
  on public.epcr_submissions (department_id, status, closed_at desc, id desc);

-- The stage the console shows, from the row and the clock.
create function private.epcr_stage(
  p_status public.epcr_submission_status, p_attempts integer, p_claimed_until timestamptz, p_now timestamptz
) returns text
language sql stable set search_path = ''
as $$
  select case
    when p_status = 'processing' or (p_status = 'queued' and p_claimed_until > p_now) then 'sending'
    when p_status = 'queued' and p_attempts > 0 then 'retry_scheduled'
    else p_status::text
  end
$$;
revoke all on function private.epcr_stage(public.epcr_submission_status, integer, timestamptz, timestamptz) from public;

create function private.epcr_stages() returns text[]
language sql immutable set search_path = ''
as $$ select array['needs_correction', 'failed', 'retry_scheduled', 'sending', 'queued', 'sent_with_warnings', 'sent'] $$;
revoke all on function private.epcr_stages() from public;

-- The department's hand-offs: urgent first, newest first. filter_stage: one of the stages
-- above; filter_user_id: one crew member's calls. Pass the last row's (urgency, closed_at, id)
-- as after_* for the next page.
create function public.list_epcr_handoffs(
  filter_stage text default null, filter_user_id uuid default null,
  after_urgency integer default null, after_closed_at timestamptz default null, after_id uuid default null,
  page_size integer default 50)
returns table (
  id uuid, pcr_number text, report_uuid uuid, user_id uuid, full_name text, badge_number text, station_code text,
  stage text, status public.epcr_submission_status, urgency integer, attempts integer, next_attempt_at timestamptz,
  last_status_code integer, last_error text, warnings text, closed_at timestamptz, sent_at timestamptz,
  updated_at timestamptz, requeues integer, requeued_at timestamptz, requeued_by_name text, may_requeue boolean)
language plpgsql volatile security definer set search_path = ''
-- Planned for each call's own filters, so that an absent filter costs nothing.
set plan_cache_mode = force_custom_plan
as $$
#variable_conflict use_column
declare
  caller public.users := private.console_caller('read the ePCR hand-off', false);
  may_decide boolean := caller.role in ('medical_director', 'admin');
  now_at timestamptz := now();
  -- The stored statuses a stage is made of (the clock tells queued, sending and retry apart).
  statuses public.epcr_submission_status[];
begin
  if page_size is null or page_size not between 1 and 1000 then
    raise exception using errcode = '22023', message = 'page_size must be between 1 and 1000';
  end if;
  if (after_id is null) <> (after_closed_at is null) or (after_id is null) <> (after_urgency is null) then
    raise exception using errcode = '22023',
      message = 'after_urgency, after_closed_at and after_id go together: all three from the last row of the previous page, or none';
  end if;
  if filter_stage is not null and not filter_stage = any (private.epcr_stages()) then
    raise exception using errcode = '22023',
      message = format('filter_stage must be one of %s', array_to_string(private.epcr_stages(), ', '));
  end if;
  statuses := case filter_stage
    when 'sending' then array['queued', 'processing']
    when 'queued' then array['queued']
    when 'retry_scheduled' then array['queued']
    else array[filter_stage]
  end::public.epcr_submission_status[];

  return query
    select s.id, s.pcr_number, s.report_uuid, s.user_id, u.full_name, u.badge_number, st.code,
           private.epcr_stage(s.status, s.attempts, s.claimed_until, now_at), s.status, s.urgency::integer, s.attempts,
           s.next_attempt_at, s.last_status_code, s.last_error, s.warnings, s.closed_at, s.sent_at, s.updated_at,
           s.requeues, s.requeued_at, rq.full_name,
           may_decide and s.status in ('failed', 'needs_correction') and s.encounter is not null
    from public.epcr_submissions s
    left join public.users u on u.id = s.user_id
    left join public.stations st on st.id = s.station_id
    left join public.users rq on rq.id = s.requeued_by
    where s.department_id = caller.department_id
      and (list_epcr_handoffs.filter_stage is null or s.status = any (statuses))
      and (list_epcr_handoffs.filter_stage is null or list_epcr_handoffs.filter_stage not in ('queued', 'sending', 'retry_scheduled')
           or private.epcr_stage(s.status, s.attempts, s.claimed_until, now_at) = list_epcr_handoffs.filter_stage)
      and (list_epcr_handoffs.filter_user_id is null or s.user_id = list_epcr_handoffs.filter_user_id)
      and (list_epcr_handoffs.after_id is null
           or (s.urgency, s.closed_at, s.id) < (list_epcr_handoffs.after_urgency, list_epcr_handoffs.after_closed_at, list_epcr_handoffs.after_id))
    order by s.urgency desc, s.closed_at desc, s.id desc
    limit list_epcr_handoffs.page_size;
end
$$;

-- How many of the department's hand-offs are at each stage (every stage named, 0 where none).
create function public.count_epcr_handoffs() returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  caller public.users := private.console_caller('read the ePCR hand-off', false);
  now_at timestamptz := now();
begin
  return (
    select jsonb_object_agg(stage, coalesce(n, 0))
    from unnest(private.epcr_stages()) as stage
    left join (
      select private.epcr_stage(s.status, s.attempts, s.claimed_until, now_at) as stage, count(*)::integer as n
      from public.epcr_submissions s
      where s.department_id = caller.department_id
      group by 1
    ) c using (stage));
end
$$;

-- A medical director or an admin puts a failed or refused call back in the queue, due at once,
-- with its retries counted afresh. The same document goes again, so this is for causes fixed
-- outside it: say which (the reason is written to the audit trail with the receiver's last answer).
create function public.requeue_epcr_submission(submission_id uuid, reason text) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  caller public.users := private.console_caller('put an ePCR hand-off back in the queue', true);
  sub public.epcr_submissions;
  clean_reason text := nullif(trim(requeue_epcr_submission.reason), '');
begin
  select * into sub from public.epcr_submissions s
  where s.id = requeue_epcr_submission.submission_id and s.department_id = caller.department_id
  for update;
  if sub.id is null then
    raise exception using errcode = 'PT404', message = format('no ePCR hand-off with id %s', requeue_epcr_submission.submission_id),
      hint = 'hand-offs are visible to the supervisors, medical directors and admins of the crew member''s department';
  end if;
  if clean_reason is null or length(clean_reason) > 500 then
    raise exception using errcode = '22023', message = 'say what was fixed before sending it again (up to 500 characters)';
  end if;
  if sub.status not in ('failed', 'needs_correction') then
    raise exception using errcode = 'P0001',
      message = format('call %s is %s: only a failed call or one that needs correction goes back in the queue',
        sub.pcr_number, replace(sub.status::text, '_', ' '));
  end if;
  if sub.encounter is null then
    raise exception using errcode = 'P0001',
      message = format('call %s is past its retention: its encounter is gone, so there is nothing to send', sub.pcr_number);
  end if;

  update public.epcr_submissions s set
    status = 'queued', attempts = 0, next_attempt_at = now(), claim_token = null, claimed_until = null,
    request_handle = null, last_status_code = null, last_error = null, warnings = null,
    requeues = s.requeues + 1, requeued_at = now(), requeued_by = caller.id
  where s.id = sub.id;
  perform private.write_audit_log('epcr_submission_requeued', jsonb_build_object(
    'submission_id', sub.id, 'pcr_number', sub.pcr_number, 'from_status', sub.status, 'attempts', sub.attempts,
    'status_code', sub.last_status_code, 'last_error', left(sub.last_error, 300), 'reason', clean_reason));
  return jsonb_build_object('id', sub.id, 'status', 'queued', 'next_attempt_at', now());
end
$$;

-- The audit trail's resource filter finds a hand-off's entries by its id (as for the others, 20261201000840).
create index audit_logs_submission_id_idx on public.audit_logs (department_id, (details ->> 'submission_id'), occurred_at desc)
  where details ? 'submission_id';

revoke all on function
  public.list_epcr_handoffs(text, uuid, integer, timestamptz, uuid, integer),
  public.count_epcr_handoffs(),
  public.requeue_epcr_submission(uuid, text)
  from public, anon;
grant execute on function
  public.list_epcr_handoffs(text, uuid, integer, timestamptz, uuid, integer),
  public.count_epcr_handoffs(),
  public.requeue_epcr_submission(uuid, text)
  to authenticated;
