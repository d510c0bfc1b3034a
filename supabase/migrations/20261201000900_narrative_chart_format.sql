-- CHART (Chief complaint, History, Assessment, Rx, Transport) is the third narrative format crews
-- draft on the device, beside SOAP and chronological (issue 16). The enum gains the value and the
-- payload check of ingest_events accepts it; everything else about a narrative is unchanged.

alter type public.narrative_format add value if not exists 'chart';

-- As in 20261201000110_event_payload_checks.sql: no `set search_path`, so it stays inlinable.
create or replace function private.narrative_payload_problem(p_payload jsonb) returns text
language sql stable
as $$
  select coalesce(
    private.text_field_problem(p_payload, 'format', 20),
    case when p_payload ->> 'format' not in ('soap', 'chart', 'chronological', 'nemsis')
      then 'payload.format must be soap, chart, chronological or nemsis' end,
    private.uuid_field_problem(p_payload, 'narrative_id', false),
    private.uuid_field_problem(p_payload, 'context_id', false),
    private.text_field_problem(p_payload, 'content', 50000))
$$;
