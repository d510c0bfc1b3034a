-- Records written on devices and synced up by ingest_events: patient contexts, narratives,
-- protocol usage, dosing calculations; plus the ImageTrend export queue and server metrics.
--
-- Every record keeps the id the device gave it (a UUID v7, the event's idempotency key), who
-- wrote it, and the department and station they worked for at the time, so supervisors filter
-- without joins and a transfer does not move old records. context_id is a plain uuid, not a
-- foreign key: patient contexts are purged after 24 hours while the records about them stay.

create type public.narrative_format as enum ('soap', 'chronological', 'nemsis');
create type public.protocol_usage_action as enum ('viewed', 'applied');
create type public.imagetrend_sync_status as enum ('pending', 'sent', 'acknowledged', 'failed');

-- The patient in front of the crew, sealed on the device with AES-GCM ({iv, data}, base64).
-- The server keeps the ciphertext for the 24 hours a context lives and never holds the key.
create table public.patient_contexts (
  id uuid primary key,
  user_id uuid not null references public.users (id),
  department_id uuid not null references public.departments (id),
  station_id uuid references public.stations (id),
  session_id uuid,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  phi_sealed jsonb not null check (
    jsonb_typeof(phi_sealed -> 'iv') = 'string' and jsonb_typeof(phi_sealed -> 'data') = 'string'),
  -- The outbox event whose save this is (a context is saved again when its fields change).
  last_event_id uuid,
  received_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- DESIGN.md: a context expires 24 hours after it was created, everywhere.
  constraint patient_contexts_lifetime_check check (expires_at = created_at + interval '24 hours')
);
create index patient_contexts_expires_at_idx on public.patient_contexts (expires_at);
create index patient_contexts_user_id_idx on public.patient_contexts (user_id);

create trigger patient_contexts_touch_updated_at before update on public.patient_contexts
  for each row execute function private.touch_updated_at();

create table public.narrative_history (
  id uuid primary key,
  -- Every save of a narrative is kept; the saves of one narrative share narrative_id.
  narrative_id uuid not null,
  user_id uuid not null references public.users (id),
  department_id uuid not null references public.departments (id),
  station_id uuid references public.stations (id),
  session_id uuid,
  context_id uuid,
  format public.narrative_format not null,
  content text not null check (length(content) between 1 and 50000),
  created_at timestamptz not null,
  received_at timestamptz not null default now()
);
create index narrative_history_department_id_created_at_idx on public.narrative_history (department_id, created_at desc);
create index narrative_history_user_id_created_at_idx on public.narrative_history (user_id, created_at desc);
create index narrative_history_narrative_id_idx on public.narrative_history (narrative_id);

create table public.protocol_usage (
  id uuid primary key,
  user_id uuid not null references public.users (id),
  department_id uuid not null references public.departments (id),
  station_id uuid references public.stations (id),
  session_id uuid,
  context_id uuid,
  tp_code text not null check (tp_code ~ '^\d{4}(-P)?$'),
  action public.protocol_usage_action not null,
  -- The search that led to the protocol; devices never put patient identifiers in it.
  query text check (length(query) <= 200),
  dataset_version text check (length(dataset_version) <= 40),
  created_at timestamptz not null,
  received_at timestamptz not null default now()
);
create index protocol_usage_department_id_created_at_idx on public.protocol_usage (department_id, created_at desc);
create index protocol_usage_user_id_created_at_idx on public.protocol_usage (user_id, created_at desc);
create index protocol_usage_created_at_idx on public.protocol_usage (created_at);

-- What the dosing engine answered, with its inputs and warnings, as confirmed by the crew.
create table public.dosing_calculations (
  id uuid primary key,
  user_id uuid not null references public.users (id),
  department_id uuid not null references public.departments (id),
  station_id uuid references public.stations (id),
  session_id uuid,
  context_id uuid,
  medication text not null check (length(medication) between 1 and 100),
  route text not null check (length(route) between 1 and 20),
  indication text check (length(indication) <= 200),
  inputs jsonb not null check (jsonb_typeof(inputs) = 'object'),
  dose_value numeric not null check (dose_value >= 0),
  dose_unit text not null check (length(dose_unit) between 1 and 20),
  volume_ml numeric check (volume_ml >= 0),
  concentration text check (length(concentration) <= 100),
  -- The length-based tape band (MCG 1309); null for adults.
  color text check (length(color) <= 20),
  capped boolean not null default false,
  -- [{code, severity: danger|caution|info, message}], as the dosing engine gives them.
  warnings jsonb not null default '[]' check (jsonb_typeof(warnings) = 'array'),
  has_warnings boolean not null generated always as (jsonb_array_length(warnings) > 0) stored,
  has_danger_warning boolean not null generated always as (warnings @> '[{"severity": "danger"}]') stored,
  formulary_version text not null check (length(formulary_version) between 1 and 100),
  created_at timestamptz not null,
  received_at timestamptz not null default now()
);
create index dosing_calculations_department_id_created_at_idx on public.dosing_calculations (department_id, created_at desc);
create index dosing_calculations_user_id_created_at_idx on public.dosing_calculations (user_id, created_at desc);
create index dosing_calculations_created_at_idx on public.dosing_calculations (created_at);

-- Narratives queued for export to the agency's ImageTrend ePCR.
create table public.imagetrend_sync (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id),
  department_id uuid not null references public.departments (id),
  station_id uuid references public.stations (id),
  narrative_id uuid not null,
  context_id uuid,
  epcr_id text check (length(epcr_id) <= 60),
  status public.imagetrend_sync_status not null default 'pending',
  attempts integer not null default 0 check (attempts >= 0),
  last_error text check (length(last_error) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index imagetrend_sync_department_id_created_at_idx on public.imagetrend_sync (department_id, created_at desc);
create index imagetrend_sync_pending_idx on public.imagetrend_sync (created_at) where status in ('pending', 'failed');

create trigger imagetrend_sync_touch_updated_at before update on public.imagetrend_sync
  for each row execute function private.touch_updated_at();

-- Server-side measurements (one row per ingest batch, for instance); kept 90 days.
create table public.metrics (
  id bigint generated always as identity primary key,
  name text not null check (name ~ '^[a-z][a-z0-9_.]{0,63}$'),
  value double precision not null,
  labels jsonb not null default '{}' check (jsonb_typeof(labels) = 'object'),
  user_id uuid,
  session_id uuid,
  department_id uuid,
  station_id uuid,
  recorded_at timestamptz not null default now()
);
create index metrics_department_id_name_recorded_at_idx on public.metrics (department_id, name, recorded_at desc);
create index metrics_recorded_at_idx on public.metrics (recorded_at);

-- Row-level security: crews read and append their own records, supervisors read their
-- department's. Records are append-only; only a patient context is re-sealed (new fields) or
-- withdrawn by its owner.
alter table public.patient_contexts enable row level security;
alter table public.narrative_history enable row level security;
alter table public.protocol_usage enable row level security;
alter table public.dosing_calculations enable row level security;
alter table public.imagetrend_sync enable row level security;
alter table public.metrics enable row level security;

revoke all on public.patient_contexts, public.narrative_history, public.protocol_usage,
  public.dosing_calculations, public.imagetrend_sync, public.metrics from anon, authenticated;
grant select, insert on public.patient_contexts, public.narrative_history, public.protocol_usage,
  public.dosing_calculations, public.imagetrend_sync to authenticated;
grant update (phi_sealed), delete on public.patient_contexts to authenticated;
grant select on public.metrics to authenticated;

-- One pair of policies per table, spelled out rather than generated, so that each table's
-- rules can be read where the table is.
create policy "users read own contexts, supervisors their department's" on public.patient_contexts
  for select to authenticated
  using (user_id = (select auth.uid())
    or ((select private.is_supervisor()) and department_id = (select private.current_department_id())));
create policy "users add their own contexts" on public.patient_contexts
  for insert to authenticated
  with check (user_id = (select auth.uid())
    and department_id = (select private.current_department_id())
    and station_id is not distinct from (select private.current_station_id()));
create policy "users re-seal their own contexts" on public.patient_contexts
  for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));
create policy "users withdraw their own contexts" on public.patient_contexts
  for delete to authenticated
  using (user_id = (select auth.uid()));

create policy "users read own narratives, supervisors their department's" on public.narrative_history
  for select to authenticated
  using (user_id = (select auth.uid())
    or ((select private.is_supervisor()) and department_id = (select private.current_department_id())));
create policy "users add their own narratives" on public.narrative_history
  for insert to authenticated
  with check (user_id = (select auth.uid())
    and department_id = (select private.current_department_id())
    and station_id is not distinct from (select private.current_station_id()));

create policy "users read own protocol usage, supervisors their department's" on public.protocol_usage
  for select to authenticated
  using (user_id = (select auth.uid())
    or ((select private.is_supervisor()) and department_id = (select private.current_department_id())));
create policy "users add their own protocol usage" on public.protocol_usage
  for insert to authenticated
  with check (user_id = (select auth.uid())
    and department_id = (select private.current_department_id())
    and station_id is not distinct from (select private.current_station_id()));

create policy "users read own doses, supervisors their department's" on public.dosing_calculations
  for select to authenticated
  using (user_id = (select auth.uid())
    or ((select private.is_supervisor()) and department_id = (select private.current_department_id())));
create policy "users add their own doses" on public.dosing_calculations
  for insert to authenticated
  with check (user_id = (select auth.uid())
    and department_id = (select private.current_department_id())
    and station_id is not distinct from (select private.current_station_id()));

create policy "users read own exports, supervisors their department's" on public.imagetrend_sync
  for select to authenticated
  using (user_id = (select auth.uid())
    or ((select private.is_supervisor()) and department_id = (select private.current_department_id())));
create policy "users queue their own narratives for export" on public.imagetrend_sync
  for insert to authenticated
  with check (user_id = (select auth.uid())
    and department_id = (select private.current_department_id())
    and station_id is not distinct from (select private.current_station_id())
    and status = 'pending' and attempts = 0);

-- Metrics are written by the server (ingest_events) only.
create policy "users read own metrics, supervisors their department's" on public.metrics
  for select to authenticated
  using (user_id = (select auth.uid())
    or ((select private.is_supervisor()) and department_id = (select private.current_department_id())));
