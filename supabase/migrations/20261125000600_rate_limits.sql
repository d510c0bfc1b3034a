-- Rate limits per user, as the original design sets them, with reputation and bans.
--
-- Fixed windows: each scope counts a user's requests in windows of window_seconds aligned to
-- the epoch. Going over a limit is a violation; every violation costs 5 of a reputation that
-- starts at 100 and forgets violations after 30 days. A violation that leaves the reputation at
-- 10 or less bans the user: 1 hour at 6-10, 24 hours at 0-5. ingest_events enforces all this;
-- AUTH is for the auth service and CHAT is reserved, both kept here so the limits live in one place.

create table public.rate_limit_config (
  scope text primary key check (scope ~ '^[A-Z]{2,20}$'),
  max_requests integer not null check (max_requests > 0),
  window_seconds integer not null check (window_seconds between 1 and 86400),
  description text not null,
  updated_at timestamptz not null default now()
);

insert into public.rate_limit_config (scope, max_requests, window_seconds, description) values
  ('CHAT', 20, 60, 'assistant messages (reserved: Rigside has no chat yet)'),
  ('API', 60, 60, 'server API calls; one ingest_events batch is one call'),
  ('DOSING', 30, 60, 'dosing calculations synced'),
  ('AUTH', 5, 900, 'sign-in attempts (enforced by the auth service)'),
  ('PHI', 50, 60, 'patient context writes'),
  ('GLOBAL', 500, 900, 'every API call of one user');

create table public.rate_limit_violations (
  id bigint generated always as identity primary key,
  user_id uuid not null references public.users (id) on delete cascade,
  department_id uuid references public.departments (id),
  scope text not null references public.rate_limit_config (scope),
  occurred_at timestamptz not null default now(),
  -- What the window held when the limit was crossed, and the limit itself.
  request_count integer not null,
  limit_count integer not null,
  reputation_after integer not null check (reputation_after between 0 and 100),
  banned_until timestamptz
);
create index rate_limit_violations_user_id_occurred_at_idx on public.rate_limit_violations (user_id, occurred_at desc);
create index rate_limit_violations_department_id_occurred_at_idx on public.rate_limit_violations (department_id, occurred_at desc);

-- Window counters are bookkeeping, not records: not exposed, purged a day after their window.
create table private.rate_limit_counters (
  user_id uuid not null,
  scope text not null,
  window_start timestamptz not null,
  request_count integer not null check (request_count >= 0),
  primary key (user_id, scope, window_start)
);
alter table private.rate_limit_counters enable row level security;

alter table public.rate_limit_config enable row level security;
alter table public.rate_limit_violations enable row level security;
revoke all on public.rate_limit_config, public.rate_limit_violations from anon, authenticated;
grant select on public.rate_limit_config, public.rate_limit_violations to authenticated;

create policy "signed-in users read the limits" on public.rate_limit_config
  for select to authenticated using (true);
create policy "users read own violations, supervisors their department's" on public.rate_limit_violations
  for select to authenticated
  using (user_id = (select auth.uid())
    or ((select private.is_supervisor()) and department_id = (select private.current_department_id())));

-- 100, less 5 for each violation of the last 30 days, never below 0.
create function private.reputation_of(p_user_id uuid, p_now timestamptz) returns integer
language sql stable security definer set search_path = ''
as $$
  select greatest(0, 100 - 5 * count(*))::integer
  from public.rate_limit_violations v
  where v.user_id = p_user_id and v.occurred_at > p_now - interval '30 days' and v.occurred_at <= p_now
$$;

-- When the user's current ban ends, or null when they are not banned.
create function private.banned_until(p_user_id uuid, p_now timestamptz) returns timestamptz
language sql stable security definer set search_path = ''
as $$
  select max(v.banned_until)
  from public.rate_limit_violations v
  where v.user_id = p_user_id and v.banned_until > p_now and v.occurred_at <= p_now
$$;

create function private.record_rate_limit_violation(
  p_user_id uuid, p_scope text, p_request_count integer, p_limit integer, p_now timestamptz)
returns public.rate_limit_violations
language plpgsql security definer set search_path = ''
as $$
declare
  reputation integer := greatest(0, private.reputation_of(p_user_id, p_now) - 5);
  violation public.rate_limit_violations;
begin
  insert into public.rate_limit_violations (
    user_id, department_id, scope, occurred_at, request_count, limit_count, reputation_after, banned_until)
  select p_user_id, u.department_id, p_scope, p_now, p_request_count, p_limit, reputation,
         case when reputation <= 5 then p_now + interval '24 hours'
              when reputation <= 10 then p_now + interval '1 hour' end
  from (select 1) as one
  left join public.users u on u.id = p_user_id
  returning * into violation;
  return violation;
end
$$;

-- Counts `p_requested` requests of the caller in `p_scope` and says how many fit in the current
-- window; when some do not, records one violation. retry_after_seconds: until the window ends.
create function private.take_rate_limit(
  p_scope text, p_requested integer, p_now timestamptz default now(),
  out granted integer, out retry_after_seconds integer)
language plpgsql security definer set search_path = ''
as $$
declare
  caller uuid := auth.uid();
  config public.rate_limit_config;
  current_window timestamptz;
  count_after integer;
begin
  granted := p_requested;
  retry_after_seconds := 0;
  select * into config from public.rate_limit_config c where c.scope = p_scope;
  if caller is null or config.scope is null or p_requested <= 0 then
    return;
  end if;

  current_window := to_timestamp(floor(extract(epoch from p_now) / config.window_seconds) * config.window_seconds);
  insert into private.rate_limit_counters as c (user_id, scope, window_start, request_count)
  values (caller, p_scope, current_window, p_requested)
  on conflict on constraint rate_limit_counters_pkey do update set request_count = c.request_count + excluded.request_count
  returning c.request_count into count_after;

  granted := greatest(0, least(p_requested, config.max_requests - (count_after - p_requested)));
  if granted < p_requested then
    retry_after_seconds := ceil(extract(epoch from current_window + make_interval(secs => config.window_seconds) - p_now))::integer;
    perform private.record_rate_limit_violation(caller, p_scope, count_after, config.max_requests, p_now);
  end if;
end
$$;

revoke all on function private.reputation_of(uuid, timestamptz), private.banned_until(uuid, timestamptz),
  private.record_rate_limit_violation(uuid, text, integer, integer, timestamptz),
  private.take_rate_limit(text, integer, timestamptz) from public;
-- Only ingest_events (which runs as its owner) counts requests and records violations.
