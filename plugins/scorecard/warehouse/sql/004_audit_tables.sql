-- one row per validation run of a report (passed or failed), written in its own transaction.
create table if not exists audit.validation_runs (
    run_id uuid primary key default gen_random_uuid(),
    report_sha256 text,
    source_uri text,
    period_end date,
    suite_name text not null,
    success boolean not null,
    evaluated_expectations integer not null,
    successful_expectations integer not null,
    unsuccessful_expectations integer not null,
    run_at timestamptz not null default now(),
    result_path text,
    failed_expectations text []
);

create index if not exists validation_runs_report_idx
    on audit.validation_runs (report_sha256, run_at);
