-- Demo data for the local stack and for trying a fresh project: two departments (so that a
-- supervisor can be shown NOT seeing the other one's records) and a user for every role.
-- The reference data (protocols, provider impressions, the formulary) is not here: it is the
-- app's own dataset (src/reference/, the formulary in src/domain/dosing/formulary/), which
-- `npm run db:migrate -- --seed` loads right after this file with
-- `select public.load_reference_dataset(<the bundle's JSON>)` as the service role. On a real
-- project, load public/data/dataset.json the same way.
--
-- Every demo account signs in with the password  rigside-demo-password  (never use these
-- accounts on a real project).

insert into public.departments (id, code, name) values
  ('d0000000-0000-4000-8000-000000000001', 'NVFD', 'North Valley Fire Department'),
  ('d0000000-0000-4000-8000-000000000002', 'HCEMS', 'Harbor City EMS');

insert into public.stations (id, department_id, code, name) values
  ('50000000-0000-4000-8000-000000000012', 'd0000000-0000-4000-8000-000000000001', 'ST12', 'Station 12 (Ridge Road)'),
  ('50000000-0000-4000-8000-000000000015', 'd0000000-0000-4000-8000-000000000001', 'ST15', 'Station 15 (Mill Creek)'),
  ('50000000-0000-4000-8000-000000000003', 'd0000000-0000-4000-8000-000000000002', 'M3', 'Medic 3 (Harbor Pier)');

-- Supabase Auth users, filled in the way GoTrue reads them: token columns are empty strings,
-- never null, and an email identity goes with each account.
with demo (id, email, role, full_name, badge_number, department_id, station_id) as (
  values
    ('a0000000-0000-4000-8000-000000000001'::uuid, 'paramedic@north-valley.example', 'paramedic', 'Dana Ortiz', 'NV-1042',
     'd0000000-0000-4000-8000-000000000001'::uuid, '50000000-0000-4000-8000-000000000012'::uuid),
    ('a0000000-0000-4000-8000-000000000002', 'emt@north-valley.example', 'emt', 'Sam Whitfield', 'NV-2210',
     'd0000000-0000-4000-8000-000000000001', '50000000-0000-4000-8000-000000000015'),
    ('a0000000-0000-4000-8000-000000000003', 'director@north-valley.example', 'medical_director', 'Dr. Priya Raman', 'NV-MD1',
     'd0000000-0000-4000-8000-000000000001', null),
    ('a0000000-0000-4000-8000-000000000004', 'admin@north-valley.example', 'admin', 'Lee Carter', 'NV-AD1',
     'd0000000-0000-4000-8000-000000000001', null),
    ('a0000000-0000-4000-8000-000000000005', 'paramedic@harbor-city.example', 'paramedic', 'Rosa Delgado', 'HC-0307',
     'd0000000-0000-4000-8000-000000000002', '50000000-0000-4000-8000-000000000003'),
    ('a0000000-0000-4000-8000-000000000006', 'director@harbor-city.example', 'medical_director', 'Dr. Ken Ito', 'HC-MD1',
     'd0000000-0000-4000-8000-000000000002', null),
    -- Reads the console (queue, charts, audit, sync health) but decides nothing there.
    ('a0000000-0000-4000-8000-000000000007', 'supervisor@north-valley.example', 'supervisor', 'Capt. Jordan Reyes', 'NV-SUP1',
     'd0000000-0000-4000-8000-000000000001', '50000000-0000-4000-8000-000000000012'),
    -- A second medical director in North Valley: approvals need one who is not the author.
    ('a0000000-0000-4000-8000-000000000008', 'director2@north-valley.example', 'medical_director', 'Dr. Alan Brooks', 'NV-MD2',
     'd0000000-0000-4000-8000-000000000001', null)
), auth_users as (
  insert into auth.users (
    instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
    confirmation_token, recovery_token, email_change_token_new, email_change,
    raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
  select '00000000-0000-0000-0000-000000000000', d.id, 'authenticated', 'authenticated', d.email,
         extensions.crypt('rigside-demo-password', extensions.gen_salt('bf')), now(),
         '', '', '', '',
         jsonb_build_object('provider', 'email', 'providers', jsonb_build_array('email'), 'role', d.role),
         jsonb_build_object('full_name', d.full_name), now(), now()
  from demo d
  returning id
), identities as (
  insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
  select d.id::text, d.id, jsonb_build_object('sub', d.id::text, 'email', d.email, 'email_verified', true),
         'email', now(), now(), now()
  from demo d
  returning user_id
)
insert into public.users (id, email, full_name, role, badge_number, department_id, station_id)
select d.id, d.email, d.full_name, d.role::public.app_role, d.badge_number, d.department_id, d.station_id
from demo d
-- The joins make the profile rows wait for the auth rows they reference.
join auth_users a on a.id = d.id
join identities i on i.user_id = d.id;
