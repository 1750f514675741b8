-- Personal data at rest: SM4-sealed values and keyed blind indexes (HMAC-SM3) replace the plaintext
-- columns. The start-up code seals existing rows once and nulls the plaintext (a migration cannot
-- reach the key file, which never lives in the database).
alter table accounts add column id_number_enc text;
alter table accounts add column id_number_bidx text;
alter table accounts add column phone_enc text;
alter table accounts add column phone_bidx text;
alter table accounts add column legal_rep_id_number_enc text;
create unique index accounts_id_number_bidx on accounts (id_number_bidx);
create unique index accounts_phone_bidx on accounts (phone_bidx);

-- Second factor (TOTP, RFC 6238) of staff: the sealed secret, and the last time step used so that a
-- code is accepted once. Demo staff (seeded only where demo data was asked for) log in without it.
alter table accounts add column otp_secret_enc text;
alter table accounts add column otp_last_step bigint;
alter table accounts add column demo boolean not null default false;
-- The contract's demo accounts seeded before this migration (demo seeding marks new ones itself).
update accounts set demo = true
where username in ('demo-person', 'demo-enterprise', 'demo-clerk', 'demo-reviewer', 'demo-approver',
  'demo-agent', 'demo-supervisor', 'demo-inspector', 'demo-admin');

-- Failed-login counters, shared by every app process. scope 'pair' = (account, client), 'client' =
-- one client across accounts, 'account' = one account across clients. subject is an account id or
-- the blind index of an unknown login name, so the table holds no personal data either.
create table auth_throttle (
  scope text not null check (scope in ('pair', 'client', 'account')),
  subject text not null,
  failures integer not null default 0,
  window_started_at timestamptz not null default now(),
  locked_until timestamptz,
  lock_count integer not null default 0,
  updated_at timestamptz not null default now(),
  primary key (scope, subject)
);
create index auth_throttle_updated on auth_throttle (updated_at);

-- One-time SMS codes (password reset, account claim, unlock): only a keyed hash of the code is kept.
create table sms_codes (
  id uuid primary key,
  account_id uuid not null references accounts (id),
  purpose text not null check (purpose in ('reset', 'claim', 'unlock')),
  code_hash text not null,
  attempts integer not null default 0,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index sms_codes_account on sms_codes (account_id, purpose, created_at);
