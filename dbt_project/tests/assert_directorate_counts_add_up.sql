{#
    fct_directorate_quarter agrees with fct_measure_quarter: the status counts add up to the
    measure count, on-target plus off-target is the assessed count, and every council's
    directorate and quarter of the fact is summarised with the same number of measures.
#}

with

directorate_quarters as (select * from {{ ref('fct_directorate_quarter') }}),

measure_quarters as (select * from {{ ref('fct_measure_quarter') }}),

from_fact as (

    select
        council_id,
        directorate,
        period_end,
        count(*) as measure_count

    from measure_quarters
    group by council_id, directorate, period_end

),

inconsistent as (

    select
        coalesce(directorate_quarters.council_id, from_fact.council_id) as council_id,
        directorate_quarters.directorate,
        directorate_quarters.period_end,
        directorate_quarters.measure_count,
        from_fact.measure_count as fact_measure_count

    from directorate_quarters
    full outer join from_fact
        on
            directorate_quarters.council_id = from_fact.council_id
            and directorate_quarters.directorate = from_fact.directorate
            and directorate_quarters.period_end = from_fact.period_end
    where
        directorate_quarters.measure_count is distinct from from_fact.measure_count
        or directorate_quarters.red_count + directorate_quarters.amber_count
        + directorate_quarters.green_count + directorate_quarters.blue_count
        + directorate_quarters.not_applicable_count
        + directorate_quarters.annual_collection_count
        + directorate_quarters.no_status_count
        <> directorate_quarters.measure_count
        or directorate_quarters.on_target_count + directorate_quarters.off_target_count
        <> directorate_quarters.assessed_count

)

select * from inconsistent
