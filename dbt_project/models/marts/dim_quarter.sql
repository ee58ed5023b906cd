{#
    One row per council per financial quarter, from the council's first to its last quarter in
    the data, with no gaps: a quarter without a report still has a row (has_report = false), so
    a BI time axis is continuous. Says of the council's current report for the quarter whether
    it is an exception report (every measure in it has a Red or Amber status) and whether it
    is one of the bundled sample reports.

    Incremental (merged on council_id, period_end: the quarters that are new or changed) so
    that the table is never dropped and rebuilt, which would drop the facts' foreign keys to
    it. A quarter outside its council's span is deleted once no fact refers to it.
#}

with

reports as (select * from {{ ref('stg_scorecard__reports') }}),

versions as (select * from {{ ref('int_measures_versioned') }}),

samples as (select * from {{ ref('sample_reports') }}),

bounds as (

    select
        council_id,
        cast(date_trunc('quarter', min(period_end)) as date) as first_period_start,
        cast(date_trunc('quarter', max(period_end)) as date) as last_period_start

    from reports
    group by council_id

),

quarter_starts as (

    select
        bounds.council_id,
        cast(quarter_start as date) as period_start

    from bounds
    cross join lateral generate_series(
        first_period_start,
        last_period_start,
        interval '3 months'
    ) as quarter_start

),

quarters as (

    select
        council_id,
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
        council_id,
        period_end,
        count(*) as report_count

    from reports
    group by council_id, period_end

),

current_reports as (

    select
        council_id,
        period_end,
        max(report_sha256) as current_report_sha256,
        max(report_time_fetched) as current_report_time_fetched,
        count(*) as measure_count,
        -- an exception report lists only measures that need improvement: each has a Red or
        -- Amber status, quarterly or forecast
        bool_and(
            coalesce(quarterly_status in ('Red', 'Amber'), false)
            or coalesce(forecast_status in ('Red', 'Amber'), false)
        ) as is_exception_report

    from versions
    where is_current_version
    group by council_id, period_end

),

final as (

    select
        labelled.council_id,
        labelled.period_end,
        labelled.period_start,
        labelled.financial_year,
        labelled.financial_year_start,
        labelled.fiscal_quarter,
        labelled.fiscal_quarter as quarter_of_year,
        'Q' || labelled.fiscal_quarter || ' ' || labelled.financial_year as quarter_label,
        labelled.financial_year_start || 'Q' || labelled.fiscal_quarter as quarter_code,
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
        coalesce(current_reports.measure_count, 0) as measure_count,
        current_reports.is_exception_report,
        case
            when current_reports.current_report_sha256 is not null
                then current_samples.report_sha256 is not null
        end as is_sample_data,
        current_samples.file_name as sample_file_name

    from labelled
    left join report_counts
        on
            labelled.council_id = report_counts.council_id
            and labelled.period_end = report_counts.period_end
    left join current_reports
        on
            labelled.council_id = current_reports.council_id
            and labelled.period_end = current_reports.period_end
    left join reports as current_sources
        on current_reports.current_report_sha256 = current_sources.report_sha256
    left join samples as current_samples
        on current_reports.current_report_sha256 = current_samples.report_sha256

),

changed as (

    -- an incremental run merges only the quarters that are new or whose figures changed
    select * from final

    {% if is_incremental() %}

    except

    select
        council_id,
        period_end,
        period_start,
        financial_year,
        financial_year_start,
        fiscal_quarter,
        quarter_of_year,
        quarter_label,
        quarter_code,
        calendar_year,
        calendar_quarter,
        quarter_index,
        has_report,
        report_count,
        current_report_sha256,
        current_report_time_fetched,
        current_report_source_uri,
        current_report_found_by,
        current_report_found_on,
        current_report_link_text,
        measure_count,
        is_exception_report,
        is_sample_data,
        sample_file_name
    from {{ this }}

    {% endif %}

)

select * from changed
