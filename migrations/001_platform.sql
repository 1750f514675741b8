-- Event log and outbox: every state change appends here in its own transaction; delivered_at is
-- set by the dispatcher once every subscriber has handled it (at least once).
create table events (
  id bigserial primary key,
  aggregate_type text not null,
  aggregate_id text not null,
  type text not null,
  actor_id uuid,
  region_code text,
  payload jsonb not null default '{}',
  at timestamptz not null default now(),
  delivered_at timestamptz
);
create index events_aggregate on events (aggregate_type, aggregate_id, id);
create index events_undelivered on events (id) where delivered_at is null;

create table idempotency_keys (
  scope text not null,
  key text not null,
  request_hash text not null,
  status_code integer,
  content_type text,
  response text,
  created_at timestamptz not null default now(),
  completed_at timestamptz,
  primary key (scope, key)
);
