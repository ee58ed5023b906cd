-- how a report was found, beside its source_uri: discovered on a council's committee site
-- (the index page, the page that linked it and the link's text), added by hand, or fetched
-- from a listed location; and the layout profile it was read with. null for reports loaded
-- before this column. like fetched_at, the load supplies it (a validation never saw it).
alter table raw.reports add column if not exists source_details jsonb;

alter table raw.reports drop constraint if exists reports_source_details_is_object;
alter table raw.reports add constraint reports_source_details_is_object
    check (source_details is null or jsonb_typeof(source_details) = 'object');

-- the loader's only way into raw, as in 007, now also copying the measures' extras (010) and
-- taking the report's source details: the five-argument function is replaced by this one.
drop function if exists raw.load_validated(text, text, text, timestamptz, text);

create or replace function raw.load_validated(
    for_report text, for_content text, for_kind text, fetched timestamptz, version text,
    details jsonb default null
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
        extraction_sha256, input_kind, source_details
    ) values (
        staged.report_sha256, staged.source_uri, staged.council, staged.report_name,
        staged.period_end, staged.financial_year, staged.quarter, staged.time_fetched,
        staged.data_source, staged.page_count, fetched, staged.measure_count, version,
        staged.extraction_sha256, staged.input_kind, details
    );
    insert into raw.measures (
        report_sha256, measure_code, period_end, measure_ordinal, directorate, measure_title,
        quarterly_status, forecast_status, quarterly_target_text, quarterly_actual_text,
        forecast_target_text, forecast_actual_text, quarterly_target, quarterly_actual,
        forecast_target, forecast_actual, unit, direction_of_travel, context,
        improvement_actions, intervention_review, first_page, last_page, pages, extras
    )
    select
        staged.report_sha256, m.measure_code, staged.period_end, m.measure_ordinal,
        m.directorate, m.measure_title, m.quarterly_status, m.forecast_status,
        m.quarterly_target_text, m.quarterly_actual_text, m.forecast_target_text,
        m.forecast_actual_text, m.quarterly_target, m.quarterly_actual, m.forecast_target,
        m.forecast_actual, m.unit, m.direction_of_travel, m.context, m.improvement_actions,
        m.intervention_review, m.first_page, m.last_page, m.pages, m.extras
    from audit.validated_measures as m
    where m.run_id = staged.run_id
    order by m.measure_ordinal;
    update audit.validated_reports as s set loaded_at = now() where s.run_id = staged.run_id;

    return query
    select true, c.now_current, c.superseded
    from raw.refresh_currency(staged.period_end, staged.report_sha256) as c;
end
$$;

revoke all on function raw.load_validated(text, text, text, timestamptz, text, jsonb) from public;
grant execute on function raw.load_validated(text, text, text, timestamptz, text, jsonb)
to ${loader_role};
