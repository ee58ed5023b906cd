{#
    One row per financial quarter from the first to the last quarter in the data, with no gaps:
    a quarter without any report still has a row (has_report = false), so a BI time axis is
    continuous.
#}

with

reports as (select * from {{ ref('stg_scorecard__reports') }}),

versions as (select * from {{ ref('int_measures_versioned') }}),

bounds as (

    select
        cast(date_trunc('quarter', min(period_end)) as date) as first_period_start,
        cast(date_trunc('quarter', max(period_end)) as date) as last_period_start

    from reports

),

quarter_starts as (

    select cast(quarter_start as date) as period_start

    from bounds
    cross join lateral generate_series(
        first_period_start,
        last_period_start,
        interval '3 months'
    ) as quarter_start

),

quarters as (

    select
        period_start,
        cast(period_start + interval '3 months' - interval '1 day' as date) as period_end,
        cast(extract(year from period_start) as integer) as calendar_year,
        cast(extract(quarter from period_start) as integer) as calendar_quarter,
        -- the financial year starts in April: Apr-Jun is Q1, Jan-Mar is Q4
        cast(extract(year from period_start - interval '3 months') as integer)
            as financial_year_start,
        (cast(extract(month from period_start) as integer) + 8) % 12 / 3 + 1 as fiscal_quarter

    from quarter_starts

),

labelled as (

    select
        *,
        financial_year_start || '/'
        || lpad(cast((financial_year_start + 1) % 100 as text), 2, '0') as financial_year

    from quarters

),

report_counts as (

    select
        period_end,
        count(*) as report_count

    from reports
    group by period_end

),

current_reports as (

    select
        period_end,
        max(report_sha256) as current_report_sha256,
        max(report_time_fetched) as current_report_time_fetched,
        count(*) as measure_count

    from versions
    where is_current_version
    group by period_end

),

final as (

    select
        labelled.period_end,
        labelled.period_start,
        labelled.financial_year,
        labelled.fiscal_quarter,
        'Q' || labelled.fiscal_quarter || ' ' || labelled.financial_year as quarter_label,
        labelled.calendar_year,
        labelled.calendar_quarter,
        labelled.calendar_year * 4 + labelled.calendar_quarter as quarter_index,
        coalesce(report_counts.report_count, 0) > 0 as has_report,
        coalesce(report_counts.report_count, 0) as report_count,
        current_reports.current_report_sha256,
        current_reports.current_report_time_fetched,
        current_sources.source_uri as current_report_source_uri,
        current_sources.found_by as current_report_found_by,
        current_sources.discovery_page_url as current_report_found_on,
        current_sources.discovery_link_text as current_report_link_text,
        coalesce(current_reports.measure_count, 0) as measure_count

    from labelled
    left join report_counts
        on labelled.period_end = report_counts.period_end
    left join current_reports
        on labelled.period_end = current_reports.period_end
    left join reports as current_sources
        on current_reports.current_report_sha256 = current_sources.report_sha256

)

select * from final
