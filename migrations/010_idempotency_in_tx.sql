-- Idempotency outcomes are stored inside the transaction of the change they protect (unit-of-work.ts):
-- `exact` tells whether `response` is the payload sent (true) or the handler's result to serialize again.
alter table idempotency_keys add column exact boolean not null default true;
create index idempotency_keys_created on idempotency_keys (created_at);
