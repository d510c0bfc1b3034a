-- private.reference_version_row_json was declared immutable (20261202003000), and its comment
-- there says the planner inlines it. It did not: jsonb_build_object is stable (its text for a
-- timestamptz depends on the session's time zone), and Postgres inlines a SQL function only when
-- its body is no more volatile than the function says it is. So every line of
-- list_reference_versions still called the function. Declared stable, which is what it is, the
-- plan carries jsonb_build_object itself (EXPLAIN VERBOSE). Measured on the seeded database
-- (107 versions, a medical director, 60 calls per round, three rounds alternating):
-- list_reference_versions p50 9.2-10.1 ms immutable, 7.7-8.8 ms stable.

alter function private.reference_version_row_json(private.reference_version_rows) stable;

comment on function private.reference_version_row_json(private.reference_version_rows) is
  'One version as the console lists it, without its content. Stable (jsonb_build_object is) and with no SET clause, so the planner inlines it into list_reference_versions.';
