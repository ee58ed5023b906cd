{#
    Polarity (is a higher or a lower actual better?) read off the reports themselves, for the
    measures the seed does not know. Each status next to a numeric target and actual that differ
    is one vote:
      Blue/Green and actual below target  -> lower is better (it beat the target by being lower)
      Blue/Green and actual above target  -> higher is better
      Red/Amber  and actual below target  -> higher is better (it missed by being lower)
      Red/Amber  and actual above target  -> lower is better
    Quarterly and forecast statuses both vote (current reports only). The majority wins; a tie or
    no evidence is 'unknown'. The real reports have exceptions (a quarterly status set by the
    forecast), which is why this is a vote and not a first match.
#}

with

versions as (

    select * from {{ ref('int_measures_versioned') }}

),

current_versions as (

    select * from versions
    where is_current_version

),

evidence as (

    select
        measure_code,
        'quarterly' as evidence_basis,
        quarterly_status as status_label,
        quarterly_target as target_value,
        quarterly_actual as actual_value

    from current_versions

    union all

    select
        measure_code,
        'forecast' as evidence_basis,
        forecast_status as status_label,
        forecast_target as target_value,
        forecast_actual as actual_value

    from current_versions

),

votes as (

    select
        measure_code,
        case
            when status_label in ('Blue', 'Green') and actual_value < target_value
                then 'lower_is_better'
            when status_label in ('Blue', 'Green') and actual_value > target_value
                then 'higher_is_better'
            when status_label in ('Red', 'Amber') and actual_value < target_value
                then 'higher_is_better'
            when status_label in ('Red', 'Amber') and actual_value > target_value
                then 'lower_is_better'
        end as polarity_vote

    from evidence

),

tallied as (

    select
        measure_code,
        count(*) filter (where polarity_vote = 'higher_is_better') as higher_is_better_votes,
        count(*) filter (where polarity_vote = 'lower_is_better') as lower_is_better_votes

    from votes
    group by measure_code

),

final as (

    select
        measure_code,
        higher_is_better_votes,
        lower_is_better_votes,
        case
            when higher_is_better_votes > lower_is_better_votes then 'higher_is_better'
            when lower_is_better_votes > higher_is_better_votes then 'lower_is_better'
            else 'unknown'
        end as inferred_polarity

    from tallied

)

select * from final
