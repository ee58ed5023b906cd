{#
    One row per council with a loaded report: its key and name as its reports print them, the
    span of quarters loaded, how many reports and quarters, and whether its figures are the
    project's sample data (every current report one of the bundled or test sample files).

    Incremental (merged on council_id, every row each run: the table is tiny) so that the
    table is never dropped and rebuilt, which would drop the foreign keys pointing at it. A
    council no loaded report names any more is deleted once nothing refers to it.
#}

with

reports as (select * from {{ ref('stg_scorecard__reports') }}),

versions as (select * from {{ ref('int_measures_versioned') }}),

samples as (select * from {{ ref('sample_reports') }}),

named as (

    -- the name as the council's latest report prints it (one key may be printed in more than
    -- one way, e.g. in capitals)
    select distinct on (council_id)
        council_id,
        council as council_name

    from reports
    order by council_id asc, period_end desc, time_fetched desc nulls last, loaded_at desc

),

loaded as (

    select
        council_id,
        min(period_end) as first_period_end,
        max(period_end) as last_period_end,
        count(distinct period_end) as quarters_loaded,
        count(*) as report_count

    from reports
    group by council_id

),

current_reports as (

    select distinct
        council_id,
        period_end,
        report_sha256

    from versions
    where is_current_version

),

measured as (

    select
        current_reports.council_id,
        count(*) as quarters_with_measures,
        count(samples.report_sha256) as sample_quarters

    from current_reports
    left join samples
        on current_reports.report_sha256 = samples.report_sha256
    group by current_reports.council_id

),

measures as (

    select
        council_id,
        count(distinct measure_code) as measure_count

    from versions
    where is_current_version
    group by council_id

),

final as (

    select
        named.council_id,
        named.council_name,
        loaded.first_period_end,
        loaded.last_period_end,
        loaded.quarters_loaded,
        loaded.report_count,
        coalesce(measures.measure_count, 0) as measure_count,
        coalesce(measured.sample_quarters, 0) as sample_quarter_count,
        coalesce(
            measured.quarters_with_measures > 0
            and measured.sample_quarters = measured.quarters_with_measures,
            false
        ) as is_sample_data

    from named
    inner join loaded
        on named.council_id = loaded.council_id
    left join measured
        on named.council_id = measured.council_id
    left join measures
        on named.council_id = measures.council_id

)

select * from final
