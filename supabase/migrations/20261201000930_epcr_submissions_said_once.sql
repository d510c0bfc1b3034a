-- The hand-off queue (20261201000910) written the way 20261201000700 says reads and retention
-- once: its read policy through private.supervised_department_id(), and its purge through
-- private.purge_past_retention, dated by when the call was closed.

drop policy "users read own hand-offs, supervisors their department's" on public.epcr_submissions;
create policy "users read own hand-offs, supervisors their department's" on public.epcr_submissions
  for select to authenticated
  using (user_id = (select auth.uid()) or department_id = (select private.supervised_department_id()));

create or replace function public.purge_old_epcr_submissions(p_now timestamptz default now()) returns integer
language sql security definer set search_path = ''
as $$ select private.purge_past_retention('call_closed', 'public.epcr_submissions', 'closed_at', p_now) $$;
