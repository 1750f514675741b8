-- Uploaded files (materials of applications). The bytes live in the blob store, addressed by their
-- SHA-256, so the same document uploaded twice is stored once; each upload still gets its own row,
-- because owner, name and time are facts of the upload, not of the bytes.
create table files (
  id uuid primary key,
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  size bigint not null check (size > 0),
  mime text not null,
  original_name text not null,
  owner_id uuid not null references accounts (id),
  created_at timestamptz not null default now()
);
create index files_owner on files (owner_id, created_at);
-- For a future sweep of blobs no row refers to any more.
create index files_sha256 on files (sha256);
