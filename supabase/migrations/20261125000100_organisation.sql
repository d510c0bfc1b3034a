-- Who works where, and which devices they are signed in on.
--
-- A user's Rigside role travels in the access token (app_metadata.role, which only the server
-- can write, DESIGN.md) and must agree with users.role: a demoted or removed user loses their
-- rights at once instead of when their token expires. Department and station come from the
-- users table, never from the token.

-- Helpers for policies and triggers live in a schema the API does not expose.
create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

create type public.app_role as enum ('paramedic', 'emt', 'medical_director', 'admin');

create table public.departments (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[A-Z0-9-]{2,20}$'),
  name text not null check (length(name) between 1 and 200),
  created_at timestamptz not null default now()
);
comment on table public.departments is 'Agencies or divisions; supervisors see the records of their own department only.';

create table public.stations (
  id uuid primary key default gen_random_uuid(),
  department_id uuid not null references public.departments (id),
  code text not null check (code ~ '^[A-Z0-9-]{1,20}$'),
  name text not null check (length(name) between 1 and 200),
  created_at timestamptz not null default now(),
  unique (department_id, code),
  -- Target of the users' composite key below: a user's station belongs to the user's department.
  unique (id, department_id)
);

create table public.users (
  id uuid primary key references auth.users (id) on delete cascade,
  email text not null check (length(email) between 3 and 320),
  full_name text not null check (length(full_name) between 1 and 200),
  role public.app_role not null,
  badge_number text not null check (badge_number ~ '^[A-Za-z0-9-]{1,20}$'),
  department_id uuid not null references public.departments (id),
  -- Medical directors and admins may work department-wide, without a station.
  station_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Soft delete: clinical records keep pointing at the person who wrote them.
  deleted_at timestamptz,
  unique (department_id, badge_number),
  foreign key (station_id, department_id) references public.stations (id, department_id)
);
create index users_department_id_idx on public.users (department_id);

create function private.touch_updated_at() returns trigger
language plpgsql set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;
create trigger users_touch_updated_at before update on public.users
  for each row execute function private.touch_updated_at();
comment on table public.users is 'Profiles of Supabase Auth users: role, badge, station and department.';

-- One row per signed-in device: the session_id claim of the access token. ingest_events keeps
-- it current, which is what the supervisors' per-device sync health reads.
create table public.sessions (
  id uuid primary key,
  user_id uuid not null references public.users (id) on delete cascade,
  department_id uuid not null references public.departments (id),
  station_id uuid references public.stations (id),
  device_label text check (length(device_label) <= 200),
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  -- DESIGN.md keeps sessions 90 days; ingest_events pushes this forward on every sync.
  expires_at timestamptz not null default now() + interval '90 days'
);
create index sessions_user_id_idx on public.sessions (user_id);
create index sessions_department_id_last_seen_at_idx on public.sessions (department_id, last_seen_at desc);
create index sessions_expires_at_idx on public.sessions (expires_at);

-- Helpers the policies call. They run as their owner so that a policy on users can read
-- users without recursing into its own policy.
create function private.current_department_id() returns uuid
language sql stable security definer set search_path = ''
as $$
  select u.department_id from public.users u where u.id = auth.uid() and u.deleted_at is null
$$;

create function private.current_station_id() returns uuid
language sql stable security definer set search_path = ''
as $$
  select u.station_id from public.users u where u.id = auth.uid() and u.deleted_at is null
$$;

-- The caller's role when the token and the profile agree; null otherwise (anon, no profile,
-- soft-deleted, or a token issued before the role changed).
create function private.current_app_role() returns public.app_role
language sql stable security definer set search_path = ''
as $$
  select u.role
  from public.users u
  where u.id = auth.uid()
    and u.deleted_at is null
    and u.role::text = (auth.jwt() -> 'app_metadata' ->> 'role')
$$;

-- Medical directors and admins read the records of their department (issue 5, RLS rules).
create function private.is_supervisor() returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce(private.current_app_role() in ('medical_director', 'admin'), false)
$$;

revoke all on function private.current_department_id(), private.current_station_id(),
  private.current_app_role(), private.is_supervisor() from public;
grant execute on function private.current_department_id(), private.current_station_id(),
  private.current_app_role(), private.is_supervisor() to authenticated, service_role;

-- Row-level security. Supabase grants every API role everything on new tables (truncate
-- included, which RLS does not cover), so each table starts from nothing and gets back only
-- what its policies govern. anon gets nothing anywhere.
alter table public.departments enable row level security;
alter table public.stations enable row level security;
alter table public.users enable row level security;
alter table public.sessions enable row level security;

revoke all on public.departments, public.stations, public.users, public.sessions from anon, authenticated;
grant select on public.departments, public.stations, public.users, public.sessions to authenticated;
-- People may correct the spelling of their own name; role, badge, station and department are
-- the agency's to change (service role, with app_metadata kept in step).
grant update (full_name) on public.users to authenticated;

create policy "members read their own department" on public.departments
  for select to authenticated
  using (id = (select private.current_department_id()));

create policy "members read the stations of their department" on public.stations
  for select to authenticated
  using (department_id = (select private.current_department_id()));

create policy "users read themselves, supervisors their department" on public.users
  for select to authenticated
  using (
    id = (select auth.uid())
    or ((select private.is_supervisor()) and department_id = (select private.current_department_id()))
  );

create policy "users rename themselves" on public.users
  for update to authenticated
  using (id = (select auth.uid()) and deleted_at is null)
  with check (id = (select auth.uid()));

create policy "users read their sessions, supervisors their department's" on public.sessions
  for select to authenticated
  using (
    user_id = (select auth.uid())
    or ((select private.is_supervisor()) and department_id = (select private.current_department_id()))
  );
