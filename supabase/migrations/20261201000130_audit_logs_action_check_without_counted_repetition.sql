-- The same rule for audit actions, cheaper to check on every row: Postgres builds a regex's
-- automaton anew for each match, and a counted repetition ({0,63}) makes it large, which cost
-- more than the rest of an audit insert's checks together when ingest_events writes a batch.
-- ^[a-z][a-z0-9_]{0,63}$ is ^[a-z][a-z0-9_]*$ at most 64 characters long.
alter table public.audit_logs drop constraint audit_logs_action_check;
alter table public.audit_logs add constraint audit_logs_action_check
  check (action ~ '^[a-z][a-z0-9_]*$' and length(action) <= 64);
