{#
    Every measure row of every loaded report, with the report that printed it and its place in
    the report history of its quarter. The current report of a quarter is the latest issued:
    latest time fetched, then latest loaded (the same rule the load stage uses for
    raw.reports.is_current; recomputed here so the marts never depend on a flag being right).

    Every report belongs to one council (council_id, from the name it prints), and a quarter's
    versions are those of one council: every window is partitioned by council and quarter.

    Incremental (a table, so the marts read it once instead of recomputing it): a run
    recomputes exactly the councils' quarters that received a report this table has not seen
    (all their versions: a re-issue changes which is current).
#}

with

reports as (select * from {{ ref('stg_scorecard__reports') }}),

measures as (select * from {{ ref('stg_scorecard__measures') }}),

{% if is_incremental() %}

changed_periods as (

    -- a council's quarters with a report this table has not seen (by sha256, not by a
    -- load-time watermark: a load that commits late is still picked up)
    select distinct
        reports.council_id,
        reports.period_end

    from reports
    where not exists (
        select 1
        from {{ this }} as seen
        where seen.report_sha256 = reports.report_sha256
    )

),

{% endif %}

reports_ranked as (

    select
        report_sha256,
        council_id,
        period_end,
        financial_year,
        fiscal_quarter,
        time_fetched,
        loaded_at,
        extractor_version,
        row_number() over (
            partition by council_id, period_end
            order by time_fetched asc nulls first, loaded_at asc, report_sha256 asc
        ) as report_version_number,
        count(*) over (partition by council_id, period_end) as period_report_count,
        lead(report_sha256) over (
            partition by council_id, period_end
            order by time_fetched asc nulls first, loaded_at asc, report_sha256 asc
        ) as superseded_by_sha256,
        max(loaded_at) over (partition by council_id, period_end) as period_loaded_at

    from reports

    {% if is_incremental() %}
    where (council_id, period_end) in (
        select
            changed_periods.council_id,
            changed_periods.period_end
        from changed_periods
    )
    {% endif %}

),

joined as (

    select
        measures.report_sha256,
        measures.measure_code,
        reports_ranked.council_id,
        reports_ranked.period_end,
        reports_ranked.financial_year,
        reports_ranked.fiscal_quarter,
        reports_ranked.report_version_number,
        reports_ranked.superseded_by_sha256,
        reports_ranked.time_fetched as report_time_fetched,
        reports_ranked.loaded_at as report_loaded_at,
        reports_ranked.extractor_version,
        reports_ranked.period_loaded_at,
        reports_ranked.period_report_count,
        measures.measure_ordinal,
        measures.directorate,
        measures.measure_title,
        measures.quarterly_status,
        measures.forecast_status,
        measures.quarterly_target,
        measures.quarterly_actual,
        measures.forecast_target,
        measures.forecast_actual,
        measures.quarterly_target_text,
        measures.quarterly_actual_text,
        measures.forecast_target_text,
        measures.forecast_actual_text,
        measures.unit,
        measures.direction_of_travel,
        measures.context,
        measures.improvement_actions,
        measures.intervention_review,
        measures.extras,
        measures.first_page,
        measures.last_page,
        measures.pages,
        'Q'
        || reports_ranked.fiscal_quarter
        || ' '
        || reports_ranked.financial_year as quarter_label,
        reports_ranked.report_version_number
        = reports_ranked.period_report_count as is_current_version

    from measures
    inner join reports_ranked
        on measures.report_sha256 = reports_ranked.report_sha256

),

with_previous_version as (

    select
        *,
        row_number() over measure_versions as measure_version_number,
        lag(quarterly_actual) over measure_versions as previous_version_quarterly_actual,
        lag({{ figure_fingerprint() }}) over measure_versions as previous_version_fingerprint,
        first_value({{ figure_fingerprint() }}) over measure_versions
            as first_published_fingerprint,
        first_value(quarterly_actual) over measure_versions as first_published_quarterly_actual,
        first_value(report_sha256) over measure_versions as first_published_report_sha256,
        count(*) over (partition by council_id, measure_code, period_end)
            as measure_version_count,
        {{ figure_fingerprint() }} as figure_fingerprint

    from joined
    window measure_versions as (
        partition by council_id, measure_code, period_end
        order by report_version_number
    )

),

final as (

    select
        report_sha256,
        measure_code,
        council_id,
        period_end,
        financial_year,
        fiscal_quarter,
        quarter_label,
        report_version_number,
        measure_version_number,
        is_current_version,
        superseded_by_sha256,
        report_time_fetched,
        report_loaded_at,
        extractor_version,
        period_loaded_at,
        period_report_count,
        measure_ordinal,
        directorate,
        measure_title,
        quarterly_status,
        forecast_status,
        quarterly_target,
        quarterly_actual,
        forecast_target,
        forecast_actual,
        quarterly_target_text,
        quarterly_actual_text,
        forecast_target_text,
        forecast_actual_text,
        unit,
        direction_of_travel,
        context,
        improvement_actions,
        intervention_review,
        extras,
        first_page,
        last_page,
        pages,
        figure_fingerprint,
        first_published_fingerprint,
        first_published_quarterly_actual,
        first_published_report_sha256,
        measure_version_count,
        previous_version_quarterly_actual,
        figure_fingerprint <> first_published_fingerprint as is_revised_from_first_published,
        -- what each status says about polarity (counted in int_measure_polarity_inferred)
        {{ polarity_vote('quarterly_status', 'quarterly_target', 'quarterly_actual') }}
            as quarterly_polarity_vote,
        {{ polarity_vote('forecast_status', 'forecast_target', 'forecast_actual') }}
            as forecast_polarity_vote,
        -- the commentary says the figure is provisional ('Provisional data.', 'PROVISIONAL ...')
        coalesce(context ~* 'provisional', false) as is_provisional,
        coalesce(
            previous_version_fingerprint is not null
            and previous_version_fingerprint <> figure_fingerprint,
            false
        ) as is_figure_changed

    from with_previous_version

)

select * from final
