{#
    The polarity every mart uses: the seed when it knows the measure, else the inference from
    the reports, else 'unknown'; with the source named ('seeded', 'inferred' or 'unknown') so BI
    users can judge it. A seed row with a council_id is for that council's measure; a row with
    none is for the measure of that code in every council; the council's own row wins.
#}

with

seeded as (select * from {{ ref('measure_polarity') }}),

inferred as (select * from {{ ref('int_measure_polarity_inferred') }}),

final as (

    select
        inferred.council_id,
        inferred.measure_code,
        coalesce(for_council.polarity, for_all.polarity) as seed_polarity,
        inferred.inferred_polarity,
        inferred.higher_is_better_votes,
        inferred.lower_is_better_votes,
        coalesce(
            for_council.polarity,
            for_all.polarity,
            nullif(inferred.inferred_polarity, 'unknown'),
            'unknown'
        ) as polarity,
        case
            when coalesce(for_council.polarity, for_all.polarity) is not null then 'seeded'
            when inferred.inferred_polarity <> 'unknown' then 'inferred'
            else 'unknown'
        end as polarity_source

    from inferred
    left join seeded as for_council
        on
            inferred.council_id = for_council.council_id
            and inferred.measure_code = for_council.measure_code
    left join seeded as for_all
        on
            for_all.council_id is null
            and inferred.measure_code = for_all.measure_code

)

select * from final
