{#
    The polarity every mart uses: the seed when it knows the measure, else the inference from
    the reports, else 'unknown'; with the source named ('seeded', 'inferred' or 'unknown') so BI
    users can judge it.
#}

with

seeded as (select * from {{ ref('measure_polarity') }}),

inferred as (select * from {{ ref('int_measure_polarity_inferred') }}),

final as (

    select
        inferred.measure_code,
        seeded.polarity as seed_polarity,
        inferred.inferred_polarity,
        inferred.higher_is_better_votes,
        inferred.lower_is_better_votes,
        coalesce(seeded.polarity, nullif(inferred.inferred_polarity, 'unknown'), 'unknown')
            as polarity,
        case
            when seeded.polarity is not null then 'seeded'
            when inferred.inferred_polarity <> 'unknown' then 'inferred'
            else 'unknown'
        end as polarity_source

    from inferred
    left join seeded
        on inferred.measure_code = seeded.measure_code

)

select * from final
