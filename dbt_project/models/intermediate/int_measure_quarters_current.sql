{#
    One row per measure per quarter, from the quarter's current (latest issued) report, with
    what needs the measure's own history: the same quarter a year before and the quarter just
    before (when the measure was reported then), the run of consecutive quarters at Red,
    whether a re-issued report revised the figures, and the provisional flag. Which of these
    comparisons fits the measure is decided in fct_measure_quarter, from its accumulation.
    A measure absent from the current report of a quarter has no row (it was not flagged then).
    A measure is a council's (council_id, measure_code): every window and join is partitioned by
    council, so no comparison or run ever reaches into another council's reports.
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

    -- only the columns the windows and comparisons need: narrow rows, not the commentary
    select
        council_id,
        measure_code,
        period_end,
        quarterly_status,
        quarterly_target,
        quarterly_actual,
        -- a running quarter number (dim_quarter.quarter_index): consecutive quarters differ
        -- by exactly 1, the same quarter a year before by exactly 4
        {{ quarter_index('period_end') }} as quarter_index

    from versions
    where is_current_version

),

red_runs as (

    -- gaps and islands: within a run of consecutive Red quarters,
    -- quarter_index minus the row number among Red rows is constant
    select
        council_id,
        measure_code,
        period_end,
        quarter_index
        - row_number() over (
            partition by council_id, measure_code order by period_end
        ) as red_run_id

    from history
    where quarterly_status = 'Red'

),

red_counts as (

    select
        council_id,
        measure_code,
        period_end,
        row_number() over (
            partition by council_id, measure_code, red_run_id
            order by period_end
        ) as consecutive_red_quarters

    from red_runs

),

comparisons as (

    -- the same quarter a year before and the quarter just before, when the measure was
    -- reported then (a quarter the report left it out of has no figures to compare with): the
    -- row exactly 4 (or 1) quarters back, found by a range frame over the narrow history, so
    -- one sort serves both and the commentary is never sorted
    select
        council_id,
        measure_code,
        period_end,
        quarter_index,
        first_value(period_end) over prior_year as prior_year_period_end,
        first_value(quarterly_actual) over prior_year as prior_year_actual,
        first_value(quarterly_target) over prior_year as prior_year_target,
        first_value(quarterly_status) over prior_year as prior_year_status,
        first_value(period_end) over previous_quarter as previous_quarter_period_end,
        first_value(quarterly_actual) over previous_quarter as previous_quarter_actual,
        first_value(quarterly_target) over previous_quarter as previous_quarter_target,
        first_value(quarterly_status) over previous_quarter as previous_quarter_status

    from history
    window
        prior_year as (
            partition by council_id, measure_code
            order by quarter_index
            range between 4 preceding and 4 preceding
        ),
        previous_quarter as (
            partition by council_id, measure_code
            order by quarter_index
            range between 1 preceding and 1 preceding
        )

),

with_history as (

    select
        current_versions.*,
        comparisons.quarter_index,
        comparisons.prior_year_period_end,
        comparisons.prior_year_actual,
        comparisons.prior_year_target,
        comparisons.prior_year_status,
        comparisons.previous_quarter_period_end,
        comparisons.previous_quarter_actual,
        comparisons.previous_quarter_target,
        comparisons.previous_quarter_status

    from current_versions
    inner join comparisons
        on
            current_versions.council_id = comparisons.council_id
            and current_versions.measure_code = comparisons.measure_code
            and current_versions.period_end = comparisons.period_end

),

final as (

    select
        with_history.council_id,
        with_history.measure_code,
        with_history.period_end,
        with_history.quarter_index,
        with_history.financial_year,
        {{ financial_year_start('with_history.period_end') }} as financial_year_start,
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
        with_history.prior_year_period_end,
        with_history.prior_year_actual,
        with_history.prior_year_target,
        with_history.prior_year_status,
        with_history.previous_quarter_period_end,
        with_history.previous_quarter_actual,
        with_history.previous_quarter_target,
        with_history.previous_quarter_status,
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
    left join red_counts using (council_id, measure_code, period_end)

)

select * from final
