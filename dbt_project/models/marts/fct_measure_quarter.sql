-- depends_on: {{ ref('int_measures_versioned') }}

{#
    One row per measure per quarter reported, from the quarter's current report: performance
    against target with polarity-aware variance and on-target flag.

    Incremental runs merge only
      - the quarters from the earliest quarter whose report history changed since the last run
        onwards (a re-issued report for an old quarter moves that boundary back; later quarters
        are included because their previous-quarter and Red-run columns depend on it), and
      - every quarter of a measure whose polarity changed (seed edited, or new evidence);
    and the post-hook deletes rows whose measure left a re-issued report.
#}

with

quarters_current as (select * from {{ ref('int_measure_quarters_current') }}),

polarities as (select * from {{ ref('int_measure_polarity_resolved') }}),

scored as (

    select
        quarters_current.measure_code,
        quarters_current.period_end,
        quarters_current.financial_year,
        quarters_current.fiscal_quarter,
        quarters_current.quarter_label,
        quarters_current.directorate,
        quarters_current.measure_title,
        quarters_current.measure_ordinal,
        quarters_current.quarterly_status,
        quarters_current.forecast_status,
        quarters_current.quarterly_target,
        quarters_current.quarterly_actual,
        quarters_current.forecast_target,
        quarters_current.forecast_actual,
        quarters_current.quarterly_target_text,
        quarters_current.quarterly_actual_text,
        quarters_current.forecast_target_text,
        quarters_current.forecast_actual_text,
        quarters_current.unit,
        quarters_current.direction_of_travel,
        coalesce(polarities.polarity, 'unknown') as polarity,
        coalesce(polarities.polarity_source, 'unknown') as polarity_source,
        quarters_current.quarterly_actual - quarters_current.quarterly_target as variance,
        {{ signed_variance_pct(
            'quarters_current.quarterly_actual',
            'quarters_current.quarterly_target',
            'polarities.polarity',
        ) }} as variance_pct,
        {{ is_on_target(
            'quarters_current.quarterly_actual',
            'quarters_current.quarterly_target',
            'polarities.polarity',
        ) }} as is_on_target,
        quarters_current.forecast_actual - quarters_current.forecast_target as forecast_variance,
        {{ is_on_target(
            'quarters_current.forecast_actual',
            'quarters_current.forecast_target',
            'polarities.polarity',
        ) }} as is_forecast_on_target,
        quarters_current.previous_period_end,
        quarters_current.previous_quarterly_actual,
        quarters_current.quarterly_actual_change,
        quarters_current.consecutive_red_quarters,
        quarters_current.is_provisional,
        quarters_current.is_revised,
        quarters_current.first_published_quarterly_actual,
        quarters_current.first_published_report_sha256,
        quarters_current.report_version_count,
        quarters_current.report_sha256,
        quarters_current.report_time_fetched,
        quarters_current.first_page,
        quarters_current.last_page,
        quarters_current.pages,
        quarters_current.context,
        quarters_current.improvement_actions,
        quarters_current.intervention_review,
        quarters_current.period_loaded_at,
        quarters_current.period_report_count

    from quarters_current
    left join polarities
        on quarters_current.measure_code = polarities.measure_code

),

{% if is_incremental() %}

changed_periods as (

    {{ changed_periods(ref('int_measures_versioned')) }}

),

first_changed_period as (

    select min(changed_periods.period_end) as period_end from changed_periods

),

polarity_changed as (

    select distinct previous_run.measure_code

    from {{ this }} as previous_run
    inner join polarities
        on previous_run.measure_code = polarities.measure_code
    where
        previous_run.polarity is distinct from polarities.polarity
        or previous_run.polarity_source is distinct from polarities.polarity_source

),

{% endif %}

final as (

    select * from scored

    {% if is_incremental() %}
    where
        period_end >= (select first_changed_period.period_end from first_changed_period)
        or measure_code in (select polarity_changed.measure_code from polarity_changed)
    {% endif %}

)

select * from final
