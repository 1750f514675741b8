create table catalog_imports (
  id uuid primary key,
  published_at date not null,
  issuer_region_code text not null,
  issuer_name text not null,
  doc_sha256 text not null,
  status text not null check (status in ('applied', 'noop')),
  items_created integer not null default 0,
  items_updated integer not null default 0,
  items_unchanged integer not null default 0,
  items_withdrawn integer not null default 0,
  imported_by uuid,
  imported_at timestamptz not null default now()
);

create table regions (
  code text primary key,
  name text not null,
  level text not null check (level in ('province', 'city', 'county', 'township')),
  parent text references regions (code)
);

create table departments (
  code text primary key,
  name text not null,
  region_code text not null references regions (code),
  kind text not null
);
create index departments_region on departments (region_code, kind);

-- An item's identity is its code; its content is versioned so cases can pin the version they were
-- filed on. Nothing is deleted: an item missing from a newer catalog is marked withdrawn.
create table catalog_items (
  code text primary key,
  base_code text not null,
  current_version integer not null,
  withdrawn_at timestamptz
);

create table catalog_item_versions (
  code text not null references catalog_items (code),
  version integer not null,
  import_id uuid not null references catalog_imports (id),
  published_at date not null,
  content_hash text not null,
  name text not null,
  sub_name text not null,
  type text not null,
  department_kind text not null,
  promised_days integer not null,
  legal_days integer not null,
  online_depth integer not null,
  themes text[] not null,
  served_objects text[] not null,
  levels text[] not null,
  -- json, not jsonb: jsonb reorders object keys, and a form's field order is part of the item.
  doc json not null,
  created_at timestamptz not null default now(),
  primary key (code, version)
);

-- 实施清单: which department of which region implements each item (derived on import).
create table item_implementations (
  item_code text not null references catalog_items (code),
  region_code text not null references regions (code),
  department_code text not null references departments (code),
  primary key (item_code, region_code)
);
create index item_implementations_region on item_implementations (region_code);

create table bundles (
  code text primary key,
  name text not null,
  served_objects text[] not null,
  promised_days integer not null,
  item_codes text[] not null,
  doc jsonb not null,
  withdrawn_at timestamptz
);

create table licence_types (
  code text primary key,
  name text not null,
  department_kind text not null,
  doc jsonb not null,
  withdrawn_at timestamptz
);

create table data_resources (
  code text primary key,
  name text not null,
  department_kind text not null,
  doc jsonb not null,
  withdrawn_at timestamptz
);

create table proofs (
  code text primary key,
  name text not null,
  replacement text not null,
  doc jsonb not null,
  withdrawn_at timestamptz
);
