{#
    The accumulation, frequency and unit kind every mart uses: the seed `measure_semantics`
    where it fills the cell, else the inference from the reports, with the source of each named
    ('seeded', 'inferred' or 'unknown') so BI users can judge it.
#}

with

seeded as (select * from {{ ref('measure_semantics') }}),

inferred as (select * from {{ ref('int_measure_semantics_inferred') }}),

final as (

    select
        inferred.measure_code,
        inferred.inferred_accumulation,
        inferred.accumulation_evidence,
        inferred.year_to_date_votes,
        inferred.point_votes,
        coalesce(seeded.accumulation, inferred.inferred_accumulation) as accumulation,
        case
            when seeded.accumulation is not null then 'seeded'
            when inferred.inferred_accumulation <> 'unknown' then 'inferred'
            else 'unknown'
        end as accumulation_source,
        coalesce(seeded.frequency, inferred.inferred_frequency) as frequency,
        case
            when seeded.frequency is not null then 'seeded'
            else 'inferred'
        end as frequency_source,
        coalesce(seeded.unit_kind, inferred.inferred_unit_kind) as unit_kind,
        case
            when seeded.unit_kind is not null then 'seeded'
            else 'inferred'
        end as unit_kind_source

    from inferred
    left join seeded
        on inferred.measure_code = seeded.measure_code

)

select * from final
