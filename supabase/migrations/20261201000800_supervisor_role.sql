-- A field supervisor (a captain or battalion chief) follows the calls of their department in
-- the console but does not decide on them: they read the QI queue, the charts, the audit trail
-- and sync health, and leave review actions, protocol and formulary versions and bans to the
-- medical directors and admins (issue 15). Their own role, because the medical director's and
-- the admin's rights are more than a read.
--
-- In a migration of its own: a new enum value cannot be used in the transaction that adds it.
alter type public.app_role add value if not exists 'supervisor' after 'emt';
