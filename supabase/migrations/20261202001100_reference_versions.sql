-- One version workflow for protocols AND formulary records (issue 15): a medical director drafts
-- a protocol's sections or a medication's dose rules, with a change log in the County's form
-- (Addition / Revision / Deletion, section, description); it is submitted, approved by a second
-- medical director (never its author) or rejected, scheduled for a date, and put in force by
-- public.activate_due_reference_versions() (pg_cron, 20261202001110), which bumps the reference
-- version so every rig pulls it. Devices receive each record's change log with the record
-- (pull_reference_page's `change`) and show crews what changed.
--
-- protocol_versions becomes reference_versions (kind 'protocol' or 'medication', record_key the
-- protocol code or the medication id); the protocol-only RPCs give way to the *_reference_*
-- ones below, one implementation for both kinds. Audit actions stay per kind
-- (protocol_version_approved, medication_version_approved), with tp_code or medication in the
-- details as before, so the trail's resource filter finds them.
--
-- A draft is checked here against the SAME schemas the device validates it with: the zod schemas
-- of src/domain/versions/drafts.ts, exported as JSON Schema into private.reference_record_schemas
-- (supabase/local/record-schemas.ts writes that SQL) and interpreted by private.json_schema_problem;
-- what JSON Schema cannot say (a medication's cross-record rules: rule ids, indications, names that
-- mean one drug, interactions naming known drugs) is private.medication_draft_problem.
-- tests/db/reference-versions-drafts.test.ts runs the same bad drafts through both.

-- 1. The table, for both kinds.
alter type public.protocol_version_status rename to reference_version_status;
alter table public.protocol_versions rename to reference_versions;
alter table public.reference_versions rename column tp_code to record_key;
alter table public.reference_versions rename constraint protocol_versions_pkey to reference_versions_pkey;
alter table public.reference_versions rename constraint protocol_versions_approved_check to reference_versions_approved_check;
alter table public.reference_versions rename constraint protocol_versions_scheduled_check to reference_versions_scheduled_check;
alter index public.protocol_versions_due_idx rename to reference_versions_due_idx;
alter index public.protocol_versions_department_id_idx rename to reference_versions_department_id_idx;
alter table public.reference_versions
  add column kind text not null default 'protocol' check (kind in ('protocol', 'medication')),
  -- [{type: Addition|Revision|Deletion, section, description}], checked against the change_log schema.
  add column change_log jsonb not null default '[]' check (jsonb_typeof(change_log) = 'array');
alter table public.reference_versions alter column kind drop default;
alter table public.reference_versions drop constraint protocol_versions_tp_code_check;
alter table public.reference_versions add constraint reference_versions_record_key_check check (
  case kind when 'protocol' then record_key ~ '^\d{4}(-P)?$' else record_key ~ '^[a-z0-9]+(-[a-z0-9]+)*$' end);
alter table public.reference_versions drop constraint protocol_versions_tp_code_version_key;
alter table public.reference_versions add constraint reference_versions_kind_record_key_version_key unique (kind, record_key, version);
drop index public.protocol_versions_one_active_idx;
create unique index reference_versions_one_active_idx on public.reference_versions (kind, record_key) where status = 'active';
comment on table public.reference_versions is
  'Every version of a protocol or formulary record: drafted, reviewed, approved, scheduled and put in force by the workflow RPCs, or imported with a dataset.';

-- Supervisors (who read the console) follow their department's drafts too; crews see released versions.
drop policy "supervisors read their department's and agency-wide versions, everyone the released ones" on public.reference_versions;
create policy "console readers read their department's and agency-wide versions, everyone the released ones" on public.reference_versions
  for select to authenticated
  using (
    ((select private.current_app_role()) is not null and status in ('scheduled', 'active', 'superseded'))
    or ((select private.is_console_reader())
        and (department_id is null or department_id = (select private.current_department_id())))
  );

-- The formulary records in force get their version 1, so every medication has a history to diff against.
insert into public.reference_versions (kind, record_key, version, status, content, change_summary, source, approved_at,
                                       effective_date, activated_at)
select 'medication', m.id, 1, 'active', m.record, 'in force when medication versions began', 'import', now(),
       (now() at time zone 'UTC')::date, now()
from public.medications m
where m.deleted_at is null and m.record is not null;

-- 2. The draft schemas and their interpreter.
create table private.reference_record_schemas (
  kind text primary key check (kind in ('protocol', 'medication', 'change_log')),
  json_schema jsonb not null check (jsonb_typeof(json_schema) = 'object')
);
revoke all on private.reference_record_schemas from public;
-- Written by supabase/local/record-schemas.ts from src/domain/versions/drafts.ts.
insert into private.reference_record_schemas (kind, json_schema) values
  ('protocol', $json${"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"tp_code":{"type":"string","pattern":"^\\d{4}(-P)?$"},"name":{"type":"string","minLength":1},"population":{"type":"string","enum":["adult","pediatric"]},"category":{"type":"string","minLength":1},"provider_impressions":{"type":"array","items":{"type":"string","pattern":"^[A-Z0-9]{3,5}$"}},"keywords":{"minItems":1,"type":"array","items":{"type":"string","minLength":1}},"sections":{"minItems":1,"type":"array","items":{"type":"object","properties":{"kind":{"type":"string","enum":["assessment","treatment","base_contact","notes"]},"title":{"type":"string","minLength":1},"items":{"minItems":1,"type":"array","items":{"type":"string","minLength":1}}},"required":["kind","title","items"]}},"medications":{"type":"array","items":{"type":"object","properties":{"medication_id":{"type":"string","pattern":"^[a-z0-9-]+$"},"routes":{"minItems":1,"type":"array","items":{"type":"string","minLength":1}},"indication":{"type":"string","minLength":1},"dose_text":{"type":"string","minLength":1}},"required":["medication_id","routes","dose_text"]}},"related":{"type":"array","items":{"type":"string","pattern":"^\\d{4}(-P)?$"}},"popularity":{"type":"number","minimum":0,"maximum":1}},"required":["tp_code","name","population","category","provider_impressions","keywords","sections","medications","related","popularity"],"additionalProperties":false}$json$::jsonb),
  ('medication', $json${"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"id":{"type":"string","pattern":"^[a-z0-9-]+$"},"name":{"type":"string","minLength":1},"brand_names":{"type":"array","items":{"type":"string","minLength":1}},"aliases":{"type":"array","items":{"type":"string","minLength":1}},"classes":{"minItems":1,"type":"array","items":{"type":"string","minLength":1}},"status":{"type":"string","enum":["calculated","titrated","not_in_formulary"]},"guidance":{"type":"string","minLength":1},"indications":{"type":"array","items":{"type":"object","properties":{"id":{"type":"string","minLength":1},"aliases":{"type":"array","items":{"type":"string","minLength":1}}},"required":["id","aliases"],"additionalProperties":false}},"rules":{"type":"array","items":{"type":"object","properties":{"id":{"type":"string","pattern":"^[a-z0-9-]+$"},"population":{"type":"string","enum":["adult","pediatric"]},"routes":{"minItems":1,"type":"array","items":{"type":"string","enum":["IV","IO","IM","IN","NEB","MDI","PO","ODT","SL"]}},"indications":{"minItems":1,"type":"array","items":{"type":"string","minLength":1}},"dose":{"oneOf":[{"type":"object","properties":{"kind":{"type":"string","const":"fixed"},"value":{"type":"number","exclusiveMinimum":0}},"required":["kind","value"],"additionalProperties":false},{"type":"object","properties":{"kind":{"type":"string","const":"per_kg"},"per_kg":{"type":"number","exclusiveMinimum":0},"max":{"type":"number","exclusiveMinimum":0},"max_is_dose":{"type":"boolean"}},"required":["kind","per_kg","max"],"additionalProperties":false},{"type":"object","properties":{"kind":{"type":"string","const":"sequence"},"doses":{"minItems":2,"type":"array","items":{"oneOf":[{"type":"object","properties":{"kind":{"type":"string","const":"fixed"},"value":{"type":"number","exclusiveMinimum":0}},"required":["kind","value"],"additionalProperties":false},{"type":"object","properties":{"kind":{"type":"string","const":"per_kg"},"per_kg":{"type":"number","exclusiveMinimum":0},"max":{"type":"number","exclusiveMinimum":0},"max_is_dose":{"type":"boolean"}},"required":["kind","per_kg","max"],"additionalProperties":false}]}}},"required":["kind","doses"],"additionalProperties":false},{"type":"object","properties":{"kind":{"type":"string","const":"by_age"},"steps":{"minItems":2,"type":"array","items":{"type":"object","properties":{"from_years":{"type":"number","minimum":0},"dose":{"oneOf":[{"type":"object","properties":{"kind":{"type":"string","const":"fixed"},"value":{"type":"number","exclusiveMinimum":0}},"required":["kind","value"],"additionalProperties":false},{"type":"object","properties":{"kind":{"type":"string","const":"per_kg"},"per_kg":{"type":"number","exclusiveMinimum":0},"max":{"type":"number","exclusiveMinimum":0},"max_is_dose":{"type":"boolean"}},"required":["kind","per_kg","max"],"additionalProperties":false}]},"max_doses_before_base":{"type":"integer","exclusiveMinimum":0,"maximum":9007199254740991}},"required":["from_years","dose"],"additionalProperties":false}},"if_age_unknown":{"type":"object","propertyNames":{"type":"string","enum":["Grey","Pink","Red","Purple","Yellow","White","Blue","Orange","Green"]},"additionalProperties":{"anyOf":[{"oneOf":[{"type":"object","properties":{"kind":{"type":"string","const":"fixed"},"value":{"type":"number","exclusiveMinimum":0}},"required":["kind","value"],"additionalProperties":false},{"type":"object","properties":{"kind":{"type":"string","const":"per_kg"},"per_kg":{"type":"number","exclusiveMinimum":0},"max":{"type":"number","exclusiveMinimum":0},"max_is_dose":{"type":"boolean"}},"required":["kind","per_kg","max"],"additionalProperties":false}]},{"type":"string","const":"ask"}]}}},"required":["kind","steps","if_age_unknown"],"additionalProperties":false},{"type":"object","properties":{"kind":{"type":"string","const":"by_band"},"bands":{"type":"object","propertyNames":{"type":"string","enum":["Grey","Pink","Red","Purple","Yellow","White","Blue","Orange","Green"]},"additionalProperties":{"oneOf":[{"type":"object","properties":{"kind":{"type":"string","const":"fixed"},"value":{"type":"number","exclusiveMinimum":0}},"required":["kind","value"],"additionalProperties":false},{"type":"object","properties":{"kind":{"type":"string","const":"per_kg"},"per_kg":{"type":"number","exclusiveMinimum":0},"max":{"type":"number","exclusiveMinimum":0},"max_is_dose":{"type":"boolean"}},"required":["kind","per_kg","max"],"additionalProperties":false}]},"required":["Grey","Pink","Red","Purple","Yellow","White","Blue","Orange","Green"]}},"required":["kind","bands"],"additionalProperties":false},{"type":"object","properties":{"kind":{"type":"string","const":"by_sbp"},"steps":{"minItems":1,"type":"array","items":{"type":"object","properties":{"from_mmhg":{"type":"integer","exclusiveMinimum":0,"maximum":9007199254740991},"dose":{"oneOf":[{"type":"object","properties":{"kind":{"type":"string","const":"fixed"},"value":{"type":"number","exclusiveMinimum":0}},"required":["kind","value"],"additionalProperties":false},{"type":"object","properties":{"kind":{"type":"string","const":"per_kg"},"per_kg":{"type":"number","exclusiveMinimum":0},"max":{"type":"number","exclusiveMinimum":0},"max_is_dose":{"type":"boolean"}},"required":["kind","per_kg","max"],"additionalProperties":false}]}},"required":["from_mmhg","dose"],"additionalProperties":false}}},"required":["kind","steps"],"additionalProperties":false}]},"unit":{"type":"string","enum":["mg","mcg","g","mEq","mL","autoinjector"]},"formulation":{"type":"object","properties":{"label":{"type":"string","minLength":1},"per_ml":{"type":"number","exclusiveMinimum":0},"per_unit":{"type":"object","properties":{"amount":{"type":"number","exclusiveMinimum":0},"form":{"type":"string","enum":["tablet","puff","autoinjector","tube"]}},"required":["amount","form"],"additionalProperties":false}},"required":["label"],"additionalProperties":false},"max_single":{"type":"number","exclusiveMinimum":0},"limits":{"type":"object","properties":{"group":{"type":"string","minLength":1},"repeat_interval_min":{"type":"number","exclusiveMinimum":0},"repeat_text":{"type":"string","minLength":1},"max_doses":{"type":"integer","exclusiveMinimum":0,"maximum":9007199254740991},"max_doses_before_base":{"type":"integer","exclusiveMinimum":0,"maximum":9007199254740991},"max_total":{"type":"object","properties":{"value":{"type":"number","exclusiveMinimum":0},"per_kg":{"type":"number","exclusiveMinimum":0},"max":{"type":"number","exclusiveMinimum":0}},"additionalProperties":false},"max_total_before_base":{"type":"object","properties":{"value":{"type":"number","exclusiveMinimum":0},"per_kg":{"type":"number","exclusiveMinimum":0},"max":{"type":"number","exclusiveMinimum":0}},"additionalProperties":false},"over_max_total":{"type":"string","enum":["refuse","cap"]}},"required":["group","repeat_text","over_max_total"],"additionalProperties":false},"age":{"type":"object","properties":{"min_years":{"type":"number","minimum":0},"max_years":{"type":"number","minimum":0},"if_unknown":{"anyOf":[{"type":"string","const":"allow"},{"type":"string","const":"ask"},{"type":"object","properties":{"refuse_below_kg":{"type":"number","exclusiveMinimum":0},"ask_below_kg":{"type":"number","exclusiveMinimum":0}},"required":["refuse_below_kg","ask_below_kg"],"additionalProperties":false}]},"reason":{"type":"string","minLength":1}},"required":["if_unknown","reason"],"additionalProperties":false},"dilute_under_one_year":{"type":"boolean"},"hold_below_sbp_mmhg":{"type":"integer","exclusiveMinimum":0,"maximum":9007199254740991},"notes":{"type":"array","items":{"type":"string","minLength":1}},"sources":{"minItems":1,"type":"array","items":{"type":"string","minLength":1}}},"required":["id","population","routes","indications","dose","unit","formulation","max_single","limits","notes","sources"],"additionalProperties":false}},"adult_only":{"type":"boolean"},"contraindications":{"type":"array","items":{"type":"string","minLength":1}},"allergy_terms":{"type":"array","items":{"type":"string","minLength":2}},"interactions":{"type":"array","items":{"type":"object","properties":{"home_terms":{"type":"array","items":{"type":"string","minLength":2}},"given":{"type":"array","items":{"type":"string","pattern":"^[a-z0-9-]+$"}},"request_flag":{"type":"string","enum":["pde5_inhibitor_within_48h"]},"severity":{"type":"string","enum":["info","caution","danger"]},"message":{"type":"string","minLength":1}},"required":["home_terms","given","severity","message"],"additionalProperties":false}},"age_cautions":{"type":"array","items":{"type":"object","properties":{"from_years":{"type":"number","exclusiveMinimum":0},"message":{"type":"string","minLength":1}},"required":["from_years","message"],"additionalProperties":false}},"referrals":{"type":"array","items":{"type":"object","properties":{"population":{"type":"string","enum":["adult","pediatric"]},"indications":{"minItems":1,"type":"array","items":{"type":"string","minLength":1}},"message":{"type":"string","minLength":1}},"required":["population","indications","message"],"additionalProperties":false}},"sources":{"type":"array","items":{"type":"string","minLength":1}}},"required":["id","name","brand_names","aliases","classes","status","indications","rules","adult_only","contraindications","allergy_terms","interactions","age_cautions","referrals","sources"],"additionalProperties":false}$json$::jsonb),
  ('change_log', $json${"$schema":"https://json-schema.org/draft/2020-12/schema","minItems":1,"maxItems":50,"type":"array","items":{"type":"object","properties":{"type":{"type":"string","enum":["Addition","Revision","Deletion"]},"section":{"type":"string","minLength":1,"maxLength":200,"pattern":"\\S"},"description":{"type":"string","minLength":1,"maxLength":2000,"pattern":"\\S"}},"required":["type","section","description"],"additionalProperties":false}}$json$::jsonb)
on conflict (kind) do update set json_schema = excluded.json_schema;

-- What is wrong with `p_value` by a JSON Schema (the keywords zod's toJSONSchema writes for our
-- schemas: type, properties, required, additionalProperties, propertyNames, items, min/maxItems,
-- min/maxLength, pattern, enum, const, minimum, maximum, exclusiveMinimum/Maximum, anyOf, oneOf),
-- or null. The first problem, as "path: what to fix".
create function private.json_schema_problem(p_schema jsonb, p_value jsonb, p_path text default '') returns text
language plpgsql immutable set search_path = ''
as $$
declare
  actual text := jsonb_typeof(p_value);
  expected text := p_schema ->> 'type';
  here text := coalesce(nullif(p_path, ''), '(record)');
  problem text;
  chosen text;
  branch jsonb;
  matched integer := 0;
  n numeric;
  entry record;
begin
  if p_schema ? 'anyOf' or p_schema ? 'oneOf' then
    for branch in select b from jsonb_array_elements(coalesce(p_schema -> 'oneOf', p_schema -> 'anyOf')) b loop
      problem := private.json_schema_problem(branch, p_value, p_path);
      if problem is null then
        matched := matched + 1;
      elsif chosen is null and actual = 'object' and exists (
          select 1 from jsonb_each(coalesce(branch -> 'properties', '{}')) c
          where c.value ? 'const' and p_value -> c.key = c.value -> 'const') then
        -- The form the value says it is (its kind): its problem is the one to fix.
        chosen := problem;
      end if;
    end loop;
    if matched = 0 then
      return coalesce(chosen, format('%s: is none of the forms allowed here', here));
    elsif p_schema ? 'oneOf' and matched > 1 then
      return format('%s: fits more than one of the forms allowed here', here);
    end if;
  end if;

  -- (Nested ifs: SQL does not promise to skip the cast when the type test fails.)
  if expected is not null and actual is distinct from expected and not (expected = 'integer' and actual = 'number') then
    return format('%s: expected %s, got %s', here, expected, coalesce(actual, 'nothing'));
  end if;
  if expected = 'integer' then
    if (p_value #>> '{}')::numeric <> trunc((p_value #>> '{}')::numeric) then
      return format('%s: expected a whole number', here);
    end if;
  end if;
  if p_schema ? 'const' and p_value is distinct from p_schema -> 'const' then
    return format('%s: must be %s', here, p_schema -> 'const');
  end if;
  if p_schema ? 'enum' and not (p_schema -> 'enum') @> jsonb_build_array(p_value) then
    return format('%s: must be one of %s', here, (select string_agg(e #>> '{}', ', ') from jsonb_array_elements(p_schema -> 'enum') e));
  end if;

  if actual = 'string' then
    if length(p_value #>> '{}') < (p_schema ->> 'minLength')::integer then
      return format('%s: must have at least %s character(s)', here, p_schema ->> 'minLength');
    end if;
    if length(p_value #>> '{}') > (p_schema ->> 'maxLength')::integer then
      return format('%s: must have at most %s characters', here, p_schema ->> 'maxLength');
    end if;
    if p_schema ? 'pattern' and (p_value #>> '{}') !~ (p_schema ->> 'pattern') then
      return format('%s: must match %s', here, p_schema ->> 'pattern');
    end if;
  elsif actual = 'number' then
    n := (p_value #>> '{}')::numeric;
    if n < (p_schema ->> 'minimum')::numeric then
      return format('%s: must be at least %s', here, p_schema ->> 'minimum');
    elsif n > (p_schema ->> 'maximum')::numeric then
      return format('%s: must be at most %s', here, p_schema ->> 'maximum');
    elsif n <= (p_schema ->> 'exclusiveMinimum')::numeric then
      return format('%s: must be greater than %s', here, p_schema ->> 'exclusiveMinimum');
    elsif n >= (p_schema ->> 'exclusiveMaximum')::numeric then
      return format('%s: must be less than %s', here, p_schema ->> 'exclusiveMaximum');
    end if;
  elsif actual = 'array' then
    if jsonb_array_length(p_value) < (p_schema ->> 'minItems')::integer then
      return format('%s: must list at least %s', here, p_schema ->> 'minItems');
    elsif jsonb_array_length(p_value) > (p_schema ->> 'maxItems')::integer then
      return format('%s: must list at most %s', here, p_schema ->> 'maxItems');
    end if;
    if p_schema ? 'items' then
      for entry in select e.value, e.position - 1 as i from jsonb_array_elements(p_value) with ordinality as e (value, position) loop
        problem := private.json_schema_problem(p_schema -> 'items', entry.value, concat_ws('.', nullif(p_path, ''), entry.i));
        if problem is not null then
          return problem;
        end if;
      end loop;
    end if;
  elsif actual = 'object' then
    for entry in select r #>> '{}' as name from jsonb_array_elements(coalesce(p_schema -> 'required', '[]')) r loop
      if not p_value ? entry.name then
        return format('%s: is required', concat_ws('.', nullif(p_path, ''), entry.name));
      end if;
    end loop;
    for entry in select e.key, e.value from jsonb_each(p_value) e order by e.key loop
      problem := null;
      if p_schema ? 'propertyNames' then
        problem := private.json_schema_problem(p_schema -> 'propertyNames', to_jsonb(entry.key), concat_ws('.', nullif(p_path, ''), entry.key));
        if problem is not null then
          return problem;
        end if;
      end if;
      if coalesce(p_schema -> 'properties', '{}') ? entry.key then
        problem := private.json_schema_problem(p_schema -> 'properties' -> entry.key, entry.value, concat_ws('.', nullif(p_path, ''), entry.key));
      elsif p_schema -> 'additionalProperties' = 'false'::jsonb then
        problem := format('%s: is not a field here', concat_ws('.', nullif(p_path, ''), entry.key));
      elsif jsonb_typeof(p_schema -> 'additionalProperties') = 'object' then
        problem := private.json_schema_problem(p_schema -> 'additionalProperties', entry.value, concat_ws('.', nullif(p_path, ''), entry.key));
      end if;
      if problem is not null then
        return problem;
      end if;
    end loop;
  end if;
  return null;
end
$$;

-- The formulary record a drafted medication becomes: routes in the engine's route order and
-- stocked concentrations, as formularyRecordFromDraft (src/domain/versions/drafts.ts) derives them.
create function private.formulary_record_from_draft(p_draft jsonb, p_formulary_version text) returns jsonb
language sql immutable set search_path = ''
as $$
  select p_draft || jsonb_build_object(
    'routes', coalesce((
      select jsonb_agg(r.route order by r.position)
      from unnest(array['IV', 'IO', 'IM', 'IN', 'NEB', 'MDI', 'PO', 'ODT', 'SL']) with ordinality as r (route, position)
      where exists (select 1 from jsonb_array_elements(p_draft -> 'rules') x where x -> 'routes' ? r.route)), '[]'),
    'concentrations', coalesce((
      select jsonb_agg(l.label order by l.first)
      from (select x -> 'formulation' ->> 'label' as label, min(x_position) as first
            from jsonb_array_elements(p_draft -> 'rules') with ordinality as e (x, x_position) group by 1) l), '[]'),
    'formulary_version', p_formulary_version)
$$;

-- "Calcium_Chloride" -> "calcium chloride", as normaliseName in src/domain/dosing/medication-lookup.ts.
create function private.normalise_medication_name(p_name text) returns text
language sql immutable set search_path = ''
as $$
  select regexp_replace(lower(trim(p_name)), '[\s_-]+', ' ', 'g')
$$;

-- What a medication draft that passed its schema would break in the formulary the device loads
-- (loadFormulary: formularyRecordsSchema's cross-record rules and one drug per name), judged
-- against the records in force, or null.
create function private.medication_draft_problem(p_key text, p_record jsonb) returns text
language plpgsql stable security definer set search_path = ''
as $$
declare
  rule record;
  limit_key text;
  amount jsonb;
  indication_ids text[] := array(select i ->> 'id' from jsonb_array_elements(p_record -> 'indications') i);
  known_ids text[] := array(select m.id from public.medications m where m.deleted_at is null and m.record is not null) || p_key;
  clash record;
  word text;
begin
  for rule in select e.value as r, e.position - 1 as i from jsonb_array_elements(p_record -> 'rules') with ordinality as e (value, position) loop
    foreach limit_key in array array['max_total', 'max_total_before_base'] loop
      amount := rule.r -> 'limits' -> limit_key;
      if amount is not null and (amount ? 'value') = (amount ? 'per_kg') then
        return format('rules.%s.limits.%s: give either value or per_kg', rule.i, limit_key);
      end if;
    end loop;
  end loop;
  if p_record ->> 'status' = 'calculated' and jsonb_array_length(p_record -> 'rules') = 0 then
    return format('%s: a calculated medication needs dose rules', p_key);
  end if;
  if p_record ->> 'status' <> 'calculated' and not p_record ? 'guidance' then
    return format('%s: a medication the engine does not dose needs guidance', p_key);
  end if;
  if (p_record -> 'adult_only')::boolean and exists (
      select 1 from jsonb_array_elements(p_record -> 'rules') r where r ->> 'population' = 'pediatric') then
    return format('%s: adult-only but has pediatric rules', p_key);
  end if;
  for rule in select e.value as r from jsonb_array_elements(p_record -> 'rules') e loop
    if (select count(*) from jsonb_array_elements(p_record -> 'rules') o where o ->> 'id' = rule.r ->> 'id') > 1
       or exists (select 1 from public.medications m, jsonb_array_elements(m.record -> 'rules') o
                  where m.deleted_at is null and m.id <> p_key and jsonb_typeof(m.record -> 'rules') = 'array'
                    and o ->> 'id' = rule.r ->> 'id') then
      return format('%s: rule id %s is used twice', p_key, rule.r ->> 'id');
    end if;
    foreach word in array array(select jsonb_array_elements_text(rule.r -> 'indications')) loop
      if not word = any (indication_ids) then
        return format('%s: rule %s names unknown indication "%s"', p_key, rule.r ->> 'id', word);
      end if;
    end loop;
    if rule.r ->> 'unit' <> 'mL' and not rule.r -> 'formulation' ? 'per_ml' and not rule.r -> 'formulation' ? 'per_unit' then
      return format('%s: rule %s says neither mL nor units to give', p_key, rule.r ->> 'id');
    end if;
    if rule.r -> 'dose' ->> 'kind' = 'by_age' and exists (
        select 1 from jsonb_array_elements(rule.r -> 'dose' -> 'steps') with ordinality as s (step, position)
        join jsonb_array_elements(rule.r -> 'dose' -> 'steps') with ordinality as p (step, position) on p.position = s.position - 1
        where (s.step ->> 'from_years')::numeric <= (p.step ->> 'from_years')::numeric) then
      return format('%s: rule %s age steps are not ascending', p_key, rule.r ->> 'id');
    end if;
    if rule.r -> 'dose' ->> 'kind' = 'by_sbp' and exists (
        select 1 from jsonb_array_elements(rule.r -> 'dose' -> 'steps') with ordinality as s (step, position)
        join jsonb_array_elements(rule.r -> 'dose' -> 'steps') with ordinality as p (step, position) on p.position = s.position - 1
        where (s.step ->> 'from_mmhg')::numeric <= (p.step ->> 'from_mmhg')::numeric) then
      return format('%s: rule %s SBP steps are not ascending', p_key, rule.r ->> 'id');
    end if;
  end loop;
  foreach word in array array(select jsonb_array_elements_text(r -> 'indications') from jsonb_array_elements(p_record -> 'referrals') r) loop
    if not word = any (indication_ids) then
      return format('%s: referral names unknown indication "%s"', p_key, word);
    end if;
  end loop;
  foreach word in array array(select jsonb_array_elements_text(i -> 'given') from jsonb_array_elements(p_record -> 'interactions') i) loop
    if not word = any (known_ids) then
      return format('%s: interaction names unknown medication "%s"', p_key, word);
    end if;
  end loop;
  -- One drug per name: its id, name, brands and aliases against every other record's.
  select mine.name, m.id into clash
  from (select private.normalise_medication_name(x) as key, x as name
        from unnest(array[p_record ->> 'id', p_record ->> 'name']
                    || array(select jsonb_array_elements_text(p_record -> 'brand_names'))
                    || array(select jsonb_array_elements_text(p_record -> 'aliases'))) x) mine
  join public.medications m on m.deleted_at is null and m.record is not null and m.id <> p_key
  where mine.key in (
    select private.normalise_medication_name(y)
    from unnest(array[m.record ->> 'id', m.record ->> 'name']
                || array(select jsonb_array_elements_text(m.record -> 'brand_names'))
                || array(select jsonb_array_elements_text(m.record -> 'aliases'))) y)
  limit 1;
  if clash.id is not null then
    return format('The formulary is ambiguous: "%s" names both %s and %s.', clash.name, clash.id, p_key);
  end if;
  return null;
end
$$;

-- What is wrong with a draft of a protocol or medication, or null: the device's draft schema,
-- then what it cannot say (code and population; the formulary as a whole).
create function private.reference_draft_problem(p_kind text, p_key text, p_content jsonb) returns text
language plpgsql stable security definer set search_path = ''
as $$
declare
  schema jsonb := (select s.json_schema from private.reference_record_schemas s where s.kind = p_kind);
  problem text;
begin
  if p_kind is null or p_kind not in ('protocol', 'medication') or schema is null then
    return 'kind must be protocol or medication';
  end if;
  if p_key is null or p_key !~ (case p_kind when 'protocol' then '^\d{4}(-P)?$' else '^[a-z0-9]+(-[a-z0-9]+)*$' end) then
    return case p_kind when 'protocol' then 'a protocol code is four digits, with -P for pediatric (e.g. 1211, 1210-P)'
                       else 'a medication id is its generic name in kebab case (e.g. calcium-chloride)' end;
  end if;
  if p_content is null then
    return '(record): expected object, got nothing';
  end if;
  problem := private.json_schema_problem(schema, p_content, '');
  if problem is not null then
    return problem;
  end if;
  if p_kind = 'protocol' then
    if p_content ->> 'tp_code' <> p_key then
      return format('tp_code: %s must be the protocol being edited, %s', p_content ->> 'tp_code', p_key);
    end if;
    if (p_content ->> 'population' = 'pediatric') <> (p_key like '%-P') then
      return 'population: pediatric protocols, and only they, have a code ending in -P';
    end if;
    return null;
  end if;
  if p_content ->> 'id' <> p_key then
    return format('id: %s must be the medication being edited, %s', p_content ->> 'id', p_key);
  end if;
  return private.medication_draft_problem(p_key, p_content);
end
$$;

create function private.change_log_problem(p_change_log jsonb) returns text
language sql stable security definer set search_path = ''
as $$
  select case when p_change_log is null then 'change_log: list at least one change'
         else private.json_schema_problem((select s.json_schema from private.reference_record_schemas s where s.kind = 'change_log'),
                                          p_change_log, 'change_log') end
$$;

-- The one-line summary the history lists: the change log's entries, joined.
create function private.change_log_summary(p_change_log jsonb) returns text
language sql immutable set search_path = ''
as $$
  select left(string_agg(format('%s %s: %s', e ->> 'type', e ->> 'section', e ->> 'description'), '; ' order by position), 2000)
  from jsonb_array_elements(p_change_log) with ordinality as c (e, position)
$$;

-- 3. The workflow, once for both kinds.
create function private.version_label(v public.reference_versions) returns text
language sql immutable set search_path = ''
as $$
  select format('%s %s version %s', v.kind, v.record_key, v.version)
$$;

-- Writes `<kind>_version_<step>` to the audit trail, naming the record as the trail's resource filter does.
create function private.audit_reference_version(v public.reference_versions, p_step text, p_extra jsonb default '{}') returns void
language plpgsql security definer set search_path = ''
as $$
begin
  perform private.write_audit_log(format('%s_version_%s', v.kind, p_step),
    jsonb_build_object('version_id', v.id, 'kind', v.kind, 'version', v.version,
                       case v.kind when 'protocol' then 'tp_code' else 'medication' end, v.record_key)
    || coalesce(p_extra, '{}'));
end
$$;

-- Every workflow step loads its version here, as the caller: what the caller may not see is not
-- there (PT404), and what belongs to another department is not theirs to change (42501).
create function private.load_reference_version(p_version_id uuid, p_for_update boolean) returns public.reference_versions
language plpgsql security definer set search_path = ''
as $$
declare
  v public.reference_versions;
  own_department uuid := private.current_department_id();
begin
  if p_for_update then
    select * into v from public.reference_versions where id = p_version_id for update;
  else
    select * into v from public.reference_versions where id = p_version_id;
  end if;
  if v.id is null
     or not (v.status in ('scheduled', 'active', 'superseded')
             or v.department_id is null or v.department_id = own_department) then
    raise exception using errcode = 'PT404', message = format('no protocol or medication version with id %s', p_version_id),
      hint = 'a version is visible to the console readers of the department that drafted it until it is scheduled';
  end if;
  if p_for_update and v.department_id is not null and v.department_id is distinct from own_department then
    raise exception using errcode = '42501',
      message = format('%s belongs to another department: only its own medical directors and admins may change it',
        private.version_label(v));
  end if;
  return v;
end
$$;

create function private.require_reference_status(v public.reference_versions, expected public.reference_version_status[], what text) returns void
language plpgsql immutable set search_path = ''
as $$
begin
  if not v.status = any (expected) then
    raise exception using
      errcode = 'P0001',
      message = format('%s is %s; only a version that is %s can be %s',
        private.version_label(v), v.status, array_to_string(expected, ' or '), what);
  end if;
end
$$;

-- Refuses a draft (or a version about to move on) that devices could not use, saying what to fix.
create function private.require_usable_draft(p_kind text, p_key text, p_content jsonb) returns void
language plpgsql stable security definer set search_path = ''
as $$
declare
  problem text := private.reference_draft_problem(p_kind, p_key, p_content);
begin
  if problem is not null then
    raise exception using errcode = '22023', message = problem,
      hint = 'the same check as the console and the device: src/domain/versions/drafts.ts';
  end if;
end
$$;

create function private.require_change_log(p_change_log jsonb) returns void
language plpgsql stable security definer set search_path = ''
as $$
declare
  problem text := private.change_log_problem(p_change_log);
begin
  if problem is not null then
    raise exception using errcode = '22023', message = problem,
      hint = 'each change is {type: Addition, Revision or Deletion; section; description}';
  end if;
end
$$;

-- The caller who may act on versions (medical directors and admins, or only directors), the call counted.
create function private.version_actor(p_what text, p_directors_only boolean) returns void
language plpgsql volatile security definer set search_path = ''
as $$
begin
  perform private.take_api_call_or_raise();
  perform private.require_app_role(
    case when p_directors_only then array['medical_director'] else array['medical_director', 'admin'] end::public.app_role[],
    p_what);
end
$$;

-- Makes a version the record in force: supersedes the one before it and writes public.protocols or
-- public.medications, whose trigger stamps the row with this transaction's reference version.
create function private.put_reference_version_in_force(p_version_id uuid, p_now timestamptz) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v public.reference_versions;
  rec jsonb;
begin
  select * into strict v from public.reference_versions where id = p_version_id for update;

  update public.reference_versions
  set status = 'superseded', superseded_at = p_now
  where kind = v.kind and record_key = v.record_key and status = 'active' and id <> v.id;
  update public.reference_versions set status = 'active', activated_at = p_now where id = v.id;

  if v.kind = 'protocol' then
    insert into public.protocols as p (
      tp_code, name, population, category, provider_impressions, keywords, sections, medications,
      related, popularity, version, effective_date, deleted_at)
    select v.record_key, c.name, c.population, c.category, coalesce(c.provider_impressions, '{}'), c.keywords,
           c.sections, coalesce(c.medications, '[]'), coalesce(c.related, '{}'), coalesce(c.popularity, 0),
           v.version, v.effective_date, null
    from jsonb_to_record(v.content) as c (
      name text, population public.population, category text, provider_impressions text[], keywords text[],
      sections jsonb, medications jsonb, related text[], popularity double precision)
    on conflict (tp_code) do update set
      name = excluded.name, population = excluded.population, category = excluded.category,
      provider_impressions = excluded.provider_impressions, keywords = excluded.keywords,
      sections = excluded.sections, medications = excluded.medications, related = excluded.related,
      -- Popularity is learned from usage; a new version keeps it unless it sets its own.
      popularity = case when v.content ? 'popularity' then excluded.popularity else p.popularity end,
      version = excluded.version, effective_date = excluded.effective_date, deleted_at = null;
  else
    -- An imported record is kept as the dataset has it; a drafted one is named <id>-v<version>.
    rec := case when v.source = 'import' then v.content
                else private.formulary_record_from_draft(v.content, format('%s-v%s', v.record_key, v.version)) end;
    insert into public.medications (id, name, record, routes, indications, contraindications, deleted_at)
    values (v.record_key, rec ->> 'name', rec,
            array(select jsonb_array_elements_text(coalesce(rec -> 'routes', '[]'))),
            array(select coalesce(x ->> 'id', x #>> '{}') from jsonb_array_elements(coalesce(rec -> 'indications', '[]')) x),
            array(select jsonb_array_elements_text(coalesce(rec -> 'contraindications', '[]'))),
            null)
    on conflict (id) do update set
      name = excluded.name, record = excluded.record, routes = excluded.routes, indications = excluded.indications,
      contraindications = excluded.contraindications, deleted_at = null;
  end if;
end
$$;

create function public.create_reference_draft(kind text, record_key text, content jsonb, change_log jsonb)
returns public.reference_versions
language plpgsql security definer set search_path = ''
as $$
declare
  draft public.reference_versions;
begin
  perform private.version_actor('draft protocol and medication versions', false);
  perform private.require_usable_draft(create_reference_draft.kind, create_reference_draft.record_key, create_reference_draft.content);
  perform private.require_change_log(create_reference_draft.change_log);
  -- Serialises drafts of one record so that two authors never take the same version number.
  perform pg_advisory_xact_lock(hashtext(format('reference_versions %s %s', create_reference_draft.kind, create_reference_draft.record_key)));
  insert into public.reference_versions (kind, record_key, version, content, change_summary, change_log, created_by, department_id)
  values (
    create_reference_draft.kind,
    create_reference_draft.record_key,
    greatest(
      coalesce((select max(rv.version) from public.reference_versions rv
                where rv.kind = create_reference_draft.kind and rv.record_key = create_reference_draft.record_key), 0),
      coalesce((select p.version from public.protocols p
                where create_reference_draft.kind = 'protocol' and p.tp_code = create_reference_draft.record_key), 0)
    ) + 1,
    create_reference_draft.content,
    private.change_log_summary(create_reference_draft.change_log),
    create_reference_draft.change_log,
    auth.uid(),
    private.current_department_id())
  returning * into draft;
  perform private.audit_reference_version(draft, 'drafted');
  return draft;
end
$$;

-- A draft is edited until it is submitted (by its department's medical directors and admins).
create function public.update_reference_draft(version_id uuid, content jsonb, change_log jsonb) returns public.reference_versions
language plpgsql security definer set search_path = ''
as $$
declare
  v public.reference_versions;
begin
  perform private.version_actor('edit protocol and medication drafts', false);
  v := private.load_reference_version(update_reference_draft.version_id, true);
  perform private.require_reference_status(v, array['draft']::public.reference_version_status[], 'edited');
  perform private.require_usable_draft(v.kind, v.record_key, update_reference_draft.content);
  perform private.require_change_log(update_reference_draft.change_log);
  update public.reference_versions rv
  set content = update_reference_draft.content, change_log = update_reference_draft.change_log,
      change_summary = private.change_log_summary(update_reference_draft.change_log)
  where rv.id = v.id returning * into v;
  perform private.audit_reference_version(v, 'edited');
  return v;
end
$$;

create function public.submit_reference_version(version_id uuid) returns public.reference_versions
language plpgsql security definer set search_path = ''
as $$
declare
  v public.reference_versions;
begin
  perform private.version_actor('submit protocol and medication versions for review', false);
  v := private.load_reference_version(submit_reference_version.version_id, true);
  perform private.require_reference_status(v, array['draft']::public.reference_version_status[], 'submitted for review');
  perform private.require_usable_draft(v.kind, v.record_key, v.content);
  update public.reference_versions set status = 'review', submitted_at = now() where id = v.id returning * into v;
  perform private.audit_reference_version(v, 'submitted');
  return v;
end
$$;

create function public.approve_reference_version(version_id uuid) returns public.reference_versions
language plpgsql security definer set search_path = ''
as $$
declare
  v public.reference_versions;
begin
  perform private.version_actor('approve protocol and medication versions', true);
  v := private.load_reference_version(approve_reference_version.version_id, true);
  if v.created_by = auth.uid() then
    raise exception using errcode = '42501',
      message = format('a medical director cannot approve a version they drafted (%s): another medical director must approve it',
        private.version_label(v));
  end if;
  perform private.require_reference_status(v, array['review']::public.reference_version_status[], 'approved');
  -- What is in force may have changed since it was drafted (a new alias, a rule id taken).
  perform private.require_usable_draft(v.kind, v.record_key, v.content);
  update public.reference_versions set status = 'approved', approved_by = auth.uid(), approved_at = now()
  where id = v.id returning * into v;
  perform private.audit_reference_version(v, 'approved');
  return v;
end
$$;

create function public.reject_reference_version(version_id uuid, reason text) returns public.reference_versions
language plpgsql security definer set search_path = ''
as $$
declare
  v public.reference_versions;
begin
  perform private.version_actor('reject protocol and medication versions', true);
  if reason is null or length(trim(reason)) = 0 then
    raise exception using errcode = '22023', message = 'give the author a reason for the rejection';
  end if;
  v := private.load_reference_version(reject_reference_version.version_id, true);
  perform private.require_reference_status(v, array['review']::public.reference_version_status[], 'rejected');
  update public.reference_versions
  set status = 'rejected', rejected_by = auth.uid(), rejected_at = now(), rejection_reason = left(trim(reason), 2000)
  where id = v.id returning * into v;
  perform private.audit_reference_version(v, 'rejected', jsonb_build_object('reason', v.rejection_reason));
  return v;
end
$$;

-- An approved version (or a scheduled one, to move its date) takes effect at the start of
-- effective_date, UTC, when activate_due_reference_versions next runs.
create function public.schedule_reference_version(version_id uuid, effective_date date) returns public.reference_versions
language plpgsql security definer set search_path = ''
as $$
declare
  v public.reference_versions;
begin
  perform private.version_actor('schedule protocol and medication versions', false);
  if schedule_reference_version.effective_date is null
     or schedule_reference_version.effective_date < (now() at time zone 'UTC')::date then
    raise exception using errcode = '22023', message = 'effective_date must be today or later (UTC)';
  end if;
  v := private.load_reference_version(schedule_reference_version.version_id, true);
  perform private.require_reference_status(v, array['approved', 'scheduled']::public.reference_version_status[], 'scheduled');
  update public.reference_versions rv set status = 'scheduled', effective_date = schedule_reference_version.effective_date
  where rv.id = v.id returning * into v;
  perform private.audit_reference_version(v, 'scheduled', jsonb_build_object('effective_date', v.effective_date));
  return v;
end
$$;

create function public.withdraw_reference_version(version_id uuid, reason text) returns public.reference_versions
language plpgsql security definer set search_path = ''
as $$
declare
  v public.reference_versions;
begin
  perform private.version_actor('withdraw protocol and medication versions', false);
  if reason is null or length(trim(reason)) = 0 then
    raise exception using errcode = '22023', message = 'say why the version is withdrawn';
  end if;
  v := private.load_reference_version(withdraw_reference_version.version_id, true);
  perform private.require_reference_status(v, array['scheduled']::public.reference_version_status[], 'withdrawn');
  update public.reference_versions rv
  set status = 'withdrawn', withdrawn_by = auth.uid(), withdrawn_at = now(), withdrawal_reason = left(trim(reason), 2000)
  where rv.id = v.id returning * into v;
  perform private.audit_reference_version(v, 'withdrawn',
    jsonb_build_object('effective_date', v.effective_date, 'reason', v.withdrawal_reason));
  return v;
end
$$;

-- Retires a record (its active version) or files away a version that will never be used.
-- Retiring soft-deletes the record, so devices drop it on their next pull.
create function public.archive_reference_version(version_id uuid, reason text) returns public.reference_versions
language plpgsql security definer set search_path = ''
as $$
declare
  v public.reference_versions;
  named_by text;
begin
  perform private.version_actor('archive protocol and medication versions', true);
  if reason is null or length(trim(reason)) = 0 then
    raise exception using errcode = '22023', message = 'say why the version is archived';
  end if;
  v := private.load_reference_version(archive_reference_version.version_id, true);
  perform private.require_reference_status(v, array['draft', 'rejected', 'superseded', 'active']::public.reference_version_status[], 'archived');
  if v.status = 'active' and v.kind = 'protocol' then
    update public.protocols set deleted_at = now() where tp_code = v.record_key;
  elsif v.status = 'active' then
    -- A formulary whose interactions name a drug it no longer has does not load on a device.
    select m.id into named_by from public.medications m, jsonb_array_elements(m.record -> 'interactions') i
    where m.deleted_at is null and m.id <> v.record_key and jsonb_typeof(m.record -> 'interactions') = 'array'
      and i -> 'given' ? v.record_key
    limit 1;
    if named_by is not null then
      raise exception using errcode = '22023',
        message = format('%s is named in the interactions of %s: change that medication first', v.record_key, named_by);
    end if;
    update public.medications set deleted_at = now() where id = v.record_key;
  end if;
  update public.reference_versions set status = 'archived', archived_at = now() where id = v.id returning * into v;
  perform private.audit_reference_version(v, 'archived', jsonb_build_object('reason', trim(reason)));
  return v;
end
$$;

-- Puts every scheduled version whose date has come into force, oldest date first, so a later
-- version of the same record ends up active. Run by pg_cron (20261202001110), as the database
-- owner; p_now lets tests move the clock. A drafted version that no longer fits what is in force
-- (checked again here) is withdrawn with the reason rather than shipped to rigs.
create function public.activate_due_reference_versions(p_now timestamptz default now()) returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  due public.reference_versions;
  problem text;
  activated jsonb := '[]'::jsonb;
  refused jsonb := '[]'::jsonb;
begin
  for due in
    select * from public.reference_versions rv
    where rv.status = 'scheduled' and rv.effective_date <= (p_now at time zone 'UTC')::date
    -- Same date: in the order they were approved (two versions of one record: the later one wins).
    order by rv.effective_date, rv.approved_at, rv.version
    for update
  loop
    problem := case when due.source = 'workflow' then private.reference_draft_problem(due.kind, due.record_key, due.content) end;
    if problem is not null then
      update public.reference_versions
      set status = 'withdrawn', withdrawn_at = p_now, withdrawal_reason = left('not put in force: ' || problem, 2000)
      where id = due.id returning * into due;
      perform private.audit_reference_version(due, 'withdrawn', jsonb_build_object('reason', due.withdrawal_reason));
      refused := refused || jsonb_build_object('version_id', due.id, 'kind', due.kind, 'key', due.record_key, 'problem', problem);
      continue;
    end if;
    perform private.put_reference_version_in_force(due.id, p_now);
    perform private.audit_reference_version(due, 'activated', jsonb_build_object('effective_date', due.effective_date));
    activated := activated || jsonb_build_object('version_id', due.id, 'kind', due.kind, 'key', due.record_key, 'version', due.version);
  end loop;
  return jsonb_build_object(
    'activated', activated,
    'refused', refused,
    'reference_version', (select rs.version from public.reference_state rs));
end
$$;

-- 4. What the console reads (supervisors too; every call counted like the console's other reads).
-- The records in force of one kind, shaped as drafts are (what a new draft starts from).
create function public.list_reference_records(kind text) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
begin
  perform private.console_caller('read protocol and medication versions', false);
  if list_reference_records.kind is null or list_reference_records.kind not in ('protocol', 'medication') then
    raise exception using errcode = '22023', message = 'kind must be protocol or medication';
  end if;
  if list_reference_records.kind = 'protocol' then
    return coalesce((
      select jsonb_agg(jsonb_build_object(
        'key', p.tp_code, 'name', p.name, 'version', p.version, 'effective_date', p.effective_date,
        'formulary_version', null, 'record', private.protocol_record(p) - 'version' - 'effective_date') order by p.tp_code)
      from public.protocols p where p.deleted_at is null), '[]');
  end if;
  return coalesce((
    select jsonb_agg(jsonb_build_object(
      'key', m.id, 'name', m.name, 'version', coalesce(rv.version, 0), 'effective_date', rv.effective_date,
      'formulary_version', m.record ->> 'formulary_version',
      'record', m.record - 'routes' - 'concentrations' - 'formulary_version') order by m.id)
    from public.medications m
    left join public.reference_versions rv on rv.kind = 'medication' and rv.record_key = m.id and rv.status = 'active'
    where m.deleted_at is null and m.record is not null), '[]');
end
$$;

create function private.reference_version_json(v public.reference_versions, p_with_content boolean) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object(
    'id', v.id, 'kind', v.kind, 'key', v.record_key, 'version', v.version, 'status', v.status,
    'name', v.content ->> 'name', 'source', v.source, 'change_log', v.change_log, 'change_summary', v.change_summary,
    'department_id', v.department_id,
    'created_by', v.created_by, 'created_by_name', (select u.full_name from public.users u where u.id = v.created_by),
    'created_at', v.created_at, 'submitted_at', v.submitted_at,
    'approved_by', v.approved_by, 'approved_by_name', (select u.full_name from public.users u where u.id = v.approved_by),
    'approved_at', v.approved_at,
    'rejected_by_name', (select u.full_name from public.users u where u.id = v.rejected_by),
    'rejected_at', v.rejected_at, 'rejection_reason', v.rejection_reason,
    'effective_date', v.effective_date, 'activated_at', v.activated_at,
    'withdrawn_at', v.withdrawn_at, 'withdrawal_reason', v.withdrawal_reason, 'archived_at', v.archived_at)
  || case when p_with_content then jsonb_build_object('content', v.content) else '{}'::jsonb end
$$;

-- Versions the caller may see, newest first (at most 500): filtered by kind, status and record.
create function public.list_reference_versions(filter_kind text default null, filter_status text default null,
                                               filter_key text default null) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  caller public.users := private.console_caller('read protocol and medication versions', false);
begin
  if filter_status is not null and not filter_status = any (enum_range(null::public.reference_version_status)::text[]) then
    raise exception using errcode = '22023', message = format('no version status %s', filter_status);
  end if;
  return coalesce((
    select jsonb_agg(private.reference_version_json(rv, false) order by rv.created_at desc, rv.id)
    from (select * from public.reference_versions v
          where (filter_kind is null or v.kind = filter_kind)
            and (filter_status is null or v.status::text = filter_status)
            and (filter_key is null or v.record_key = filter_key)
            and (v.status in ('scheduled', 'active', 'superseded') or v.department_id is null
                 or v.department_id = caller.department_id)
          order by v.created_at desc, v.id
          limit 500) rv), '[]');
end
$$;

-- One version with its content and the record in force beside it (what the diff compares).
create function public.get_reference_version(version_id uuid) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  v public.reference_versions;
  active_record jsonb;
  active_version integer;
begin
  perform private.console_caller('read protocol and medication versions', false);
  v := private.load_reference_version(get_reference_version.version_id, false);
  if v.kind = 'protocol' then
    select private.protocol_record(p) - 'version' - 'effective_date', p.version into active_record, active_version
    from public.protocols p where p.tp_code = v.record_key and p.deleted_at is null;
  else
    select m.record - 'routes' - 'concentrations' - 'formulary_version', rv.version into active_record, active_version
    from public.medications m
    left join public.reference_versions rv on rv.kind = 'medication' and rv.record_key = m.id and rv.status = 'active'
    where m.id = v.record_key and m.deleted_at is null;
  end if;
  return private.reference_version_json(v, true)
    || jsonb_build_object('active', case when active_record is null then null
                                         else jsonb_build_object('version', active_version, 'record', active_record) end);
end
$$;

-- 5. Devices get each record's change log with it: what a crew reads under "what changed".
create function private.reference_change_note(p_kind text, p_key text) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object('version', v.version, 'effective_date', v.effective_date, 'change_log', v.change_log)
  from public.reference_versions v
  where v.kind = p_kind and v.record_key = p_key and v.status = 'active' and jsonb_array_length(v.change_log) > 0
$$;

create or replace function public.pull_reference_page(
  since_version bigint default 0, after_version bigint default null, after_slot text default null,
  page_size integer default 200) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  state public.reference_state;
  since bigint := pull_reference_page.since_version;
  is_reset boolean;
  page jsonb;
  taken integer;
begin
  if since is null or since < 0 then
    raise exception using errcode = '22023',
      message = 'since_version must be 0 for everything, or the reference version the device last applied';
  end if;
  if page_size is null or page_size not between 1 and 1000 then
    raise exception using errcode = '22023', message = 'page_size must be between 1 and 1000';
  end if;
  if (after_version is null) <> (after_slot is null) then
    raise exception using errcode = '22023', message = 'after_version and after_slot go together: both from the last row of the previous page, or neither';
  end if;
  if private.current_app_role() is null and auth.role() is distinct from 'service_role' then
    raise exception using errcode = '42501', message = 'sign in with an account that has an active Rigside profile to pull protocols';
  end if;

  select * into state from public.reference_state;
  is_reset := since > state.version or (since > 0 and since < state.tombstone_horizon);
  if is_reset or since = 0 then
    since := 0;
  end if;

  with rows as (
    select p.reference_version as version, 'protocol'::text as kind, p.tp_code as key,
           p.deleted_at is not null as deleted,
           case when p.deleted_at is null then private.protocol_record(p) end as record
    from public.protocols p where p.reference_version > since
    union all
    select i.reference_version, 'provider_impression', i.code || ':' || i.name, i.deleted_at is not null,
           case when i.deleted_at is null then private.provider_impression_record(i) end
    from public.provider_impressions i where i.reference_version > since
    union all
    select m.reference_version, 'medication', m.id, m.deleted_at is not null,
           case when m.deleted_at is null then private.medication_record(m) end
    from public.medications m where m.reference_version > since
  ), slotted as (
    select r.*, (r.kind || '/' || r.key) collate "C" as slot from rows r
    where r.version <= state.version
      -- A pull from scratch has nothing to delete.
      and not (since = 0 and r.deleted)
  ), ordered as (
    select s.* from slotted s
    where after_version is null or (s.version, s.slot) > (after_version, after_slot collate "C")
    order by s.version, s.slot
    limit page_size
  )
  select coalesce(jsonb_agg(jsonb_build_object(
           'version', o.version, 'kind', o.kind, 'key', o.key, 'slot', o.slot, 'deleted', o.deleted, 'record', o.record,
           -- The change log of the version in force (protocols and medications drafted here), or null.
           'change', case when not o.deleted and o.kind in ('protocol', 'medication')
                          then private.reference_change_note(o.kind, o.key) end)
         order by o.version, o.slot), '[]'::jsonb), count(*)
    into page, taken
  from ordered o;

  return jsonb_build_object(
    'version', state.version,
    'since_version', pull_reference_page.since_version,
    'reset', is_reset,
    'rows', page,
    'done', taken < page_size);
end
$$;

-- 6. The dataset loader, on the generalised table: a changed protocol or medication enters as an
-- imported version, so every record's history is complete.
create or replace function public.load_reference_dataset(dataset jsonb) returns jsonb
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

    insert into public.reference_versions (
      kind, record_key, version, status, content, change_summary, source, approved_at, effective_date)
    values (
      'protocol',
      item ->> 'tp_code',
      greatest((item ->> 'version')::integer, coalesce((
        select max(rv.version) + 1 from public.reference_versions rv
        where rv.kind = 'protocol' and rv.record_key = item ->> 'tp_code'), 1)),
      'scheduled',
      incoming - 'tp_code' - 'version' - 'effective_date',
      format('imported with dataset %s', label),
      'import',
      now(),
      (item ->> 'effective_date')::date)
    returning id into imported_id;
    perform private.put_reference_version_in_force(imported_id, now());
    protocols_changed := protocols_changed + 1;
  end loop;

  with retired as (
    update public.protocols p set deleted_at = now()
    where p.deleted_at is null
      and p.tp_code not in (select value ->> 'tp_code' from jsonb_array_elements(dataset -> 'protocols'))
    returning p.tp_code
  ), archived as (
    update public.reference_versions rv set status = 'archived', archived_at = now()
    from retired where rv.kind = 'protocol' and rv.record_key = retired.tp_code and rv.status = 'active'
    returning rv.id
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

  for item in select value from jsonb_array_elements(dataset -> 'medications') loop
    -- Unchanged records are not offered, so they keep their reference version.
    continue when exists (
      select 1 from public.medications cur
      where cur.id = item ->> 'id' and cur.deleted_at is null and cur.record is not distinct from item);
    insert into public.reference_versions (
      kind, record_key, version, status, content, change_summary, source, approved_at, effective_date)
    values (
      'medication',
      item ->> 'id',
      coalesce((select max(rv.version) + 1 from public.reference_versions rv
                where rv.kind = 'medication' and rv.record_key = item ->> 'id'), 1),
      'scheduled',
      item,
      format('imported with dataset %s', label),
      'import',
      now(),
      (now() at time zone 'UTC')::date)
    returning id into imported_id;
    perform private.put_reference_version_in_force(imported_id, now());
    medications_changed := medications_changed + 1;
  end loop;

  with retired as (
    update public.medications m set deleted_at = now()
    where m.deleted_at is null
      and m.id not in (select value ->> 'id' from jsonb_array_elements(dataset -> 'medications'))
    returning m.id
  ), archived as (
    update public.reference_versions rv set status = 'archived', archived_at = now()
    from retired where rv.kind = 'medication' and rv.record_key = retired.id and rv.status = 'active'
    returning rv.id
  )
  select count(*) into medications_retired from retired;

  return jsonb_build_object(
    'reference_version', (select rs.version from public.reference_state rs),
    'protocols', jsonb_build_object('changed', protocols_changed, 'retired', protocols_retired),
    'provider_impressions', jsonb_build_object('changed', impressions_changed, 'retired', impressions_retired),
    'medications', jsonb_build_object('changed', medications_changed, 'retired', medications_retired));
end
$$;

-- 7. The protocol-only API gives way to the one above.
drop function public.create_protocol_draft(text, jsonb, text);
drop function public.submit_protocol_version(uuid);
drop function public.approve_protocol_version(uuid);
drop function public.reject_protocol_version(uuid, text);
drop function public.schedule_protocol_version(uuid, date);
drop function public.archive_protocol_version(uuid, text);
drop function public.withdraw_protocol_version(uuid, text);
drop function public.activate_due_protocol_versions(timestamptz);
drop function private.put_protocol_version_in_force(uuid, timestamptz);
drop function private.load_protocol_version(uuid, boolean);
drop function private.require_status(public.reference_versions, public.reference_version_status[], text);

revoke all on function
  public.create_reference_draft(text, text, jsonb, jsonb), public.update_reference_draft(uuid, jsonb, jsonb),
  public.submit_reference_version(uuid), public.approve_reference_version(uuid), public.reject_reference_version(uuid, text),
  public.schedule_reference_version(uuid, date), public.withdraw_reference_version(uuid, text),
  public.archive_reference_version(uuid, text), public.activate_due_reference_versions(timestamptz),
  public.list_reference_records(text), public.list_reference_versions(text, text, text), public.get_reference_version(uuid)
  from public, anon;
grant execute on function
  public.create_reference_draft(text, text, jsonb, jsonb), public.update_reference_draft(uuid, jsonb, jsonb),
  public.submit_reference_version(uuid), public.approve_reference_version(uuid), public.reject_reference_version(uuid, text),
  public.schedule_reference_version(uuid, date), public.withdraw_reference_version(uuid, text),
  public.archive_reference_version(uuid, text),
  public.list_reference_records(text), public.list_reference_versions(text, text, text), public.get_reference_version(uuid)
  to authenticated;
-- Activation follows the calendar, not a caller's choice of clock.
revoke all on function public.activate_due_reference_versions(timestamptz) from authenticated;
grant execute on function public.activate_due_reference_versions(timestamptz) to service_role;

revoke all on function
  private.json_schema_problem(jsonb, jsonb, text), private.formulary_record_from_draft(jsonb, text),
  private.normalise_medication_name(text), private.medication_draft_problem(text, jsonb),
  private.reference_draft_problem(text, text, jsonb), private.change_log_problem(jsonb), private.change_log_summary(jsonb),
  private.version_label(public.reference_versions), private.audit_reference_version(public.reference_versions, text, jsonb),
  private.load_reference_version(uuid, boolean),
  private.require_reference_status(public.reference_versions, public.reference_version_status[], text),
  private.require_usable_draft(text, text, jsonb), private.require_change_log(jsonb), private.version_actor(text, boolean),
  private.put_reference_version_in_force(uuid, timestamptz), private.reference_version_json(public.reference_versions, boolean),
  private.reference_change_note(text, text)
  from public;
