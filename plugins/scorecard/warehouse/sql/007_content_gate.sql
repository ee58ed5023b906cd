-- the gate on content, enforced by the database. the validator keeps, row for row, what each
-- passing validation saw (audit.validated_reports and audit.validated_measures); the loader can
-- no longer insert or update anything in raw: it calls raw.load_validated(...), owned by the
-- owner, which copies exactly those rows into raw. a validation can therefore only ever load its
-- own content, and it expires. every function names its tables with their schema and runs with
-- search_path = pg_catalog, pg_temp (temp last), so no temp object can stand in for them.

-- what a passing validation saw: the report row (less what only the load knows: when the file
-- was fetched, the extractor version) and its measures (less the report's key and period).
create table if not exists audit.validated_reports (
    run_id uuid primary key references audit.validation_runs (run_id),
    report_sha256 text not null,
    source_uri text not null,
    council text not null,
    report_name text not null,
    period_end date not null,
    financial_year text not null,
    quarter smallint not null check (quarter between 1 and 4),
    time_fetched timestamp,
    data_source text,
    page_count integer not null,
    measure_count integer not null,
    extraction_sha256 text not null,
    input_kind text not null check (input_kind in ('pdf', 'json-untrusted')),
    staged_at timestamptz not null default now(),
    expires_at timestamptz not null,
    loaded_at timestamptz
);

create table if not exists audit.validated_measures (
    run_id uuid not null references audit.validated_reports (run_id),
    measure_code text not null,
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
    primary key (run_id, measure_code),
    unique (run_id, measure_ordinal)
);

-- pipeline locks are rows only pipeline roles can lock (an advisory key is open to any login):
-- one row per quarter being loaded (taken inside raw.load_validated, or by the owner's own
-- loads), and the one row the transformer locks to publish the marts.
create table if not exists audit.load_locks (
    period_end date primary key,
    locked_at timestamptz not null default now()
);

create table if not exists audit.publish_lock (
    lock_name text primary key check (lock_name = 'marts')
);

insert into audit.publish_lock (lock_name) values ('marts') on conflict do nothing;

-- which versions of a quarter are current: the latest by time fetched, then by load; earlier
-- versions point at their successor and each supersession is recorded once.
create or replace function raw.refresh_currency(for_period date, for_report text)
returns table (now_current boolean, superseded text [])
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
    -- first the reports that stop being current, so the one-current index never sees two
    with ordered as (
        select
            r.report_sha256,
            row_number() over versions = count(*) over () as latest
        from raw.reports as r
        where r.period_end = for_period
        window versions as (
            order by r.time_fetched asc nulls first, r.loaded_at asc, r.report_sha256 asc
        )
    )
    update raw.reports as r set is_current = false
    from ordered as o
    where r.report_sha256 = o.report_sha256 and r.is_current and not o.latest;

    with ordered as (
        select
            r.report_sha256,
            lead(r.report_sha256) over versions as next_sha256,
            row_number() over versions = count(*) over () as latest
        from raw.reports as r
        where r.period_end = for_period
        window versions as (
            order by r.time_fetched asc nulls first, r.loaded_at asc, r.report_sha256 asc
        )
    ),
    changed as (
        update raw.reports as r
        set is_current = o.latest, superseded_by = o.next_sha256
        from ordered as o
        where r.report_sha256 = o.report_sha256
            and (r.is_current, r.superseded_by) is distinct from (o.latest, o.next_sha256)
        returning r.report_sha256, r.superseded_by
    )
    insert into raw.report_supersessions (period_end, superseded_sha256, superseding_sha256)
    select for_period, c.report_sha256, c.superseded_by
    from changed as c
    where c.superseded_by is not null
    on conflict do nothing;

    return query
    select
        r.is_current,
        array(
            select s.superseded_sha256
            from raw.report_supersessions as s
            where s.superseding_sha256 = for_report
            order by s.superseded_sha256
        )
    from raw.reports as r
    where r.report_sha256 = for_report;
end
$$;

-- the loader's only way into raw: load exactly what the latest validation of this file and
-- content passed, if it has not expired, one load of a quarter at a time.
create or replace function raw.load_validated(
    for_report text, for_content text, for_kind text, fetched timestamptz, version text
)
returns table (loaded boolean, now_current boolean, superseded text [])
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
    latest record;
    staged audit.validated_reports;
    kept integer;
begin
    select v.run_id, v.success into latest
    from audit.validation_runs as v
    where v.report_sha256 = for_report
        and v.extraction_sha256 = for_content
        and v.input_kind = for_kind
    order by v.run_at desc
    limit 1;
    if not found then
        raise exception 'report % not loaded: its extraction % was never validated',
            for_report, for_content
            using errcode = 'insufficient_privilege';
    end if;
    if not latest.success then
        raise exception 'report % not loaded: its latest validation failed', for_report
            using errcode = 'insufficient_privilege';
    end if;
    select * into staged from audit.validated_reports as s where s.run_id = latest.run_id;
    if not found
        or staged.report_sha256 <> for_report
        or staged.extraction_sha256 <> for_content
        or staged.input_kind <> for_kind then
        raise exception 'report % not loaded: its latest validation kept no rows; validate it again',
            for_report
            using errcode = 'insufficient_privilege';
    end if;
    if staged.expires_at <= now() then
        raise exception 'report % not loaded: its validation expired at %; validate it again',
            for_report, staged.expires_at
            using errcode = 'insufficient_privilege';
    end if;
    select count(*) into kept from audit.validated_measures as m where m.run_id = staged.run_id;
    if kept <> staged.measure_count then
        raise exception 'report % not loaded: its validation kept % of % measures',
            for_report, kept, staged.measure_count
            using errcode = 'insufficient_privilege';
    end if;

    insert into audit.load_locks as l (period_end) values (staged.period_end)
    on conflict (period_end) do update set locked_at = excluded.locked_at;

    if exists (select from raw.reports as r where r.report_sha256 = staged.report_sha256) then
        return query
        select false, r.is_current, array[]::text []
        from raw.reports as r
        where r.report_sha256 = staged.report_sha256;
        return;
    end if;

    insert into raw.reports (
        report_sha256, source_uri, council, report_name, period_end, financial_year, quarter,
        time_fetched, data_source, page_count, fetched_at, measure_count, extractor_version,
        extraction_sha256, input_kind
    ) values (
        staged.report_sha256, staged.source_uri, staged.council, staged.report_name,
        staged.period_end, staged.financial_year, staged.quarter, staged.time_fetched,
        staged.data_source, staged.page_count, fetched, staged.measure_count, version,
        staged.extraction_sha256, staged.input_kind
    );
    insert into raw.measures (
        report_sha256, measure_code, period_end, measure_ordinal, directorate, measure_title,
        quarterly_status, forecast_status, quarterly_target_text, quarterly_actual_text,
        forecast_target_text, forecast_actual_text, quarterly_target, quarterly_actual,
        forecast_target, forecast_actual, unit, direction_of_travel, context,
        improvement_actions, intervention_review, first_page, last_page, pages
    )
    select
        staged.report_sha256, m.measure_code, staged.period_end, m.measure_ordinal,
        m.directorate, m.measure_title, m.quarterly_status, m.forecast_status,
        m.quarterly_target_text, m.quarterly_actual_text, m.forecast_target_text,
        m.forecast_actual_text, m.quarterly_target, m.quarterly_actual, m.forecast_target,
        m.forecast_actual, m.unit, m.direction_of_travel, m.context, m.improvement_actions,
        m.intervention_review, m.first_page, m.last_page, m.pages
    from audit.validated_measures as m
    where m.run_id = staged.run_id
    order by m.measure_ordinal;
    update audit.validated_reports as s set loaded_at = now() where s.run_id = staged.run_id;

    return query
    select true, c.now_current, c.superseded
    from raw.refresh_currency(staged.period_end, staged.report_sha256) as c;
end
$$;

-- the insert triggers of the earlier gate are replaced by the function above
drop trigger if exists reports_require_validation on raw.reports;
drop function if exists raw.require_validated_report();
drop trigger if exists measures_only_with_their_report on raw.measures;
drop function if exists raw.refuse_measures_of_loaded_reports();

-- functions run only for whom they are meant (functions are executable by public by default),
-- those the owner adds later too (a default public grant can only be revoked for all schemas)
alter default privileges revoke execute on functions from public;
revoke all on function raw.refresh_currency(date, text) from public;
revoke all on function raw.load_validated(text, text, text, timestamptz, text) from public;
grant execute on function raw.load_validated(text, text, text, timestamptz, text) to ${loader_role};

-- loader: reads raw and the validation trail, writes nothing directly, no temp objects.
revoke insert, update, delete, truncate on raw.reports, raw.measures, raw.report_supersessions
from ${loader_role};
grant select on audit.validated_reports to ${loader_role};
do $$
begin
    execute format('revoke temporary on database %I from ${loader_role}', current_database());
end
$$;

-- validator: records validations and the rows each passing one saw.
grant select, insert on audit.validated_measures to ${validator_role};
grant select on audit.validated_reports to ${validator_role};
grant insert (
    run_id, report_sha256, source_uri, council, report_name, period_end, financial_year, quarter,
    time_fetched, data_source, page_count, measure_count, extraction_sha256, input_kind, expires_at
) on audit.validated_reports to ${validator_role};

-- locks: nobody but the owner touches the load locks; the transformer locks the publish row.
revoke all on audit.load_locks, audit.publish_lock from public;
revoke all on audit.load_locks from ${transformer_role};
grant select, update on audit.publish_lock to ${transformer_role};
