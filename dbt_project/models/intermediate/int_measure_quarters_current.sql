{#
    One row per measure per quarter, from the quarter's current (latest issued) report, with
    what needs the measure's own history: the previous reported quarter, the run of consecutive
    quarters at Red, whether a re-issued report revised the figures, and the provisional flag.
    A measure absent from the current report of a quarter has no row (it was not flagged then).
#}

with

-- read twice below (wide rows, narrow history): inline it rather than materialize a copy
versions as not materialized (

    select * from {{ ref('int_measures_versioned') }}

),

current_versions as (

    select * from versions
    where is_current_version

),

history as (

    -- only the columns the windows need: sorting narrow rows, not the commentary
    select
        measure_code,
        period_end,
        quarterly_status,
        quarterly_actual,
        -- a running quarter number, so that consecutive quarters differ by exactly 1
        cast(extract(year from period_end) as integer) * 4
        + cast(extract(month from period_end) as integer) / 3 as quarter_index

    from versions
    where is_current_version

),

red_runs as (

    -- gaps and islands: within a run of consecutive Red quarters,
    -- quarter_index minus the row number among Red rows is constant
    select
        measure_code,
        period_end,
        quarter_index
        - row_number() over (partition by measure_code order by period_end) as red_run_id

    from history
    where quarterly_status = 'Red'

),

red_counts as (

    select
        measure_code,
        period_end,
        row_number() over (
            partition by measure_code, red_run_id
            order by period_end
        ) as consecutive_red_quarters

    from red_runs

),

previous_quarters as (

    select
        measure_code,
        period_end,
        lag(period_end) over measure_history as previous_period_end,
        lag(quarterly_actual) over measure_history as previous_quarterly_actual

    from history
    window measure_history as (
        partition by measure_code
        order by period_end
    )

),

with_history as (

    select
        current_versions.*,
        previous_quarters.previous_period_end,
        previous_quarters.previous_quarterly_actual

    from current_versions
    inner join previous_quarters using (measure_code, period_end)

),

final as (

    select
        with_history.measure_code,
        with_history.period_end,
        with_history.financial_year,
        with_history.fiscal_quarter,
        with_history.quarter_label,
        with_history.directorate,
        with_history.measure_title,
        with_history.measure_ordinal,
        with_history.quarterly_status,
        with_history.forecast_status,
        with_history.quarterly_target,
        with_history.quarterly_actual,
        with_history.forecast_target,
        with_history.forecast_actual,
        with_history.quarterly_target_text,
        with_history.quarterly_actual_text,
        with_history.forecast_target_text,
        with_history.forecast_actual_text,
        with_history.unit,
        with_history.direction_of_travel,
        with_history.previous_period_end,
        with_history.previous_quarterly_actual,
        with_history.quarterly_actual - with_history.previous_quarterly_actual
            as quarterly_actual_change,
        coalesce(red_counts.consecutive_red_quarters, 0) as consecutive_red_quarters,
        with_history.is_provisional,
        with_history.is_revised_from_first_published as is_revised,
        with_history.first_published_quarterly_actual,
        with_history.first_published_report_sha256,
        with_history.measure_version_count as report_version_count,
        with_history.report_sha256,
        with_history.report_time_fetched,
        with_history.report_loaded_at,
        with_history.period_loaded_at,
        with_history.period_report_count,
        with_history.first_page,
        with_history.last_page,
        with_history.pages,
        with_history.context,
        with_history.improvement_actions,
        with_history.intervention_review

    from with_history
    left join red_counts using (measure_code, period_end)

)

select * from final
