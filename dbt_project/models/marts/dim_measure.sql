{#
    One row per measure code: how it is described now (its latest report), its polarity and
    where that came from, and the span of quarters it was reported in.
#}

with

versions as (select * from {{ ref('int_measures_versioned') }}),

polarities as (select * from {{ ref('int_measure_polarity_resolved') }}),

current_versions as (

    -- one row per measure per quarter: the quarter's current report
    select * from versions
    where is_current_version

),

latest as (

    select distinct on (measure_code)
        measure_code,
        measure_title,
        directorate

    from current_versions
    order by measure_code asc, period_end desc

),

latest_unit as (

    select distinct on (measure_code)
        measure_code,
        unit

    from current_versions
    where unit is not null
    order by measure_code asc, period_end desc

),

spans as (

    select
        measure_code,
        min(period_end) as first_period_end,
        max(period_end) as last_period_end,
        count(*) as quarters_reported,
        count(*) filter (where quarterly_status = 'Red') as quarters_at_red,
        count(distinct measure_title) as title_count,
        count(distinct directorate) as directorate_count

    from current_versions
    group by measure_code

),

quarter_labels as (

    select
        measure_code,
        period_end,
        quarter_label

    from current_versions

),

final as (

    select
        latest.measure_code,
        latest.measure_title,
        latest.directorate,
        latest_unit.unit,
        polarities.polarity,
        polarities.polarity_source,
        polarities.seed_polarity,
        polarities.inferred_polarity,
        polarities.higher_is_better_votes,
        polarities.lower_is_better_votes,
        spans.first_period_end,
        first_quarter.quarter_label as first_quarter_label,
        spans.last_period_end,
        last_quarter.quarter_label as last_quarter_label,
        spans.quarters_reported,
        spans.quarters_at_red,
        spans.title_count,
        spans.title_count > 1 as has_title_changed,
        spans.directorate_count

    from latest
    inner join spans
        on latest.measure_code = spans.measure_code
    inner join polarities
        on latest.measure_code = polarities.measure_code
    left join latest_unit
        on latest.measure_code = latest_unit.measure_code
    left join quarter_labels as first_quarter
        on
            spans.measure_code = first_quarter.measure_code
            and spans.first_period_end = first_quarter.period_end
    left join quarter_labels as last_quarter
        on
            spans.measure_code = last_quarter.measure_code
            and spans.last_period_end = last_quarter.period_end

)

select * from final
