-- Production privileges (docs/audit.md, "Database privileges"). Run as the owner role — the one that
-- owns the schema and runs `npm run migrate` — after every migration. The application connects as
-- `tongban_app`, which owns nothing: it cannot drop or alter tables, or disable a trigger.
--
--   psql "$OWNER_URL" -v ON_ERROR_STOP=1 -f deploy/postgres/grants.sql
--
-- Replace `public` if the platform lives in another schema. Create the role once beforehand:
--   create role tongban_app login password '…';

grant usage on schema public to tongban_app;
grant select, insert, update, delete on all tables in schema public to tongban_app;
grant usage, select on all sequences in schema public to tongban_app;

-- The audit log: append only. The application inserts entries and reads them; the chainer (a job in
-- the application) may fill the four chain columns of a row once — the trigger audit_log_guard
-- refuses every other change, whoever asks. No DELETE, no TRUNCATE: retention is at least six months
-- (网络安全法 Art. 21) and the application has no delete path.
revoke update, delete, truncate on audit_log, audit_checkpoints from tongban_app;
grant update (chain_pos, prev_hash, hash, chained_at) on audit_log to tongban_app;
