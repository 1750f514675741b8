-- 站内信: in-app messages, one per (event, recipient) so redelivery of an event is harmless.
create table messages (
  id bigserial primary key,
  account_id uuid not null,
  event_id bigint not null,
  case_id uuid,
  title text not null,
  body text not null,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  unique (event_id, account_id)
);
create index messages_account on messages (account_id, id desc);

create table sms_outbox (
  id bigserial primary key,
  event_id bigint not null,
  phone text not null,
  body text not null,
  sent_at timestamptz,
  unique (event_id, phone)
);

-- Durable periodic jobs: the next run is in the database, so a restart loses nothing and two
-- processes do not both run a sweep.
create table jobs (
  name text primary key,
  next_run_at timestamptz not null,
  locked_until timestamptz,
  last_run_at timestamptz,
  last_result jsonb
);
