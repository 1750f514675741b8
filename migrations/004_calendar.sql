-- Working-day calendar. Administrative time limits count working days (行政许可法 Art. 82); which
-- days those are is set each year by the State Council's holiday notice (国务院办公厅关于部分节假日
-- 安排的通知): statutory holidays, and weekend days made working days (调休上班). A year is either
-- loaded from such a notice or unknown; deadlines in an unknown year fall back to weekends only and
-- are flagged, so a missing notice is visible instead of silently wrong.
create table calendar_years (
  year integer primary key check (year between 1900 and 2999),
  -- the notice the days were taken from, e.g. its title and document number
  source text not null,
  loaded_at timestamptz not null default now(),
  -- null when seeded at start-up from the packaged notices
  loaded_by uuid
);

-- Only the days that differ from the Monday-to-Friday rule are stored.
create table calendar_days (
  date date primary key,
  year integer not null references calendar_years (year) on delete cascade,
  kind text not null check (kind in ('holiday', 'workday')),
  name text not null,
  check (extract(year from date) = year)
);
create index calendar_days_year on calendar_days (year);
