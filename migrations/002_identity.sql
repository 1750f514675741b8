create table accounts (
  id uuid primary key,
  kind text not null check (kind in ('person', 'enterprise', 'staff')),
  username text not null unique,
  name text not null,
  id_number text unique,
  uscc text unique,
  phone text unique,
  legal_rep_name text,
  legal_rep_id_number text,
  password_hash text not null,
  roles text[] not null default '{}',
  region_code text,
  department_code text,
  active boolean not null default true,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  created_at timestamptz not null default now(),
  password_changed_at timestamptz not null default now()
);
create index accounts_region on accounts (region_code) where kind = 'staff';

-- Opaque session tokens: only their SHA-256 is stored, so a database leak yields no usable token.
create table sessions (
  token_hash text primary key,
  account_id uuid not null references accounts (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_seen_at timestamptz not null default now(),
  revoked_at timestamptz,
  ip text,
  user_agent text
);
create index sessions_account on sessions (account_id);
