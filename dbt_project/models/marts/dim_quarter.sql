{{
    config(
        indexes=[{'columns': ['period_end'], 'unique': true}],
    )
}}

{#
    One row per financial quarter from the first to the last quarter in the data, with no gaps:
    a quarter without any report still has a row (has_report = false), so a BI time axis is
    continuous.
#}

with

reports as (

    select * from {{ ref('stg_scorecard__reports') }}

),

versions as (

    select * from {{ ref('int_measures_versioned') }}

),

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
        case
            when extract(month from period_start) >= 4
                then cast(extract(year from period_start) as integer)
            else cast(extract(year from period_start) as integer) - 1
        end as financial_year_start

    from quarter_starts

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
        quarters.period_end,
        quarters.period_start,
        quarters.calendar_year,
        quarters.calendar_quarter,
        current_reports.current_report_sha256,
        current_reports.current_report_time_fetched,
        quarters.financial_year_start || '/'
        || lpad(cast((quarters.financial_year_start + 1) % 100 as text), 2, '0')
            as financial_year,
        (cast(extract(month from quarters.period_start) as integer) + 8) % 12 / 3 + 1
            as fiscal_quarter,
        'Q' || ((cast(extract(month from quarters.period_start) as integer) + 8) % 12 / 3 + 1)
        || ' ' || quarters.financial_year_start || '/'
        || lpad(cast((quarters.financial_year_start + 1) % 100 as text), 2, '0')
            as quarter_label,
        quarters.calendar_year * 4 + quarters.calendar_quarter as quarter_index,
        coalesce(report_counts.report_count, 0) > 0 as has_report,
        coalesce(report_counts.report_count, 0) as report_count,
        coalesce(current_reports.measure_count, 0) as measure_count

    from quarters
    left join report_counts
        on quarters.period_end = report_counts.period_end
    left join current_reports
        on quarters.period_end = current_reports.period_end

)

select * from final
