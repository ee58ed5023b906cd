{#
    What a measure counts, read off the reports themselves (current versions only), for the
    measures the seed `measure_semantics` does not settle:

    accumulation
      annual        a status of 'Annual Collection', or exactly one report a year, in the same
                    quarter, over two or more financial years;
      year_to_date  the quarterly target is a quarter, a half, three quarters of the year-end
                    target in Q1-Q3 (a count that builds through the financial year); each such
                    quarter is a vote;
      point         the quarterly target equals the year-end target in Q1-Q3 (each such quarter
                    is a vote), or, with no vote either way, a percentage or a rate (a ratio
                    does not add up over a year);
      unknown       none of these (e.g. text figures, or targets only at year end): such a
                    measure is never compared across quarters or ranked as a mover.
    The majority of the votes wins; a tie is unknown.

    frequency: annual with an annual accumulation, or when every financial year with two or
    more numeric actuals repeats one value (the figure changes once a year, e.g. exam results
    shown in Q3 and Q4); otherwise quarterly, the reports' own cadence.

    unit_kind: percentage (unit %), rate per N (unit 'per N population'), text (no numeric
    target or actual in any quarter), otherwise count.

    A council's measure (council_id, measure_code) is read off its own council's reports only.
#}

with

versions as (select * from {{ ref('int_measures_versioned') }}),

current_versions as (

    select
        council_id,
        measure_code,
        period_end,
        financial_year,
        fiscal_quarter,
        quarterly_status,
        forecast_status,
        quarterly_target,
        quarterly_actual,
        forecast_target,
        forecast_actual,
        unit,
        -- the quarterly target as a share of the year-end target, in Q1-Q3 only
        case
            when fiscal_quarter < 4 and forecast_target <> 0
                then quarterly_target / forecast_target
        end as target_share

    from versions
    where is_current_version

),

latest_unit as (

    select distinct on (council_id, measure_code)
        council_id,
        measure_code,
        unit

    from current_versions
    where unit is not null
    order by council_id asc, measure_code asc, period_end desc

),

per_year as (

    select
        council_id,
        measure_code,
        financial_year,
        count(*) as reports,
        min(fiscal_quarter) as fiscal_quarter,
        count(quarterly_actual) as numeric_actuals,
        count(distinct quarterly_actual) as distinct_actuals

    from current_versions
    group by council_id, measure_code, financial_year

),

yearly as (

    select
        council_id,
        measure_code,
        -- one report a year, in the same quarter, over two or more financial years
        count(*) >= 2
        and bool_and(reports = 1)
        and count(distinct fiscal_quarter) = 1 as is_reported_once_a_year,
        -- one actual a year, repeated in a year at least once, over two or more years
        count(*) >= 2
        and count(*) filter (where numeric_actuals >= 2) >= 1
        and bool_and(distinct_actuals <= 1) as is_one_value_a_year

    from per_year
    group by council_id, measure_code

),

tallied as (

    select
        council_id,
        measure_code,
        count(*) filter (
            where abs(target_share - fiscal_quarter / 4.0) <= 0.02
        ) as year_to_date_votes,
        count(*) filter (where abs(target_share - 1) <= 0.02) as point_votes,
        bool_or(
            quarterly_status = 'Annual Collection' or forecast_status = 'Annual Collection'
        ) as has_annual_collection,
        count(quarterly_target) + count(quarterly_actual)
        + count(forecast_target) + count(forecast_actual) as numeric_figures

    from current_versions
    group by council_id, measure_code

),

unit_kinds as (

    select
        tallied.council_id,
        tallied.measure_code,
        case
            when latest_unit.unit = '%' then 'percentage'
            when latest_unit.unit like 'per % population' then 'rate per N'
            when tallied.numeric_figures = 0 then 'text'
            else 'count'
        end as inferred_unit_kind

    from tallied
    left join latest_unit
        on
            tallied.council_id = latest_unit.council_id
            and tallied.measure_code = latest_unit.measure_code

),

final as (

    select
        tallied.council_id,
        tallied.measure_code,
        tallied.year_to_date_votes,
        tallied.point_votes,
        case
            when tallied.has_annual_collection then 'annual'
            when yearly.is_reported_once_a_year then 'annual'
            when tallied.year_to_date_votes > tallied.point_votes then 'year_to_date'
            when tallied.point_votes > tallied.year_to_date_votes then 'point'
            when
                tallied.year_to_date_votes = 0
                and unit_kinds.inferred_unit_kind in ('percentage', 'rate per N') then 'point'
            else 'unknown'
        end as inferred_accumulation,
        case
            when tallied.has_annual_collection then 'a status of Annual Collection'
            when yearly.is_reported_once_a_year then 'one report a year, in the same quarter'
            when tallied.year_to_date_votes > tallied.point_votes
                then
                    'quarterly targets build to the year-end target ('
                    || tallied.year_to_date_votes || ' of '
                    || tallied.year_to_date_votes + tallied.point_votes || ' quarters)'
            when tallied.point_votes > tallied.year_to_date_votes
                then
                    'quarterly targets equal the year-end target ('
                    || tallied.point_votes || ' of '
                    || tallied.year_to_date_votes + tallied.point_votes || ' quarters)'
            when
                tallied.year_to_date_votes = 0
                and unit_kinds.inferred_unit_kind in ('percentage', 'rate per N')
                then
                    'a ' || replace(unit_kinds.inferred_unit_kind, ' per N', '')
                    || ', which does not add up over a year'
            when tallied.year_to_date_votes > 0
                then 'as many quarters say year to date as say point'
            when unit_kinds.inferred_unit_kind = 'text'
                then 'the reports print words, not numbers'
            else 'no quarterly target in Q1-Q3 to compare with the year-end target'
        end as accumulation_evidence,
        case
            when tallied.has_annual_collection then 'annual'
            when yearly.is_one_value_a_year then 'annual'
            else 'quarterly'
        end as inferred_frequency,
        unit_kinds.inferred_unit_kind

    from tallied
    inner join yearly
        on
            tallied.council_id = yearly.council_id
            and tallied.measure_code = yearly.measure_code
    inner join unit_kinds
        on
            tallied.council_id = unit_kinds.council_id
            and tallied.measure_code = unit_kinds.measure_code

)

select * from final
