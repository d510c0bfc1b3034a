-- Checks that hold for every writer of a record, not only for ingest_events (issue #12): the
-- service role, a future RPC, or someone at a SQL prompt are held to the same shape and times
-- that ingest_events already demands of devices.

-- Sealed PHI is what the app's phi-crypto.ts sends: {iv, data} and nothing else, both standard
-- base64. iv is the AES-GCM nonce (12 bytes in the app; up to 16 accepted), data the ciphertext
-- with its 16-byte tag (so at least 17 bytes) and at most the 200,000 characters ingest_events
-- takes. Anything else is either not ciphertext or not from the app. (coalesce: a CHECK that
-- comes out null passes, and a missing key makes these expressions null.)
alter table public.patient_contexts drop constraint patient_contexts_phi_sealed_check;
alter table public.patient_contexts add constraint patient_contexts_phi_sealed_check check (coalesce(
  jsonb_typeof(phi_sealed) = 'object'
  and phi_sealed - 'iv' - 'data' = '{}'::jsonb
  and jsonb_typeof(phi_sealed -> 'iv') = 'string'
  and length(phi_sealed ->> 'iv') between 16 and 24
  and phi_sealed ->> 'iv' ~ '^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$'
  and jsonb_typeof(phi_sealed -> 'data') = 'string'
  and length(phi_sealed ->> 'data') between 24 and 200000
  and phi_sealed ->> 'data' ~ '^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$',
  false));

-- A record's time must lie between its kind's retention (private.retention_of) and an hour
-- ahead of the server's clock: the same bounds ingest_events puts on occurred_at, so nothing
-- it accepts is refused here. A row older than its retention would be purged at once (and its
-- ledger entry with it, letting a replay in again); one far in the future would outlive it.
-- A trigger rather than a CHECK: the bounds move with now(), and a CHECK must stay true of a
-- row forever (a restore re-checks it). Arguments: the record kind, the time column.
create function private.refuse_record_out_of_time() returns trigger
language plpgsql set search_path = ''
as $$
declare
  record_kind text := tg_argv[0];
  time_column text := tg_argv[1];
  recorded_at timestamptz := (to_jsonb(new) ->> time_column)::timestamptz;
  kept interval := justify_hours(private.retention_of(record_kind));
begin
  if recorded_at > now() + interval '1 hour' then
    raise exception using errcode = '23514', column = time_column,
      message = format('a %s dated %s is more than an hour ahead of the server''s clock', record_kind, recorded_at),
      hint = 'check the date and time of the device that made it';
  end if;
  if recorded_at < now() - kept then
    raise exception using errcode = '23514', column = time_column,
      message = format('a %s dated %s is older than the %s it would be kept', record_kind, recorded_at, kept);
  end if;
  return new;
end
$$;
revoke all on function private.refuse_record_out_of_time() from public;

create trigger patient_contexts_refuse_out_of_time before insert or update of created_at on public.patient_contexts
  for each row execute function private.refuse_record_out_of_time('patient_context', 'created_at');
create trigger narrative_history_refuse_out_of_time before insert or update of created_at on public.narrative_history
  for each row execute function private.refuse_record_out_of_time('narrative', 'created_at');
create trigger protocol_usage_refuse_out_of_time before insert or update of created_at on public.protocol_usage
  for each row execute function private.refuse_record_out_of_time('protocol_usage', 'created_at');
create trigger dosing_calculations_refuse_out_of_time before insert or update of created_at on public.dosing_calculations
  for each row execute function private.refuse_record_out_of_time('dosing_calculation', 'created_at');
-- Cloned onto every month partition, present and future.
create trigger audit_logs_refuse_out_of_time before insert on public.audit_logs
  for each row execute function private.refuse_record_out_of_time('audit', 'occurred_at');
-- The service role still writes records directly (server jobs, seeds), and its rows meet the
-- same trigger, which asks retention_of.
grant execute on function private.retention_of(text) to service_role;
