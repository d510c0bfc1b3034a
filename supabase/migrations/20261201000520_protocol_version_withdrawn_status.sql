-- A scheduled protocol version can be withdrawn before its date (issue #12): its own status, so
-- the history says what happened to it. In a migration of its own because a new enum value
-- cannot be used in the transaction that adds it; the next migration uses it.
alter type public.protocol_version_status add value if not exists 'withdrawn' after 'scheduled';
