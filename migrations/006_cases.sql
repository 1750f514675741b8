create sequence case_no_seq;

-- One row per application (办件). Its history is the event log (events, aggregate_type 'case');
-- this row is the current state folded from those events, kept for queries.
create table cases (
  id uuid primary key,
  case_no text not null unique,
  parent_id uuid references cases (id),
  bundle_code text,
  item_code text,
  item_version integer,
  region_code text not null,
  department_code text,
  applicant_id uuid not null,
  applicant_kind text not null,
  applicant_name text not null,
  channel text not null check (channel in ('online', 'window')),
  submitted_by uuid not null,
  status text not null,
  correction_from text,
  correction_materials text[] not null default '{}',
  form jsonb not null,
  delivery jsonb not null,
  promised_days integer not null default 0,
  accepted_at timestamptz,
  due_date date,
  paused_working_days integer not null default 0,
  paused_since date,
  warning text not null default 'none' check (warning in ('none', 'yellow', 'red')),
  visits integer not null default 0,
  decided_at timestamptz,
  delivered_at timestamptz,
  tracking_no text,
  seq integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index cases_applicant on cases (applicant_id, created_at desc);
create index cases_department_open on cases (department_code, status, due_date);
create index cases_region_open on cases (region_code, status);
create index cases_parent on cases (parent_id);

create table case_materials (
  case_id uuid not null references cases (id),
  material_id text not null,
  name text not null,
  required boolean not null,
  status text not null check (status in ('provided', 'shared', 'commitment', 'deferred', 'missing')),
  file_id uuid,
  commitment_text text,
  shared_source text,
  owed_until date,
  supplied_at timestamptz,
  overdue_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (case_id, material_id)
);

create table case_steps (
  case_id uuid not null references cases (id),
  step_id text not null,
  seq integer not null,
  name text not null,
  role text not null,
  parallel_group text,
  days integer not null default 0,
  status text not null check (status in ('waiting', 'open', 'done')),
  assignee uuid,
  opened_at timestamptz,
  completed_at timestamptz,
  completed_by uuid,
  primary key (case_id, step_id)
);

create table case_drafts (
  id uuid primary key,
  applicant_id uuid not null,
  item_code text,
  bundle_code text,
  region_code text,
  body jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index case_drafts_applicant on case_drafts (applicant_id, updated_at desc);
