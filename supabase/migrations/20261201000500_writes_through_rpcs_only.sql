-- Writes go through the RPCs only (issue #12). The app's server API is a handful of functions
-- (DESIGN.md): ingest_events writes every record a device sends, the protocol version workflow
-- writes protocol_versions and protocols, and both run as their owner (security definer) with
-- their own checks. A direct INSERT, UPDATE or DELETE through PostgREST skipped those checks:
-- a crew member could insert records without the ingest ledger, with any timestamp, or edit
-- the PHI of a patient context. So the API roles keep SELECT (row-level security decides which
-- rows) and lose every other table privilege, column grants included; anon already had none.
--
-- The write policies of the earlier migrations stay: no grant reaches them now, but a blanket
-- `grant all` run by hand from a dashboard would still be held to a member's own rows.

revoke insert, update, delete, truncate, references, trigger on all tables in schema public from anon, authenticated;
revoke all on all tables in schema public from anon;
-- Column grants (users.full_name) outlive a table-level revoke of a privilege never granted on
-- the table, so name them.
revoke update (full_name) on public.users from authenticated;

-- Supabase's default privileges give the API roles everything on each new table of schema
-- public; from here on a new table gets SELECT at most, and its migration says who reads it.
alter default privileges for role postgres in schema public
  revoke insert, update, delete, truncate, references, trigger on tables from anon, authenticated;
alter default privileges for role postgres in schema public revoke all on tables from anon;
