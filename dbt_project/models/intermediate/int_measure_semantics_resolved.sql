{#
    The accumulation, frequency and unit kind every mart uses: the seed `measure_semantics`
    where it fills the cell, else the inference from the reports, with the source of each named
    ('seeded', 'inferred' or 'unknown') so BI users can judge it. A seed row with a council_id
    is for that council's measure, a row with none for the code in every council: a filled cell
    of the council's own row wins, then one of the row for every council, then the inference.
#}

with

seeded as (select * from {{ ref('measure_semantics') }}),

inferred as (select * from {{ ref('int_measure_semantics_inferred') }}),

cells as (

    select
        inferred.*,
        coalesce(for_council.accumulation, for_all.accumulation) as seed_accumulation,
        coalesce(for_council.frequency, for_all.frequency) as seed_frequency,
        coalesce(for_council.unit_kind, for_all.unit_kind) as seed_unit_kind

    from inferred
    left join seeded as for_council
        on
            inferred.council_id = for_council.council_id
            and inferred.measure_code = for_council.measure_code
    left join seeded as for_all
        on
            for_all.council_id is null
            and inferred.measure_code = for_all.measure_code

),

final as (

    select
        council_id,
        measure_code,
        inferred_accumulation,
        accumulation_evidence,
        year_to_date_votes,
        point_votes,
        coalesce(seed_accumulation, inferred_accumulation) as accumulation,
        case
            when seed_accumulation is not null then 'seeded'
            when inferred_accumulation <> 'unknown' then 'inferred'
            else 'unknown'
        end as accumulation_source,
        coalesce(seed_frequency, inferred_frequency) as frequency,
        case
            when seed_frequency is not null then 'seeded'
            else 'inferred'
        end as frequency_source,
        coalesce(seed_unit_kind, inferred_unit_kind) as unit_kind,
        case
            when seed_unit_kind is not null then 'seeded'
            else 'inferred'
        end as unit_kind_source

    from cells

)

select * from final
