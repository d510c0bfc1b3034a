-- ingest_events judges a whole batch in one query, so a row that its payload checks let through
-- but a table CHECK refuses would fail every event of the batch. The sealed-PHI check on
-- patient_contexts (record_checks) is stricter than the payload check it was written beside:
-- this brings the payload check up to it, so such an event is refused on its own, with a
-- message, and the rest of its batch goes in.
create or replace function private.patient_context_payload_problem(p_payload jsonb, p_occurred_at timestamptz) returns text
language sql stable
as $$
  select coalesce(
    private.uuid_field_problem(p_payload, 'context_id'),
    private.iso_time_field_problem(p_payload, 'created_at'),
    private.iso_time_field_problem(p_payload, 'expires_at'),
    case when jsonb_typeof(p_payload -> 'phi_sealed') is distinct from 'object' then 'payload.phi_sealed must be an object' end,
    private.text_field_problem(p_payload -> 'phi_sealed', 'iv', 64, true, 'payload.phi_sealed.'),
    private.text_field_problem(p_payload -> 'phi_sealed', 'data', 200000, true, 'payload.phi_sealed.'),
    case when (p_payload -> 'phi_sealed') - 'iv' - 'data' <> '{}'::jsonb
      then 'payload.phi_sealed holds only iv and data: the server never receives patient fields in the clear' end,
    case when (p_payload ->> 'expires_at')::timestamptz <> (p_payload ->> 'created_at')::timestamptz + interval '24 hours'
      then 'payload.expires_at must be exactly 24 hours after payload.created_at' end,
    case when p_occurred_at < (p_payload ->> 'created_at')::timestamptz
      then 'occurred_at cannot be earlier than payload.created_at: a context is saved when or after it is created' end,
    -- Last, as the table's CHECK came last for the function these checks replace.
    case when length(p_payload #>> '{phi_sealed,iv}') not between 16 and 24
           or p_payload #>> '{phi_sealed,iv}' !~ '^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$'
      then 'payload.phi_sealed.iv must be the base64 of an AES-GCM nonce (16 to 24 characters)' end,
    case when length(p_payload #>> '{phi_sealed,data}') < 24
           or p_payload #>> '{phi_sealed,data}' !~ '^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$'
      then 'payload.phi_sealed.data must be base64 ciphertext with its tag (at least 24 characters)' end)
$$;
