{#
    Every title a measure has been reported under (in the current report of each quarter),
    with the quarters it was used: the title history behind dim_measure.measure_title. Per
    council's measure (council_id, measure_code).
#}

with

versions as (select * from {{ ref('int_measures_versioned') }}),

current_versions as (

    -- one row per measure per quarter: the quarter's current report
    select * from versions
    where is_current_version

),

titles as (

    select
        council_id,
        measure_code,
        measure_title,
        min(period_end) as first_period_end,
        max(period_end) as last_period_end,
        count(*) as quarters_reported

    from current_versions
    group by council_id, measure_code, measure_title

),

final as (

    select
        council_id,
        measure_code,
        measure_title,
        first_period_end,
        last_period_end,
        quarters_reported,
        row_number() over (
            partition by council_id, measure_code
            order by first_period_end, last_period_end
        ) as title_sequence,
        last_period_end = max(last_period_end) over (
            partition by council_id, measure_code
        ) as is_current_title

    from titles

)

select * from final
