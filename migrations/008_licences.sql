-- 电子证照: licences issued by departments, the public halves of their signing keys and the serial
-- counters behind the identifiers. The licence's history is the event log (aggregate_type 'licence').

-- Public keys only: the private halves stay in files of the data directory (mode 0600).
create table licence_signing_keys (
  key_id text primary key,
  department_code text not null,
  public_key text not null,
  created_at timestamptz not null
);
create index licence_signing_keys_department on licence_signing_keys (department_code, created_at);

-- One counter per licence type and issuer: the serial part of the GB/T 36903 identifier.
create table licence_serials (
  type_code text not null,
  issuer_department_code text not null,
  last_serial integer not null,
  primary key (type_code, issuer_department_code)
);

create table licences (
  id uuid primary key,
  identifier text not null unique,
  type_code text not null,
  name text not null,
  holder_account_id uuid not null references accounts (id),
  holder_kind text not null check (holder_kind in ('person', 'enterprise')),
  holder_name text not null,
  holder_number text,
  issuer_department_code text not null,
  issuer_name text not null,
  case_id uuid references cases (id),
  case_no text,
  serial integer not null,
  version integer not null default 1,
  licence_no text not null,
  data jsonb not null,
  issued_at timestamptz not null,
  valid_from date not null,
  valid_until date,
  status text not null default 'valid' check (status in ('valid', 'revoked')),
  revoked_at timestamptz,
  revoked_by uuid,
  revoke_reason text,
  key_id text not null references licence_signing_keys (key_id),
  digest text not null,
  signature text not null,
  token text not null,
  supersedes uuid references licences (id),
  superseded_by uuid references licences (id),
  created_at timestamptz not null default now(),
  unique (type_code, issuer_department_code, serial, version)
);
create index licences_holder on licences (holder_account_id, issued_at desc);
create index licences_issuer on licences (issuer_department_code, issued_at desc);
create index licences_case on licences (case_id);
