-- Who may read a record, and when a record goes, each said once (issue 14).
--
-- Reads. Every record table let its author read their rows and a medical director or admin
-- read their department's, with the supervision rule written out nine times. The rule is now
-- one function, private.supervised_department_id(): the department whose records the caller
-- oversees, or null. Each policy reads `user_id = (select auth.uid()) or department_id =
-- (select private.supervised_department_id())`, both sides in a sub-select so Postgres works
-- out the caller once per query rather than once per row (a function of the row's columns
-- would be called for every row a supervisor's report scans). The policies keep their names,
-- which say the rule in words.
--
-- Writes. Crews write only through ingest_events (20261201000500): the API roles hold no
-- INSERT, UPDATE or DELETE on these tables. The write policies kept there as a second line
-- would let a hand-run `grant all` through for a member's own rows; without them, row-level
-- security refuses every write by the API roles whatever is granted, which is the stricter
-- second line. So they go.
--
-- Retention. Patient contexts, narratives, protocol usage and dosing calculations each
-- deleted their rows past their kind's retention and the ingest ledger's entries with them,
-- in four copies of one body. private.purge_past_retention does it for all four; the public
-- functions keep their names and signatures for pg_cron, the local stack and operators.

-- Medical directors and admins oversee their own department's records; everyone else none.
create function private.supervised_department_id() returns uuid
language sql stable security definer set search_path = ''
as $$
  select case when private.is_supervisor() then private.current_department_id() end
$$;

revoke all on function private.supervised_department_id() from public;
grant execute on function private.supervised_department_id() to authenticated, service_role;

-- patient_contexts keeps its clock check: an expired context is hidden before any purge runs.
drop policy "users read own unexpired contexts, supervisors their department's" on public.patient_contexts;
create policy "users read own unexpired contexts, supervisors their department's" on public.patient_contexts
  for select to authenticated
  using (expires_at > now() and (user_id = (select auth.uid()) or department_id = (select private.supervised_department_id())));

drop policy "users read own narratives, supervisors their department's" on public.narrative_history;
create policy "users read own narratives, supervisors their department's" on public.narrative_history
  for select to authenticated
  using (user_id = (select auth.uid()) or department_id = (select private.supervised_department_id()));

drop policy "users read own protocol usage, supervisors their department's" on public.protocol_usage;
create policy "users read own protocol usage, supervisors their department's" on public.protocol_usage
  for select to authenticated
  using (user_id = (select auth.uid()) or department_id = (select private.supervised_department_id()));

drop policy "users read own doses, supervisors their department's" on public.dosing_calculations;
create policy "users read own doses, supervisors their department's" on public.dosing_calculations
  for select to authenticated
  using (user_id = (select auth.uid()) or department_id = (select private.supervised_department_id()));

drop policy "users read own exports, supervisors their department's" on public.imagetrend_sync;
create policy "users read own exports, supervisors their department's" on public.imagetrend_sync
  for select to authenticated
  using (user_id = (select auth.uid()) or department_id = (select private.supervised_department_id()));

drop policy "users read own metrics, supervisors their department's" on public.metrics;
create policy "users read own metrics, supervisors their department's" on public.metrics
  for select to authenticated
  using (user_id = (select auth.uid()) or department_id = (select private.supervised_department_id()));

drop policy "users read own audit entries, supervisors their department's" on public.audit_logs;
create policy "users read own audit entries, supervisors their department's" on public.audit_logs
  for select to authenticated
  using (user_id = (select auth.uid()) or department_id = (select private.supervised_department_id()));

drop policy "users read own violations, supervisors their department's" on public.rate_limit_violations;
create policy "users read own violations, supervisors their department's" on public.rate_limit_violations
  for select to authenticated
  using (user_id = (select auth.uid()) or department_id = (select private.supervised_department_id()));

drop policy "users read their sessions, supervisors their department's" on public.sessions;
create policy "users read their sessions, supervisors their department's" on public.sessions
  for select to authenticated
  using (user_id = (select auth.uid()) or department_id = (select private.supervised_department_id()));

drop policy "users read themselves, supervisors their department" on public.users;
create policy "users read themselves, supervisors their department" on public.users
  for select to authenticated
  using (id = (select auth.uid()) or department_id = (select private.supervised_department_id()));

drop policy "users add their own contexts" on public.patient_contexts;
drop policy "users re-seal their own contexts" on public.patient_contexts;
drop policy "users withdraw their own contexts" on public.patient_contexts;
drop policy "users add their own narratives" on public.narrative_history;
drop policy "users add their own protocol usage" on public.protocol_usage;
drop policy "users add their own doses" on public.dosing_calculations;
drop policy "users queue their own narratives for export" on public.imagetrend_sync;
drop policy "users append their own device audit entries" on public.audit_logs;

-- A record of `p_kind` goes the moment it has been kept its kind's retention
-- (private.retention_of), counted from the column that dates it, and the ingest ledger
-- forgets its events at the same age, so a replay of a purged event is refused as past
-- retention rather than stored again. Returns how many records went.
create function private.purge_past_retention(p_kind text, p_records regclass, p_dated_by name, p_now timestamptz)
returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  cutoff timestamptz := p_now - private.retention_of(p_kind);
  purged integer;
begin
  if cutoff is null then
    raise exception using errcode = '22023', message = format('no retention is set for records of kind %L', p_kind);
  end if;
  execute format('delete from %s where %I <= $1', p_records, p_dated_by) using cutoff;
  get diagnostics purged = row_count;
  delete from private.ingested_events l where l.kind = p_kind and l.occurred_at <= cutoff;
  return purged;
end
$$;

revoke all on function private.purge_past_retention(text, regclass, name, timestamptz) from public;

-- A context is created with expires_at = created_at + 24 hours (a CHECK), the retention of
-- its kind: dated by created_at it goes when it expires, as before.
create or replace function public.purge_expired_patient_contexts(p_now timestamptz default now()) returns integer
language sql security definer set search_path = ''
as $$ select private.purge_past_retention('patient_context', 'public.patient_contexts', 'created_at', p_now) $$;

create or replace function public.purge_old_narratives(p_now timestamptz default now()) returns integer
language sql security definer set search_path = ''
as $$ select private.purge_past_retention('narrative', 'public.narrative_history', 'created_at', p_now) $$;

create or replace function public.purge_old_protocol_usage(p_now timestamptz default now()) returns integer
language sql security definer set search_path = ''
as $$ select private.purge_past_retention('protocol_usage', 'public.protocol_usage', 'created_at', p_now) $$;

create or replace function public.purge_old_dosing_calculations(p_now timestamptz default now()) returns integer
language sql security definer set search_path = ''
as $$ select private.purge_past_retention('dosing_calculation', 'public.dosing_calculations', 'created_at', p_now) $$;
