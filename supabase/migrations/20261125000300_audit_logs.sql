-- The audit trail: what crews did on their devices (synced by ingest_events) and what the server
-- did on someone's behalf (protocol approvals). Immutable, and partitioned by month so that the
-- six-year retention drops whole partitions instead of deleting rows (which nobody may do).

create table public.audit_logs (
  id uuid not null default gen_random_uuid(),
  occurred_at timestamptz not null,
  received_at timestamptz not null default now(),
  -- No foreign keys to users: the trail outlives the accounts it names.
  user_id uuid,
  department_id uuid,
  station_id uuid,
  session_id uuid,
  source text not null check (source in ('device', 'server')),
  action text not null check (action ~ '^[a-z][a-z0-9_]{0,63}$'),
  details jsonb not null default '{}' check (jsonb_typeof(details) = 'object'),
  -- A partitioned table's keys must include the partition key.
  primary key (id, occurred_at)
) partition by range (occurred_at);
create index audit_logs_department_id_occurred_at_idx on public.audit_logs (department_id, occurred_at desc);
create index audit_logs_user_id_occurred_at_idx on public.audit_logs (user_id, occurred_at desc);
comment on table public.audit_logs is 'Immutable: UPDATE, DELETE and TRUNCATE are refused for every role. Partitions live in schema private.';

create function private.refuse_audit_log_change() returns trigger
language plpgsql set search_path = ''
as $$
begin
  raise exception using
    errcode = '42501',
    message = format('audit logs are immutable: %s is refused', lower(tg_op)),
    hint = 'old entries leave only when purge_old_audit_logs drops their month after six years';
end
$$;

-- Row triggers on the partitioned table are cloned onto every partition, present and future.
create trigger audit_logs_immutable before update or delete on public.audit_logs
  for each row execute function private.refuse_audit_log_change();
create trigger audit_logs_no_truncate before truncate on public.audit_logs
  for each statement execute function private.refuse_audit_log_change();

-- Partitions are named after their month (private.audit_logs_y2026m11) and live in schema
-- private: the API does not expose it, and a partition read directly would skip the parent's
-- row-level security. Statement triggers are not cloned, so each partition gets its own
-- truncate guard. Safe to call again and from concurrent transactions.
create function public.create_audit_log_partition(p_month date) returns boolean
language plpgsql security definer set search_path = ''
as $$
declare
  month_start date := date_trunc('month', p_month::timestamp)::date;
  partition_name text := format('audit_logs_y%sm%s', to_char(month_start, 'YYYY'), to_char(month_start, 'MM'));
begin
  if p_month is null then
    raise exception using errcode = '22004', message = 'give the month to create an audit log partition for';
  end if;
  if to_regclass(format('private.%I', partition_name)) is not null then
    return false;
  end if;
  perform pg_advisory_xact_lock(hashtext('public.audit_logs partitions'));
  if to_regclass(format('private.%I', partition_name)) is not null then
    return false;
  end if;
  execute format(
    'create table private.%I partition of public.audit_logs for values from (%L) to (%L)',
    partition_name,
    (month_start::timestamp at time zone 'UTC'),
    ((month_start + interval '1 month')::timestamp at time zone 'UTC'));
  execute format('alter table private.%I enable row level security', partition_name);
  execute format(
    'create trigger audit_logs_no_truncate before truncate on private.%I for each statement execute function private.refuse_audit_log_change()',
    partition_name);
  return true;
end
$$;

-- The current month and the next ones: run at migration time and monthly by pg_cron, so that
-- an insert never finds its month missing (ingest_events also creates a month on demand).
create function public.create_next_audit_log_partitions(p_now timestamptz default now(), p_months integer default 2)
returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  created integer := 0;
begin
  if p_months is null or p_months < 0 or p_months > 24 then
    raise exception using errcode = '22023', message = 'p_months must be between 0 and 24';
  end if;
  for month_offset in 0 .. p_months loop
    if public.create_audit_log_partition(((p_now at time zone 'UTC') + make_interval(months => month_offset))::date) then
      created := created + 1;
    end if;
  end loop;
  return created;
end
$$;

select public.create_next_audit_log_partitions(now(), 2);

-- ingest_events makes sure the month of each audit event exists; the bounds keep a device
-- with a wild clock from creating partitions for arbitrary months.
create function private.ensure_audit_log_partition(p_occurred_at timestamptz) returns void
language plpgsql security definer set search_path = ''
as $$
begin
  if p_occurred_at < now() - interval '6 years' or p_occurred_at > now() + interval '1 month' then
    raise exception using errcode = '22008',
      message = format('an audit entry dated %s is outside the six years the trail keeps', p_occurred_at);
  end if;
  perform public.create_audit_log_partition((p_occurred_at at time zone 'UTC')::date);
end
$$;

-- An audit entry written by the server on behalf of the caller (approvals, activations).
create function private.write_audit_log(p_action text, p_details jsonb default '{}') returns void
language plpgsql security definer set search_path = ''
as $$
begin
  perform private.ensure_audit_log_partition(now());
  insert into public.audit_logs (occurred_at, user_id, department_id, station_id, session_id, source, action, details)
  select now(), auth.uid(), u.department_id, u.station_id, nullif(auth.jwt() ->> 'session_id', '')::uuid,
         'server', p_action, coalesce(p_details, '{}')
  from (select 1) as one
  left join public.users u on u.id = auth.uid();
end
$$;

alter table public.audit_logs enable row level security;

-- The service role may read and append but, like everyone, never change the past.
revoke all on public.audit_logs from anon, authenticated, service_role;
grant select, insert on public.audit_logs to authenticated, service_role;

create policy "users read own audit entries, supervisors their department's" on public.audit_logs
  for select to authenticated
  using (
    user_id = (select auth.uid())
    or ((select private.is_supervisor()) and department_id = (select private.current_department_id()))
  );

-- Crews append entries about themselves only, stamped with their own department and station.
create policy "users append their own device audit entries" on public.audit_logs
  for insert to authenticated
  with check (
    user_id = (select auth.uid())
    and source = 'device'
    and department_id = (select private.current_department_id())
    and station_id is not distinct from (select private.current_station_id())
  );

revoke all on function public.create_audit_log_partition(date), public.create_next_audit_log_partitions(timestamptz, integer)
  from public, anon, authenticated;
grant execute on function public.create_audit_log_partition(date), public.create_next_audit_log_partitions(timestamptz, integer)
  to service_role;
revoke all on function private.write_audit_log(text, jsonb), private.ensure_audit_log_partition(timestamptz) from public;
grant execute on function private.ensure_audit_log_partition(timestamptz) to service_role;
