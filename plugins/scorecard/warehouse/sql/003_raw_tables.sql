-- one row per distinct report file (identified by the sha256 of its bytes).
create table if not exists raw.reports (
    report_sha256 text primary key,
    source_uri text not null,
    period_end date not null,
    financial_year text not null,
    quarter smallint not null check (quarter between 1 and 4),
    council text not null,
    report_name text not null,
    data_source text,
    time_fetched timestamp,
    fetched_at timestamptz,
    page_count integer not null,
    measure_count integer not null,
    extractor_version text,
    loaded_at timestamptz not null default now(),
    is_current boolean not null default false,
    superseded_by text references raw.reports (report_sha256)
);

create index if not exists reports_period_end_idx on raw.reports (period_end);

-- at most one current report per quarter.
create unique index if not exists reports_one_current_per_period_idx
    on raw.reports (period_end) where is_current;

-- one row per measure per report: every extracted field plus page provenance.
create table if not exists raw.measures (
    report_sha256 text not null references raw.reports (report_sha256),
    measure_code text not null,
    period_end date not null,
    measure_ordinal integer not null check (measure_ordinal >= 1),
    directorate text,
    measure_title text not null,
    quarterly_status text,
    forecast_status text,
    quarterly_target_text text,
    quarterly_actual_text text,
    forecast_target_text text,
    forecast_actual_text text,
    quarterly_target numeric,
    quarterly_actual numeric,
    forecast_target numeric,
    forecast_actual numeric,
    unit text,
    direction_of_travel text,
    context text,
    improvement_actions text,
    intervention_review text,
    first_page integer,
    last_page integer,
    pages integer [] not null default '{}',
    primary key (report_sha256, measure_code),
    unique (report_sha256, measure_ordinal)
);

create index if not exists measures_period_end_idx on raw.measures (period_end);

-- a re-issued report supersedes the earlier one for its quarter; both are kept.
create table if not exists raw.report_supersessions (
    period_end date not null,
    superseded_sha256 text not null references raw.reports (report_sha256),
    superseding_sha256 text not null references raw.reports (report_sha256),
    recorded_at timestamptz not null default now(),
    primary key (superseded_sha256, superseding_sha256)
);
