-- 数据共享: records the departments' own systems hold about a person (by ID number) or an enterprise
-- (by USCC), one per data resource and subject. In production these answer through the exchange
-- platform; here they stand in for it so that 免提交 can be checked and demonstrated.
create table provider_records (
  resource_code text not null,
  subject_key text not null,
  data jsonb not null,
  updated_at timestamptz not null default now(),
  primary key (resource_code, subject_key)
);

-- Every read of a person's or enterprise's shared data or licences (GB/T 35273: record every access),
-- shown to the subject at GET /api/me/data-access. Append-only; kept at least six months (网络安全法
-- Art. 21). subject_account_id is null when the subject has no account yet; subject_key keeps the
-- number for the audit, and is never shown in the subject's list.
create table data_access_log (
  id bigserial primary key,
  subject_account_id uuid,
  subject_key text,
  resource_code text not null,
  resource_name text not null,
  department_code text not null,
  staff_id uuid,
  purpose text not null,
  case_id uuid,
  case_no text,
  at timestamptz not null default now()
);
create index data_access_log_subject on data_access_log (subject_account_id, at desc, id desc);
create index data_access_log_case on data_access_log (case_id);
