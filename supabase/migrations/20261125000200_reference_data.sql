-- Reference data every device mirrors read-only: protocols, provider impressions, medications.
--
-- Devices update their mirror by delta pulls (pull_reference): every reference row carries the
-- reference version of the transaction that last changed it, and rows are soft-deleted so a
-- pull can tell devices what went away. Only the protocol version workflow and the dataset
-- loader (service role) write these tables; nobody edits them through the API.

-- The reference dataset's version: one counter, bumped once per transaction that changes
-- reference rows, so a device at version N needs exactly the rows with reference_version > N.
create table public.reference_state (
  id boolean primary key default true check (id),
  version bigint not null default 0 check (version >= 0),
  updated_at timestamptz not null default now()
);
insert into public.reference_state default values;

-- Bumps the version the first time a transaction calls it and returns the same number on every
-- later call in that transaction. The row lock on reference_state also serialises writers, so
-- versions become visible in order.
create function private.claim_reference_version() returns bigint
language plpgsql security definer set search_path = ''
as $$
declare
  claimed text := current_setting('rigside.reference_version', true);
  next_version bigint;
begin
  if claimed is not null and claimed <> '' then
    return claimed::bigint;
  end if;
  update public.reference_state set version = version + 1, updated_at = now() returning version into next_version;
  perform set_config('rigside.reference_version', next_version::text, true);
  return next_version;
end
$$;

-- Stamps a changed reference row with the transaction's version.
create function private.stamp_reference_row() returns trigger
language plpgsql set search_path = ''
as $$
begin
  new.reference_version := private.claim_reference_version();
  new.updated_at := now();
  return new;
end
$$;

-- A hard delete would leave devices holding a row they are never told about.
create function private.refuse_reference_delete() returns trigger
language plpgsql set search_path = ''
as $$
begin
  raise exception using
    errcode = '42501',
    message = format('rows of %s are never deleted', tg_table_name),
    hint = 'set deleted_at instead, so that devices learn of the deletion on their next pull';
end
$$;

create type public.population as enum ('adult', 'pediatric');

create table public.protocols (
  tp_code text primary key check (tp_code ~ '^\d{4}(-P)?$'),
  name text not null check (length(name) between 1 and 200),
  population public.population not null,
  category text not null check (length(category) between 1 and 100),
  provider_impressions text[] not null default '{}',
  keywords text[] not null default '{}',
  -- [{kind, title, items[]}], as the app's dataset schema (src/domain/protocols/schema.ts) has it.
  sections jsonb not null check (jsonb_typeof(sections) = 'array' and jsonb_array_length(sections) > 0),
  medications jsonb not null default '[]' check (jsonb_typeof(medications) = 'array'),
  related text[] not null default '{}',
  -- The 30% popularity share of search ranking; a double so that it round-trips to JSON exactly.
  popularity double precision not null default 0 check (popularity between 0 and 1),
  version integer not null check (version > 0),
  effective_date date not null,
  -- Plain text of the sections: the C weight of the search vector.
  content text not null default '',
  search_vector tsvector not null default ''::tsvector,
  reference_version bigint not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index protocols_search_vector_idx on public.protocols using gin (search_vector);
create index protocols_reference_version_idx on public.protocols (reference_version);

-- Weighted full-text search as the original design has it: name A, keywords B, content C.
-- Kept by a trigger because array_to_string is not immutable, which a generated column needs.
create function private.index_protocol() returns trigger
language plpgsql set search_path = ''
as $$
begin
  new.content := coalesce((
    select string_agg(concat_ws(' ', section ->> 'title', items.text), ' ' order by position)
    from jsonb_array_elements(new.sections) with ordinality as s (section, position)
    cross join lateral (
      select string_agg(item, ' ') as text from jsonb_array_elements_text(section -> 'items') as item
    ) as items
  ), '');
  new.search_vector :=
    setweight(to_tsvector('pg_catalog.english', new.name), 'A')
    || setweight(to_tsvector('pg_catalog.simple', new.tp_code), 'A')
    || setweight(to_tsvector('pg_catalog.english', array_to_string(new.keywords, ' ')), 'B')
    || setweight(to_tsvector('pg_catalog.english', new.content), 'C');
  return new;
end
$$;

create trigger protocols_index before insert or update on public.protocols
  for each row execute function private.index_protocol();
create trigger protocols_stamp before insert or update on public.protocols
  for each row execute function private.stamp_reference_row();
create trigger protocols_refuse_delete before delete on public.protocols
  for each row execute function private.refuse_reference_delete();

-- A code may stand for more than one impression (LA County files bradycardia and tachycardia
-- both under DYSR), so an impression is its code and name together, as on the device.
create table public.provider_impressions (
  code text not null check (code ~ '^[A-Z0-9]{3,5}$'),
  name text not null check (length(name) between 1 and 200),
  -- Codes only, without foreign keys: a protocol may be retired while an impression still
  -- names it, and the dataset checks its own references before it is loaded.
  adult_tp text check (adult_tp ~ '^\d{4}$'),
  pediatric_tp text check (pediatric_tp ~ '^\d{4}-P$'),
  guidance text not null default '',
  keywords text[] not null default '{}',
  reference_version bigint not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  primary key (code, name)
);
create index provider_impressions_reference_version_idx on public.provider_impressions (reference_version);

create trigger provider_impressions_stamp before insert or update on public.provider_impressions
  for each row execute function private.stamp_reference_row();
create trigger provider_impressions_refuse_delete before delete on public.provider_impressions
  for each row execute function private.refuse_reference_delete();

-- The formulary. The dosing engine on the device owns the meaning of the dosing rules; the
-- server stores and ships them, so the rules are JSON here.
create table public.medications (
  id text primary key check (id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name text not null check (length(name) between 1 and 200),
  -- The whole formulary record as the app ships it and the dosing engine reads it
  -- (src/domain/dosing/formulary-schema.ts): dose rules by weight, age, tape band and SBP,
  -- formulations, max single and total doses, repeat limits, age limits, interactions.
  -- pull_reference sends it unchanged; the columns around it are copied out for SQL.
  record jsonb check (record is null or jsonb_typeof(record) = 'object'),
  routes text[] not null default '{}',
  indications text[] not null default '{}',
  contraindications text[] not null default '{}',
  reference_version bigint not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index medications_reference_version_idx on public.medications (reference_version);

create trigger medications_stamp before insert or update on public.medications
  for each row execute function private.stamp_reference_row();
create trigger medications_refuse_delete before delete on public.medications
  for each row execute function private.refuse_reference_delete();

-- Reference data is for every signed-in crew member; soft-deleted rows reach devices only as
-- deletions through pull_reference.
alter table public.reference_state enable row level security;
alter table public.protocols enable row level security;
alter table public.provider_impressions enable row level security;
alter table public.medications enable row level security;

revoke all on public.reference_state, public.protocols, public.provider_impressions, public.medications from anon, authenticated;
grant select on public.reference_state, public.protocols, public.provider_impressions, public.medications to authenticated;

create policy "signed-in users read the reference version" on public.reference_state
  for select to authenticated using (true);
create policy "signed-in users read current protocols" on public.protocols
  for select to authenticated using (deleted_at is null);
create policy "signed-in users read current provider impressions" on public.provider_impressions
  for select to authenticated using (deleted_at is null);
create policy "signed-in users read current medications" on public.medications
  for select to authenticated using (deleted_at is null);

-- The shapes devices mirror: the app's dataset records (src/domain/protocols/schema.ts).
create function private.protocol_record(p public.protocols) returns jsonb
language sql stable set search_path = ''
as $$
  select jsonb_build_object(
    'tp_code', p.tp_code, 'name', p.name, 'population', p.population, 'category', p.category,
    'provider_impressions', to_jsonb(p.provider_impressions), 'keywords', to_jsonb(p.keywords),
    'sections', p.sections, 'medications', p.medications, 'related', to_jsonb(p.related),
    'popularity', p.popularity, 'version', p.version, 'effective_date', p.effective_date
  )
$$;

create function private.provider_impression_record(i public.provider_impressions) returns jsonb
language sql stable set search_path = ''
as $$
  select jsonb_build_object(
    'code', i.code, 'name', i.name, 'adult_tp', i.adult_tp, 'pediatric_tp', i.pediatric_tp,
    'guidance', i.guidance, 'keywords', to_jsonb(i.keywords)
  )
$$;

-- A row written by hand without a record sends what its columns hold.
create function private.medication_record(m public.medications) returns jsonb
language sql stable set search_path = ''
as $$
  select coalesce(m.record, jsonb_build_object(
    'id', m.id, 'name', m.name, 'routes', to_jsonb(m.routes), 'indications', to_jsonb(m.indications),
    'contraindications', to_jsonb(m.contraindications)))
$$;

-- What changed since the device's version: changed rows in full, deleted ones by key (tp_code;
-- {code, name} for impressions; id for medications), and the
-- version to store once the delta is applied. `full` tells the device to replace its mirror
-- (first pull, or a device that is ahead of a server that was restored from a backup).
create function public.pull_reference(since_version bigint default 0) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  current_version bigint;
  since bigint := pull_reference.since_version;
  full_pull boolean;
begin
  if since is null or since < 0 then
    raise exception using errcode = '22023',
      message = 'since_version must be 0 for everything, or the reference version the device last applied';
  end if;

  select rs.version into current_version from public.reference_state rs;
  full_pull := since = 0 or since > current_version;
  if full_pull then
    since := 0;
  end if;

  return jsonb_build_object(
    'version', current_version,
    'since_version', pull_reference.since_version,
    'full', full_pull,
    'protocols', coalesce((
      select jsonb_agg(private.protocol_record(p) order by p.tp_code)
      from public.protocols p where p.reference_version > since and p.deleted_at is null), '[]'),
    'provider_impressions', coalesce((
      select jsonb_agg(private.provider_impression_record(i) order by i.code, i.name)
      from public.provider_impressions i where i.reference_version > since and i.deleted_at is null), '[]'),
    'medications', coalesce((
      select jsonb_agg(private.medication_record(m) order by m.id)
      from public.medications m where m.reference_version > since and m.deleted_at is null), '[]'),
    'deleted', jsonb_build_object(
      'protocols', coalesce((
        select jsonb_agg(p.tp_code order by p.tp_code)
        from public.protocols p where p.reference_version > since and p.deleted_at is not null and not full_pull), '[]'),
      'provider_impressions', coalesce((
        select jsonb_agg(jsonb_build_object('code', i.code, 'name', i.name) order by i.code, i.name)
        from public.provider_impressions i where i.reference_version > since and i.deleted_at is not null and not full_pull), '[]'),
      'medications', coalesce((
        select jsonb_agg(m.id order by m.id)
        from public.medications m where m.reference_version > since and m.deleted_at is not null and not full_pull), '[]')
    )
  );
end
$$;

revoke all on function public.pull_reference(bigint) from public, anon;
grant execute on function public.pull_reference(bigint) to authenticated, service_role;

-- The service role loads datasets with plain inserts, which stamp rows through the trigger.
revoke all on function private.claim_reference_version() from public;
grant execute on function private.claim_reference_version() to service_role;
revoke all on function private.protocol_record(public.protocols),
  private.provider_impression_record(public.provider_impressions), private.medication_record(public.medications) from public;
