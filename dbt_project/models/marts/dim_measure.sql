{#
    One row per council's measure (council_id, measure_code) any loaded report printed: how it
    is described now (its latest report), what it counts (unit kind, accumulation, frequency)
    and its polarity, each with where it came from, and the span of quarters it was reported
    in. A code is a council's own: the same code in two councils is two measures, each read
    off its own council's reports only.

    Incremental (merged on council_id, measure_code, every row each run: the table is small)
    so that the table is never dropped and rebuilt, which would drop the facts' foreign keys to
    it. A measure no loaded report prints any more is deleted once no fact refers to it.
#}

with

versions as (select * from {{ ref('int_measures_versioned') }}),

polarities as (select * from {{ ref('int_measure_polarity_resolved') }}),

semantics as (select * from {{ ref('int_measure_semantics_resolved') }}),

latest as (

    -- the latest title and directorate: from the current reports, else (a measure printed only
    -- in a report that was later re-issued without it) from the latest report that printed it
    select distinct on (council_id, measure_code)
        council_id,
        measure_code,
        measure_title,
        directorate

    from versions
    order by
        council_id asc,
        measure_code asc,
        is_current_version desc,
        period_end desc,
        report_version_number desc

),

latest_unit as (

    select distinct on (council_id, measure_code)
        council_id,
        measure_code,
        unit

    from versions
    where unit is not null
    order by council_id asc, measure_code asc, is_current_version desc, period_end desc

),

current_versions as (

    -- one row per measure per quarter: the quarter's current report
    select * from versions
    where is_current_version

),

spans as (

    select
        council_id,
        measure_code,
        min(period_end) as first_period_end,
        max(period_end) as last_period_end,
        count(*) as quarters_reported,
        count(*) filter (where quarterly_status = 'Red') as quarters_at_red,
        count(distinct measure_title) as title_count,
        count(distinct directorate) as directorate_count

    from current_versions
    group by council_id, measure_code

),

quarter_labels as (

    select
        council_id,
        measure_code,
        period_end,
        quarter_label

    from current_versions

),

final as (

    select
        latest.council_id,
        latest.measure_code,
        latest.measure_title,
        latest.directorate,
        latest_unit.unit,
        coalesce(semantics.unit_kind, 'text') as unit_kind,
        coalesce(semantics.unit_kind_source, 'unknown') as unit_kind_source,
        coalesce(semantics.accumulation, 'unknown') as accumulation,
        coalesce(semantics.accumulation_source, 'unknown') as accumulation_source,
        coalesce(semantics.inferred_accumulation, 'unknown') as inferred_accumulation,
        coalesce(semantics.accumulation_evidence, 'not in any current report')
            as accumulation_evidence,
        coalesce(semantics.frequency, 'quarterly') as frequency,
        coalesce(semantics.frequency_source, 'unknown') as frequency_source,
        coalesce(polarities.polarity, 'unknown') as polarity,
        coalesce(polarities.polarity_source, 'unknown') as polarity_source,
        polarities.seed_polarity,
        coalesce(polarities.inferred_polarity, 'unknown') as inferred_polarity,
        coalesce(polarities.higher_is_better_votes, 0) as higher_is_better_votes,
        coalesce(polarities.lower_is_better_votes, 0) as lower_is_better_votes,
        spans.first_period_end,
        first_quarter.quarter_label as first_quarter_label,
        spans.last_period_end,
        last_quarter.quarter_label as last_quarter_label,
        coalesce(spans.quarters_reported, 0) as quarters_reported,
        coalesce(spans.quarters_at_red, 0) as quarters_at_red,
        coalesce(spans.title_count, 0) as title_count,
        coalesce(spans.title_count > 1, false) as has_title_changed,
        coalesce(spans.directorate_count, 0) as directorate_count

    from latest
    left join spans
        on
            latest.council_id = spans.council_id
            and latest.measure_code = spans.measure_code
    left join polarities
        on
            latest.council_id = polarities.council_id
            and latest.measure_code = polarities.measure_code
    left join semantics
        on
            latest.council_id = semantics.council_id
            and latest.measure_code = semantics.measure_code
    left join latest_unit
        on
            latest.council_id = latest_unit.council_id
            and latest.measure_code = latest_unit.measure_code
    left join quarter_labels as first_quarter
        on
            spans.council_id = first_quarter.council_id
            and spans.measure_code = first_quarter.measure_code
            and spans.first_period_end = first_quarter.period_end
    left join quarter_labels as last_quarter
        on
            spans.council_id = last_quarter.council_id
            and spans.measure_code = last_quarter.measure_code
            and spans.last_period_end = last_quarter.period_end

)

select * from final
