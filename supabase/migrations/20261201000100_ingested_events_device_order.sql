-- Order per device, checkable on the server. A device numbers its outbox events with a local
-- sequence (DESIGN.md, Sync: "order by a local auto-increment sequence") and names itself with a
-- stable UUID; ingest_events keeps both in the ledger beside the event id, so that a gap or a
-- reordering in what one device sent can be found with a query. Both are optional: older clients
-- and hand-written events send neither. A replay keeps the row (and the seq) of the first send.
alter table private.ingested_events
  add column device_id uuid,
  add column device_seq bigint check (device_seq >= 1);

-- Only events that name their device are looked up by device.
create index ingested_events_device_id_device_seq_idx on private.ingested_events (device_id, device_seq)
  where device_id is not null;
