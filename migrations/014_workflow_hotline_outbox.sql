-- 12345 hotline tickets, the second workflow on the kernel (src/platform/workflow). The current
-- state lives here for queries; the history is the events table (aggregate_type 'ticket').
create sequence hotline_ticket_seq;

create table hotline_tickets (
  id uuid primary key,
  ticket_no text not null unique,
  channel text not null,
  kind text not null,
  category_code text not null,
  content text not null,
  caller_id uuid,
  caller_name text,
  caller_phone text not null,
  confidential boolean not null default false,
  urgent boolean not null default false,
  address text,
  lat double precision,
  long double precision,
  region_code text not null,
  department_code text,
  status text not null,
  version integer not null,
  definition_version integer not null,
  reply text,
  satisfaction text,
  reopen_count integer not null default 0,
  urge_count integer not null default 0,
  pending_extension jsonb,
  -- The kernel's clock (see clock.ts): what it counts from, and the derived dates the sweep indexes.
  clock_start date,
  limit_days integer not null default 0,
  same_day boolean not null default false,
  paused_days integer not null default 0,
  paused_since date,
  pause_reason text,
  extended_days integer not null default 0,
  due_date date,
  warn_date date,
  clock_running boolean not null default false,
  warning text not null default 'none',
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index hotline_tickets_region on hotline_tickets (region_code, status);
create index hotline_tickets_department on hotline_tickets (department_code, status);
create index hotline_tickets_caller on hotline_tickets (caller_id) where caller_id is not null;
-- The sweep reads only rows whose warning may have to rise.
create index hotline_tickets_warn on hotline_tickets (warn_date) where clock_running and warning = 'none';
create index hotline_tickets_due on hotline_tickets (due_date) where clock_running and warning <> 'red';

-- Outbox delivery with retries: a failing event waits (exponential backoff) and blocks only the
-- later events of its own aggregate; after the last attempt it is parked in the dead-letter table.
alter table events add column attempts integer not null default 0;
alter table events add column next_attempt_at timestamptz;
alter table events add column last_error text;
alter table events add column dead_at timestamptz;
drop index if exists events_undelivered;
create index events_pending on events (id) where delivered_at is null and dead_at is null;

create table outbox_dead_letters (
  event_id bigint primary key,
  aggregate_type text not null,
  aggregate_id text not null,
  type text not null,
  attempts integer not null,
  last_error text not null,
  parked_at timestamptz not null default now(),
  requeued_at timestamptz
);

-- SMS: a failed send is retried with backoff a bounded number of times, then given up (failed_at).
alter table sms_outbox add column attempts integer not null default 0;
alter table sms_outbox add column next_attempt_at timestamptz;
alter table sms_outbox add column last_error text;
alter table sms_outbox add column failed_at timestamptz;
