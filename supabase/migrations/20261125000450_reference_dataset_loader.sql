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
    -- Content decides: once the server has numbered a protocol past the dataset's own version
    -- (an earlier import or an approved edit), the same content must not be imported again.
    continue when (current_record - 'version') is not distinct from (incoming - 'version');

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

  -- A medication is stored whole, as the formulary record the app ships and the dosing engine
  -- validates; name, routes, indications and contraindications are copied out for SQL.
  for item in select value from jsonb_array_elements(dataset -> 'medications') loop
    if jsonb_typeof(item) is distinct from 'object'
       or coalesce(item ->> 'id', '') !~ '^[a-z0-9]+(-[a-z0-9]+)*$'
       or jsonb_typeof(item -> 'name') is distinct from 'string'
       or coalesce(item ->> 'status', '') not in ('calculated', 'titrated', 'not_in_formulary')
       or jsonb_typeof(item -> 'rules') is distinct from 'array'
       or jsonb_typeof(coalesce(item -> 'routes', '[]')) <> 'array'
       or jsonb_typeof(coalesce(item -> 'indications', '[]')) <> 'array'
       or jsonb_typeof(coalesce(item -> 'contraindications', '[]')) <> 'array' then
      raise exception using errcode = '22023', message = format(
        'medication %s: a formulary record needs a kebab-case id, a name, a status (calculated, titrated or not_in_formulary) and a rules list; npm run build:dataset writes them',
        coalesce(item ->> 'id', '(no id)'));
    end if;
  end loop;

  with incoming as (
    select e.value as record from jsonb_array_elements(dataset -> 'medications') as e (value)
  ), upserted as (
    insert into public.medications (id, name, record, routes, indications, contraindications, deleted_at)
    select i.record ->> 'id', i.record ->> 'name', i.record,
           array(select jsonb_array_elements_text(coalesce(i.record -> 'routes', '[]'))),
           array(select coalesce(x ->> 'id', x #>> '{}') from jsonb_array_elements(coalesce(i.record -> 'indications', '[]')) x),
           array(select jsonb_array_elements_text(coalesce(i.record -> 'contraindications', '[]'))),
           null
    from incoming i
    -- Unchanged records are not offered, so they keep their reference version.
    where not exists (
      select 1 from public.medications cur
      where cur.id = i.record ->> 'id' and cur.deleted_at is null and cur.record is not distinct from i.record)
    on conflict (id) do update set
      name = excluded.name, record = excluded.record, routes = excluded.routes, indications = excluded.indications,
      contraindications = excluded.contraindications, deleted_at = null
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
