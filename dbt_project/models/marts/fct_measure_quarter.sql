-- depends_on: {{ ref('int_measures_versioned') }}

{#
    One row per measure per quarter reported, from the quarter's current report: performance
    against target (variance = actual - target, and signed by polarity), the statuses' rank and
    colour, and like-for-like comparisons that fit the measure's accumulation:

      - the same quarter a year before, for every measure;
      - the quarter just before, for a point measure reported quarterly, and for a
        year-to-date count within its financial year (never across the Q4 -> Q1 reset);
      - the headline change (`change_*`): since the quarter before for a point measure
        reported quarterly, else since the same quarter last year; in percentage points for a
        percentage, in per cent for counts, rates and scores; none for an unknown accumulation
        or text figures.

    A measure is a council's (council_id, measure_code): its comparisons, polarity and
    semantics are its own council's, never another's of the same code.

    Incremental runs merge only
      - each council's quarters from its earliest quarter whose report history changed since
        the last run onwards (a re-issued report for an old quarter moves that boundary back;
        later quarters are included because their comparison and Red-run columns depend on
        it); another council's quarters are not touched, and
      - every quarter of a measure whose polarity, accumulation, frequency or unit kind changed
        (seed edited, or new evidence), or whose statuses' rank or colour changed;
    and the post-hook deletes rows whose measure left a re-issued report.
#}

with

quarters_current as (select * from {{ ref('int_measure_quarters_current') }}),

polarities as (select * from {{ ref('int_measure_polarity_resolved') }}),

semantics as (select * from {{ ref('int_measure_semantics_resolved') }}),

statuses as (select * from {{ ref('status_vocabulary') }}),

described as (

    select
        quarters_current.*,
        coalesce(polarities.polarity, 'unknown') as polarity,
        coalesce(polarities.polarity_source, 'unknown') as polarity_source,
        coalesce(semantics.accumulation, 'unknown') as accumulation,
        semantics.frequency,
        semantics.unit_kind,
        quarterly_statuses.status_rank,
        quarterly_statuses.status_colour,
        forecast_statuses.status_rank as forecast_status_rank,
        forecast_statuses.status_colour as forecast_status_colour,
        -- quarter on quarter is like for like for a point measure reported every quarter, and
        -- for a year-to-date count within its financial year (Q2-Q4)
        coalesce(
            (semantics.accumulation = 'point' and semantics.frequency = 'quarterly')
            or (semantics.accumulation = 'year_to_date' and quarters_current.fiscal_quarter > 1),
            false
        ) as is_quarter_on_quarter_comparable

    from quarters_current
    left join polarities
        on
            quarters_current.council_id = polarities.council_id
            and quarters_current.measure_code = polarities.measure_code
    left join semantics
        on
            quarters_current.council_id = semantics.council_id
            and quarters_current.measure_code = semantics.measure_code
    left join statuses as quarterly_statuses
        on coalesce(quarters_current.quarterly_status, 'No status') = quarterly_statuses.status
    left join statuses as forecast_statuses
        on coalesce(quarters_current.forecast_status, 'No status') = forecast_statuses.status

),

based as (

    -- the headline comparison: what `change_*` measure against
    select
        *,
        case
            when accumulation = 'unknown' or unit_kind = 'text' or quarterly_actual is null
                then null
            when
                accumulation = 'point' and frequency = 'quarterly'
                and previous_quarter_actual is not null
                then 'previous_quarter'
            when prior_year_actual is not null then 'prior_year'
        end as change_basis

    from described

),

changed as (

    select
        *,
        case change_basis
            when 'previous_quarter' then previous_quarter_period_end
            when 'prior_year' then prior_year_period_end
        end as change_from_period_end,
        case change_basis
            when 'previous_quarter' then previous_quarter_actual
            when 'prior_year' then prior_year_actual
        end as change_from_actual,
        case change_basis
            when 'previous_quarter' then 'since Q' || ((fiscal_quarter + 2) % 4 + 1)
            when 'prior_year' then 'since Q' || fiscal_quarter || ' last year'
        end as change_since

    from based

),

measured as (

    select
        *,
        quarterly_actual - change_from_actual as actual_change,
        case
            when unit_kind = 'percentage' then quarterly_actual - change_from_actual
        end as change_pp,
        case
            when unit_kind <> 'percentage'
                then {{ percent_change('quarterly_actual', 'change_from_actual') }}
        end as change_pct

    from changed

),

scored as (

    select
        council_id,
        measure_code,
        period_end,
        quarter_index,
        financial_year,
        financial_year_start,
        fiscal_quarter,
        fiscal_quarter as quarter_of_year,
        quarter_label,
        directorate,
        measure_title,
        measure_ordinal,
        quarterly_status,
        status_rank,
        status_colour,
        forecast_status,
        forecast_status_rank,
        forecast_status_colour,
        quarterly_target,
        quarterly_actual,
        forecast_target,
        forecast_actual,
        quarterly_target_text,
        quarterly_actual_text,
        forecast_target_text,
        forecast_actual_text,
        unit,
        unit_kind,
        accumulation,
        frequency,
        direction_of_travel,
        polarity,
        polarity_source,
        quarterly_actual - quarterly_target as variance,
        {{ signed_better('quarterly_actual - quarterly_target', 'polarity') }}
            as variance_better,
        {{ signed_better(percent_change('quarterly_actual', 'quarterly_target'), 'polarity') }}
            as variance_better_pct,
        {{ is_on_target('quarterly_actual', 'quarterly_target', 'polarity') }} as is_on_target,
        forecast_actual - forecast_target as forecast_variance,
        {{ signed_better('forecast_actual - forecast_target', 'polarity') }}
            as forecast_variance_better,
        {{ is_on_target('forecast_actual', 'forecast_target', 'polarity') }}
            as is_forecast_on_target,
        prior_year_period_end,
        prior_year_actual,
        prior_year_target,
        prior_year_status,
        case
            when is_quarter_on_quarter_comparable then previous_quarter_period_end
        end as previous_quarter_period_end,
        case
            when is_quarter_on_quarter_comparable then previous_quarter_actual
        end as previous_quarter_actual,
        case
            when is_quarter_on_quarter_comparable then previous_quarter_target
        end as previous_quarter_target,
        case
            when is_quarter_on_quarter_comparable then previous_quarter_status
        end as previous_quarter_status,
        change_basis,
        change_since,
        change_from_period_end,
        change_from_actual,
        actual_change,
        change_pp,
        change_pct,
        {{ signed_better('coalesce(change_pp, change_pct)', 'polarity') }} as change_better,
        case
            when {{ signed_better('coalesce(change_pp, change_pct)', 'polarity') }} is null
                then null
            when unit_kind = 'percentage' then 'pp'
            else '%'
        end as change_better_unit,
        consecutive_red_quarters,
        is_provisional,
        is_revised,
        first_published_quarterly_actual,
        first_published_report_sha256,
        report_version_count,
        report_sha256,
        report_time_fetched,
        first_page,
        last_page,
        pages,
        context,
        improvement_actions,
        intervention_review,
        period_loaded_at,
        period_report_count

    from measured

),

{% if is_incremental() %}

changed_periods as (

    {{ changed_periods(ref('int_measures_versioned')) }}

),

first_changed_periods as (

    select
        changed_periods.council_id,
        min(changed_periods.period_end) as period_end
    from changed_periods
    group by changed_periods.council_id

),

redescribed as (

    -- measures whose polarity, semantics or status styling differ from what the last run wrote
    select distinct
        previous_run.council_id,
        previous_run.measure_code

    from {{ this }} as previous_run
    left join polarities
        on
            previous_run.council_id = polarities.council_id
            and previous_run.measure_code = polarities.measure_code
    left join semantics
        on
            previous_run.council_id = semantics.council_id
            and previous_run.measure_code = semantics.measure_code
    left join statuses as quarterly_statuses
        on coalesce(previous_run.quarterly_status, 'No status') = quarterly_statuses.status
    left join statuses as forecast_statuses
        on coalesce(previous_run.forecast_status, 'No status') = forecast_statuses.status
    where
        previous_run.polarity is distinct from coalesce(polarities.polarity, 'unknown')
        or previous_run.polarity_source
        is distinct from coalesce(polarities.polarity_source, 'unknown')
        or previous_run.accumulation
        is distinct from coalesce(semantics.accumulation, 'unknown')
        or previous_run.frequency is distinct from semantics.frequency
        or previous_run.unit_kind is distinct from semantics.unit_kind
        or previous_run.status_rank is distinct from quarterly_statuses.status_rank
        or previous_run.status_colour is distinct from quarterly_statuses.status_colour
        or previous_run.forecast_status_rank is distinct from forecast_statuses.status_rank
        or previous_run.forecast_status_colour is distinct from forecast_statuses.status_colour

),

{% endif %}

final as (

    select * from scored

    {% if is_incremental() %}
    where
        exists (
            select 1
            from first_changed_periods
            where
                first_changed_periods.council_id = scored.council_id
                and scored.period_end >= first_changed_periods.period_end
        )
        or (council_id, measure_code) in (
            select
                redescribed.council_id,
                redescribed.measure_code
            from redescribed
        )
    {% endif %}

)

select * from final
