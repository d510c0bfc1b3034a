-- Sign-in throttling per account, the Supabase way (issue #12): Supabase Auth's password
-- verification attempt hook. After checking a password, Auth calls this function with
-- {user_id, valid} (and metadata: a uuid, its clock as time, the client's IP) and obeys its
-- answer: {decision: 'continue'} lets Auth do what it would have done; {decision: 'reject',
-- message} refuses the sign-in with that message, even when the password was right.
--
-- The limit is the design's AUTH row of rate_limit_config (5 attempts per 900 s): the fifth
-- failed attempt within 15 minutes locks the account for 15 minutes (window_seconds), and while
-- it is locked every attempt is refused, the right password included; the lock is not extended
-- by attempts made during it, so an attacker cannot keep a crew member out for longer than that
-- by guessing on. A successful sign-in clears the count. Other accounts are unaffected.
--
-- Enabled in supabase/config.toml ([auth.hook.password_verification_attempt]). Hosted Supabase
-- offers this hook on the Team and Enterprise plans; on smaller plans it is never called and
-- Supabase Auth's per-IP limits ([auth.rate_limit] sign_in_sign_ups) are what remain.

create table private.password_failures (
  id bigint generated always as identity primary key,
  user_id uuid not null,
  failed_at timestamptz not null
);
create index password_failures_user_id_failed_at_idx on private.password_failures (user_id, failed_at);

create table private.password_lockouts (
  user_id uuid primary key,
  locked_at timestamptz not null,
  locked_until timestamptz not null
);

alter table private.password_failures enable row level security;
alter table private.password_lockouts enable row level security;

-- Runs as its owner, so Auth's role needs nothing but EXECUTE; the bookkeeping stays in the
-- private schema, out of the API's reach.
create function public.hook_password_verification_attempt(event jsonb) returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  attempt_user uuid;
  attempted_at timestamptz;
  config public.rate_limit_config;
  window_length interval;
  locked_until timestamptz;
  failures integer;
begin
  begin
    attempt_user := (event ->> 'user_id')::uuid;
    -- Auth sends its own clock; the database's stands in when it is missing.
    attempted_at := (event #>> '{metadata,time}')::timestamptz;
  exception when invalid_text_representation or invalid_datetime_format or datetime_field_overflow then
    attempted_at := null;
  end;
  attempted_at := coalesce(attempted_at, now());
  select * into config from public.rate_limit_config c where c.scope = 'AUTH';
  if attempt_user is null or config.scope is null then
    return jsonb_build_object('decision', 'continue');
  end if;
  window_length := make_interval(secs => config.window_seconds);

  select l.locked_until into locked_until
  from private.password_lockouts l
  where l.user_id = attempt_user and l.locked_until > attempted_at and l.locked_at <= attempted_at;
  if locked_until is not null then
    return private.password_lockout_answer(locked_until);
  end if;

  if (event -> 'valid') = 'true'::jsonb then
    delete from private.password_failures f where f.user_id = attempt_user;
    return jsonb_build_object('decision', 'continue');
  end if;

  delete from private.password_failures f where f.user_id = attempt_user and f.failed_at <= attempted_at - window_length;
  insert into private.password_failures (user_id, failed_at) values (attempt_user, attempted_at);
  select count(*) into failures
  from private.password_failures f
  where f.user_id = attempt_user and f.failed_at > attempted_at - window_length and f.failed_at <= attempted_at;

  if failures >= config.max_requests then
    locked_until := attempted_at + window_length;
    insert into private.password_lockouts as l (user_id, locked_at, locked_until)
    values (attempt_user, attempted_at, locked_until)
    on conflict (user_id) do update set locked_at = excluded.locked_at, locked_until = excluded.locked_until;
    -- The lock is the consequence of these failures; after it, counting starts afresh.
    delete from private.password_failures f where f.user_id = attempt_user;
    return private.password_lockout_answer(locked_until);
  end if;
  return jsonb_build_object('decision', 'continue');
end
$$;

-- Auth answers a rejection with HTTP 400 invalid_credentials and this message. Sessions stay:
-- signing a paramedic out because someone guessed at their password would help the guesser.
create function private.password_lockout_answer(p_locked_until timestamptz) returns jsonb
language sql stable set search_path = ''
as $$
  select jsonb_build_object(
    'decision', 'reject',
    'message', format('Too many failed sign-in attempts: this account is locked until %s UTC. Try again then, or ask an agency admin.',
      to_char(p_locked_until at time zone 'UTC', 'HH24:MI')),
    'should_logout_user', false)
$$;

-- As Supabase documents for Auth hooks: Auth's role may call it, the API roles may not.
grant usage on schema public to supabase_auth_admin;
grant execute on function public.hook_password_verification_attempt(jsonb) to supabase_auth_admin;
revoke execute on function public.hook_password_verification_attempt(jsonb) from authenticated, anon, public;
-- Nor the service role, whose calls could lock anyone out.
revoke execute on function public.hook_password_verification_attempt(jsonb) from service_role;
revoke all on function private.password_lockout_answer(timestamptz) from public;

-- Bookkeeping a day old is of no use to the hook (its window is at most a day).
create function public.purge_old_sign_in_attempts(p_now timestamptz default now()) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  purged integer;
begin
  delete from private.password_failures f where f.failed_at < p_now - interval '1 day';
  get diagnostics purged = row_count;
  delete from private.password_lockouts l where l.locked_until < p_now - interval '1 day';
  return purged;
end
$$;
revoke all on function public.purge_old_sign_in_attempts(timestamptz) from public, anon, authenticated;
grant execute on function public.purge_old_sign_in_attempts(timestamptz) to service_role;
