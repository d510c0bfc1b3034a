-- Loads a whole reference dataset (the bundle `npm run build:dataset` writes, the same one the
-- app ships) in one transaction: what changed is written, what is gone is soft-deleted, what
-- is unchanged is left alone, so devices pull only the difference. For the service role: agency
-- IT and the local stack's seeding. A changed protocol enters as an imported version, so the
-- version history stays complete.

create function public.load_reference_dataset(dataset jsonb) returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  item jsonb;
  incoming jsonb;
  problem text;
  current_record jsonb;
  imported_id uuid;
  label text := coalesce(dataset ->> 'version', 'without a version');
  protocols_changed integer := 0;
  protocols_retired integer := 0;
  impressions_changed integer := 0;
  impressions_retired integer := 0;
  medications_changed integer := 0;
  medications_retired integer := 0;
begin
  if dataset is null or jsonb_typeof(dataset -> 'protocols') is distinct from 'array'
     or jsonb_typeof(dataset -> 'provider_impressions') is distinct from 'array'
     or jsonb_typeof(dataset -> 'medications') is distinct from 'array' then
    raise exception using errcode = '22023',
      message = 'a dataset has protocols, provider_impressions and medications lists; npm run build:dataset writes one';
  end if;

  for item in select value from jsonb_array_elements(dataset -> 'protocols') loop
    problem := private.protocol_content_problem(item ->> 'tp_code', item);
    if problem is null and (jsonb_typeof(item -> 'version') is distinct from 'number'
        or (item ->> 'effective_date') !~ '^\d{4}-\d{2}-\d{2}$') then
      problem := 'version (a positive number) and effective_date (YYYY-MM-DD) are required';
    end if;
    if problem is not null then
      raise exception using errcode = '22023', message = format('protocol %s: %s', coalesce(item ->> 'tp_code', '(no code)'), problem);
    end if;

    -- The record as pull_reference would return it, to compare like with like.
    incoming := jsonb_build_object('medications', '[]'::jsonb, 'related', '[]'::jsonb,
      'provider_impressions', '[]'::jsonb, 'popularity', 0) || item;
    select private.protocol_record(p) into current_record
    from public.protocols p where p.tp_code = item ->> 'tp_code' and p.deleted_at is null;
    continue when current_record is not distinct from incoming;

    insert into public.protocol_versions (
      tp_code, version, status, content, change_summary, source, approved_at, effective_date)
    values (
      item ->> 'tp_code',
      greatest((item ->> 'version')::integer, coalesce((
        select max(pv.version) + 1 from public.protocol_versions pv where pv.tp_code = item ->> 'tp_code'), 1)),
      'scheduled',
      incoming - 'tp_code' - 'version' - 'effective_date',
      format('imported with dataset %s', label),
      'import',
      now(),
      (item ->> 'effective_date')::date)
    returning id into imported_id;
    perform private.put_protocol_version_in_force(imported_id, now());
    protocols_changed := protocols_changed + 1;
  end loop;

  with retired as (
    update public.protocols p set deleted_at = now()
    where p.deleted_at is null
      and p.tp_code not in (select value ->> 'tp_code' from jsonb_array_elements(dataset -> 'protocols'))
    returning p.tp_code
  ), archived as (
    update public.protocol_versions pv set status = 'archived', archived_at = now()
    from retired where pv.tp_code = retired.tp_code and pv.status = 'active'
    returning pv.id
  )
  select count(*) into protocols_retired from retired;

  with incoming_rows as (
    select r.* from jsonb_array_elements(dataset -> 'provider_impressions') as e (value)
    cross join lateral jsonb_populate_record(null::public.provider_impressions,
      '{"guidance": "", "keywords": []}'::jsonb || e.value) as r
  ), upserted as (
    insert into public.provider_impressions (code, name, adult_tp, pediatric_tp, guidance, keywords, deleted_at)
    select r.code, r.name, r.adult_tp, r.pediatric_tp, r.guidance, r.keywords, null
    from incoming_rows r
    -- Unchanged rows are not offered at all: an upsert fires the stamping trigger (and so
    -- bumps the reference version) even for rows it then leaves alone.
    where not exists (
      select 1 from public.provider_impressions cur
      where cur.code = r.code and cur.name = r.name and cur.deleted_at is null
        and (cur.adult_tp, cur.pediatric_tp, cur.guidance, cur.keywords)
          is not distinct from (r.adult_tp, r.pediatric_tp, r.guidance, r.keywords))
    on conflict (code, name) do update set
      adult_tp = excluded.adult_tp, pediatric_tp = excluded.pediatric_tp,
      guidance = excluded.guidance, keywords = excluded.keywords, deleted_at = null
    returning 1
  )
  select count(*) into impressions_changed from upserted;

  update public.provider_impressions i set deleted_at = now()
  where i.deleted_at is null
    and (i.code, i.name) not in (
      select value ->> 'code', value ->> 'name' from jsonb_array_elements(dataset -> 'provider_impressions'));
  get diagnostics impressions_retired = row_count;

  with incoming_rows as (
    select r.* from jsonb_array_elements(dataset -> 'medications') as e (value)
    cross join lateral jsonb_populate_record(null::public.medications,
      '{"formulations": [], "adult_dosing": [], "pediatric_dosing": [], "routes": [], "indications": [],
        "contraindications": [], "interactions": []}'::jsonb || e.value) as r
  ), upserted as (
    insert into public.medications (
      id, name, formulations, adult_dosing, pediatric_dosing, max_single_dose, max_total_dose,
      routes, indications, contraindications, interactions, deleted_at)
    select r.id, r.name, r.formulations, r.adult_dosing, r.pediatric_dosing, r.max_single_dose, r.max_total_dose,
           r.routes, r.indications, r.contraindications, r.interactions, null
    from incoming_rows r
    where not exists (
      select 1 from public.medications cur
      where cur.id = r.id and cur.deleted_at is null
        and private.medication_record(cur) = private.medication_record(r))
    on conflict (id) do update set
      name = excluded.name, formulations = excluded.formulations, adult_dosing = excluded.adult_dosing,
      pediatric_dosing = excluded.pediatric_dosing, max_single_dose = excluded.max_single_dose,
      max_total_dose = excluded.max_total_dose, routes = excluded.routes, indications = excluded.indications,
      contraindications = excluded.contraindications, interactions = excluded.interactions, deleted_at = null
    returning 1
  )
  select count(*) into medications_changed from upserted;

  update public.medications m set deleted_at = now()
  where m.deleted_at is null
    and m.id not in (select value ->> 'id' from jsonb_array_elements(dataset -> 'medications'));
  get diagnostics medications_retired = row_count;

  return jsonb_build_object(
    'reference_version', (select rs.version from public.reference_state rs),
    'protocols', jsonb_build_object('changed', protocols_changed, 'retired', protocols_retired),
    'provider_impressions', jsonb_build_object('changed', impressions_changed, 'retired', impressions_retired),
    'medications', jsonb_build_object('changed', medications_changed, 'retired', medications_retired));
end
$$;

revoke all on function public.load_reference_dataset(jsonb) from public, anon, authenticated;
grant execute on function public.load_reference_dataset(jsonb) to service_role;
