{#
    Per council, directorate and quarter: how many measures the report flagged, by status, and
    the share of those with a known polarity that were on target: a share of the measures in
    the report (an exception report lists only the measures that need improvement), not of all
    the council's measures. Aggregated from fct_measure_quarter.

    Incremental runs merge only the rows whose figures changed (the aggregate is cheap, an
    index scan of the fact; writing is what a quarterly run must not repeat).
#}

with

measure_quarters as (select * from {{ ref('fct_measure_quarter') }}),

aggregated as (

    select
        council_id,
        directorate,
        period_end,
        max(quarter_index) as quarter_index,
        max(financial_year) as financial_year,
        max(financial_year_start) as financial_year_start,
        max(fiscal_quarter) as fiscal_quarter,
        max(quarter_of_year) as quarter_of_year,
        max(quarter_label) as quarter_label,
        count(*) as measure_count,
        count(*) filter (where quarterly_status = 'Red') as red_count,
        count(*) filter (where quarterly_status = 'Amber') as amber_count,
        count(*) filter (where quarterly_status = 'Green') as green_count,
        count(*) filter (where quarterly_status = 'Blue') as blue_count,
        count(*) filter (where quarterly_status = 'N/A') as not_applicable_count,
        count(*) filter (
            where quarterly_status = 'Annual Collection'
        ) as annual_collection_count,
        count(*) filter (where quarterly_status is null) as no_status_count,
        count(*) filter (where is_on_target) as on_target_count,
        count(*) filter (where not is_on_target) as off_target_count,
        count(is_on_target) as assessed_count,
        count(*) filter (where forecast_status = 'Red') as forecast_red_count,
        count(*) filter (where direction_of_travel = 'Improving') as improving_count,
        count(*) filter (where direction_of_travel = 'Deteriorating') as deteriorating_count,
        count(*) filter (where is_provisional) as provisional_count,
        count(*) filter (where is_revised) as revised_count

    from measure_quarters
    group by council_id, directorate, period_end

),

shares as (

    select
        *,
        round(1.0 * on_target_count / nullif(assessed_count, 0), 4) as on_target_share,
        round(1.0 * red_count / nullif(measure_count, 0), 4) as red_share

    from aggregated

),

final as (

    select * from shares

    {% if is_incremental() %}

    except

    select
        council_id,
        directorate,
        period_end,
        quarter_index,
        financial_year,
        financial_year_start,
        fiscal_quarter,
        quarter_of_year,
        quarter_label,
        measure_count,
        red_count,
        amber_count,
        green_count,
        blue_count,
        not_applicable_count,
        annual_collection_count,
        no_status_count,
        on_target_count,
        off_target_count,
        assessed_count,
        forecast_red_count,
        improving_count,
        deteriorating_count,
        provisional_count,
        revised_count,
        on_target_share,
        red_share
    from {{ this }}

    {% endif %}

)

select * from final
