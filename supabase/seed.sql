-- Demo data for the local stack and for trying a fresh project: two departments (so that a
-- supervisor can be shown NOT seeing the other one's records), a user for every role, and a
-- small reference dataset written for Rigside. The app's full dataset (npm run build:dataset)
-- loads the same way: `select public.load_reference_dataset(<the bundle's JSON>)` as the
-- service role, which replaces this one and soft-deletes what it does not contain.
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
     'd0000000-0000-4000-8000-000000000002', null)
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

-- A small reference dataset in our own words; facts (codes, names, doses, concentrations) from
-- LA County's Treatment Protocols, Drug Reference (1317.x) and MCG 1309.
select public.load_reference_dataset($dataset$
{
  "version": "0.1.0-seed",
  "protocols": [
    {
      "tp_code": "1210", "name": "Cardiac Arrest", "population": "adult", "category": "Cardiac",
      "provider_impressions": ["CANT"],
      "keywords": ["cardiac arrest", "CPR", "pulseless", "VF", "VT", "asystole", "PEA", "ROSC", "code"],
      "sections": [
        {"kind": "assessment", "title": "Assess", "items": ["Confirm no pulse and no normal breathing; start compressions without delay.", "Attach the monitor and read the rhythm at each two-minute pause."]},
        {"kind": "treatment", "title": "Treat", "items": ["High-quality CPR with as few pauses as possible.", "Shockable rhythm: defibrillate, then resume CPR straight away.", "Epinephrine 1 mg IV/IO (0.1 mg/mL) every 3-5 minutes.", "Look for and treat reversible causes."]}
      ],
      "medications": [{"medication_id": "epinephrine", "routes": ["IV", "IO"], "indication": "cardiac arrest", "dose_text": "1 mg (0.1 mg/mL) every 3-5 min"}],
      "related": ["1210-P"], "popularity": 0.9, "version": 1, "effective_date": "2025-07-01"
    },
    {
      "tp_code": "1210-P", "name": "Cardiac Arrest (Pediatric)", "population": "pediatric", "category": "Cardiac",
      "provider_impressions": ["CANT"],
      "keywords": ["pediatric arrest", "child CPR", "infant CPR", "pulseless child"],
      "sections": [
        {"kind": "assessment", "title": "Assess", "items": ["Find the colour band on the length-based tape before any dose (MCG 1309)."]},
        {"kind": "treatment", "title": "Treat", "items": ["CPR at the rate and depth for the child's size.", "Epinephrine 0.01 mg/kg IV/IO of the 0.1 mg/mL solution, at most 1 mg a dose."]}
      ],
      "medications": [{"medication_id": "epinephrine", "routes": ["IV", "IO"], "indication": "cardiac arrest", "dose_text": "0.01 mg/kg (0.1 mg/mL), max 1 mg"}],
      "related": ["1210"], "popularity": 0.5, "version": 1, "effective_date": "2025-07-01"
    },
    {
      "tp_code": "1211", "name": "Cardiac Chest Pain", "population": "adult", "category": "Cardiac",
      "provider_impressions": ["CPSC", "CPMI"],
      "keywords": ["chest pain", "CP", "ACS", "STEMI", "MI", "heart attack", "12-lead", "aspirin"],
      "sections": [
        {"kind": "assessment", "title": "Assess", "items": ["Get a 12-lead ECG early and repeat it if the pain changes.", "Ask about aspirin allergy and recent bleeding."]},
        {"kind": "treatment", "title": "Treat", "items": ["Aspirin 325 mg, chewed, unless allergic or bleeding from the gut.", "STEMI on the ECG: notify the receiving centre early."]}
      ],
      "medications": [{"medication_id": "aspirin", "routes": ["PO"], "indication": "suspected cardiac chest pain", "dose_text": "325 mg chewed"}],
      "related": ["1213"], "popularity": 0.8, "version": 1, "effective_date": "2025-07-01"
    },
    {
      "tp_code": "1213", "name": "Cardiac Dysrhythmia - Tachycardia", "population": "adult", "category": "Cardiac",
      "provider_impressions": ["DYSR"],
      "keywords": ["tachycardia", "SVT", "fast heart rate", "palpitations", "adenosine"],
      "sections": [
        {"kind": "assessment", "title": "Assess", "items": ["Is the patient stable? Look at mental status, blood pressure and perfusion.", "Narrow or wide complex, regular or irregular?"]},
        {"kind": "treatment", "title": "Treat", "items": ["Stable narrow-complex regular rhythm: try vagal manoeuvres first.", "Adenosine 6 mg rapid IV push with a fast flush; 12 mg if it does not convert."]}
      ],
      "medications": [{"medication_id": "adenosine", "routes": ["IV"], "indication": "SVT", "dose_text": "6 mg, then 12 mg"}],
      "related": ["1211"], "popularity": 0.4, "version": 1, "effective_date": "2025-07-01"
    },
    {
      "tp_code": "1219", "name": "Allergy", "population": "adult", "category": "Medical",
      "provider_impressions": ["ALRX", "ANPH"],
      "keywords": ["allergy", "anaphylaxis", "hives", "swelling", "epi", "EpiPen"],
      "sections": [
        {"kind": "assessment", "title": "Assess", "items": ["Airway swelling, wheeze, low blood pressure or gut symptoms after an exposure mean anaphylaxis."]},
        {"kind": "treatment", "title": "Treat", "items": ["Anaphylaxis: epinephrine IM into the thigh, 1 mg/mL, 0.5 mg."]}
      ],
      "medications": [{"medication_id": "epinephrine", "routes": ["IM"], "indication": "anaphylaxis", "dose_text": "0.5 mg IM (1 mg/mL)"}],
      "related": ["1219-P"], "popularity": 0.6, "version": 1, "effective_date": "2025-07-01"
    },
    {
      "tp_code": "1219-P", "name": "Allergy (Pediatric)", "population": "pediatric", "category": "Medical",
      "provider_impressions": ["ALRX", "ANPH"],
      "keywords": ["pediatric allergy", "child anaphylaxis", "hives"],
      "sections": [
        {"kind": "treatment", "title": "Treat", "items": ["Anaphylaxis: epinephrine 0.01 mg/kg IM of the 1 mg/mL solution, at most 0.5 mg; dose by the tape colour (MCG 1309)."]}
      ],
      "medications": [{"medication_id": "epinephrine", "routes": ["IM"], "indication": "anaphylaxis", "dose_text": "0.01 mg/kg IM, max 0.5 mg"}],
      "related": ["1219"], "popularity": 0.3, "version": 1, "effective_date": "2025-07-01"
    }
  ],
  "provider_impressions": [
    {"code": "CANT", "name": "Cardiac Arrest - Non-traumatic", "adult_tp": "1210", "pediatric_tp": "1210-P", "guidance": "No pulse, from a medical cause.", "keywords": ["arrest", "pulseless"]},
    {"code": "CPSC", "name": "Chest Pain - Suspected Cardiac", "adult_tp": "1211", "pediatric_tp": "1211-P", "guidance": "Chest pain that may come from the heart, without STEMI on the ECG.", "keywords": ["chest pain", "angina"]},
    {"code": "CPMI", "name": "Chest Pain - STEMI", "adult_tp": "1211", "pediatric_tp": "1211-P", "guidance": "ST elevation MI on the 12-lead.", "keywords": ["STEMI", "MI"]},
    {"code": "DYSR", "name": "Cardiac Dysrhythmia - Tachycardia", "adult_tp": "1213", "pediatric_tp": "1213-P", "guidance": "Fast rhythm whose cause is not better filed elsewhere.", "keywords": ["SVT", "tachycardia"]},
    {"code": "ALRX", "name": "Allergic Reaction", "adult_tp": "1219", "pediatric_tp": "1219-P", "guidance": "Allergic signs that fall short of anaphylaxis.", "keywords": ["hives", "itching"]},
    {"code": "ANPH", "name": "Anaphylaxis", "adult_tp": "1219", "pediatric_tp": "1219-P", "guidance": "Allergic reaction affecting breathing, circulation or more than one body system.", "keywords": ["anaphylaxis"]}
  ],
  "medications": [
    {
      "id": "adenosine", "name": "Adenosine",
      "formulations": [{"concentration": "3 mg/mL", "form": "vial"}],
      "adult_dosing": [{"route": "IV", "dose": "6 mg rapid push, then 12 mg if needed", "flush": "10 mL NS"}],
      "pediatric_dosing": [{"route": "IV", "per_kg": {"value": 0.1, "unit": "mg/kg"}, "repeat_per_kg": {"value": 0.2, "unit": "mg/kg"}, "max_first": {"value": 6, "unit": "mg"}}],
      "max_single_dose": {"value": 12, "unit": "mg"},
      "routes": ["IV", "IO"], "indications": ["SVT"], "contraindications": [], "interactions": []
    },
    {
      "id": "aspirin", "name": "Aspirin",
      "formulations": [{"concentration": "325 mg tablet", "form": "chewable tablet"}],
      "adult_dosing": [{"route": "PO", "dose": "325 mg chewed"}],
      "pediatric_dosing": [],
      "max_single_dose": {"value": 325, "unit": "mg"},
      "routes": ["PO"], "indications": ["suspected cardiac chest pain", "STEMI"],
      "contraindications": ["aspirin allergy", "bleeding GI ulcer", "children"],
      "interactions": ["anticoagulants and heavy alcohol use raise the bleeding risk"]
    },
    {
      "id": "epinephrine", "name": "Epinephrine",
      "formulations": [{"concentration": "1 mg/mL", "form": "vial for IM and nebulised use"}, {"concentration": "0.1 mg/mL", "form": "prefilled syringe for IV/IO"}],
      "adult_dosing": [{"route": "IM", "dose": "0.5 mg (1 mg/mL)"}, {"route": "IV", "dose": "1 mg (0.1 mg/mL) in cardiac arrest"}],
      "pediatric_dosing": [
        {"route": "IM", "per_kg": {"value": 0.01, "unit": "mg/kg"}, "concentration": "1 mg/mL", "max": {"value": 0.5, "unit": "mg"}},
        {"route": "IV", "per_kg": {"value": 0.01, "unit": "mg/kg"}, "concentration": "0.1 mg/mL", "max": {"value": 1, "unit": "mg"}}
      ],
      "max_single_dose": {"value": 1, "unit": "mg"},
      "routes": ["IM", "IV", "IO", "NEB"], "indications": ["anaphylaxis", "cardiac arrest"], "contraindications": [], "interactions": []
    }
  ]
}
$dataset$::jsonb);
