{#
    The as-reported history: every version of every figure, with the report that published it
    (original and re-issued reports alike), so an analyst can see what was said when.

    Incremental runs merge the councils' quarters whose report history changed since the last
    run: all their versions, because a new issue changes which version is current and what
    superseded what.
#}

with

versions as (select * from {{ ref('int_measures_versioned') }}),

{% if is_incremental() %}

changed_periods as (

    {{ changed_periods(ref('int_measures_versioned')) }}

),

{% endif %}

final as (

    select
        versions.report_sha256,
        versions.measure_code,
        versions.council_id,
        versions.period_end,
        {{ quarter_index('versions.period_end') }} as quarter_index,
        versions.financial_year,
        {{ financial_year_start('versions.period_end') }} as financial_year_start,
        versions.fiscal_quarter,
        versions.fiscal_quarter as quarter_of_year,
        versions.quarter_label,
        versions.report_version_number,
        versions.measure_version_number,
        versions.is_current_version,
        versions.superseded_by_sha256,
        versions.report_time_fetched,
        versions.report_loaded_at,
        versions.extractor_version,
        versions.directorate,
        versions.measure_title,
        versions.measure_ordinal,
        versions.quarterly_status,
        versions.forecast_status,
        versions.quarterly_target,
        versions.quarterly_actual,
        versions.forecast_target,
        versions.forecast_actual,
        versions.quarterly_target_text,
        versions.quarterly_actual_text,
        versions.forecast_target_text,
        versions.forecast_actual_text,
        versions.unit,
        versions.direction_of_travel,
        versions.is_figure_changed,
        versions.previous_version_quarterly_actual,
        versions.context,
        versions.improvement_actions,
        versions.intervention_review,
        versions.extras,
        versions.first_page,
        versions.last_page,
        versions.pages,
        versions.period_loaded_at,
        versions.period_report_count

    from versions

    {% if is_incremental() %}
    where (versions.council_id, versions.period_end) in (
        select
            changed_periods.council_id,
            changed_periods.period_end
        from changed_periods
    )
    {% endif %}

)

select * from final
