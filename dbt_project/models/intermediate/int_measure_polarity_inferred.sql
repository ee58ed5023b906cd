{#
    Polarity (is a higher or a lower actual better?) read off the reports themselves, for the
    measures the seed does not know. Each status next to a numeric target and actual that
    differ is one vote (see the polarity_vote macro; the votes are computed per version in
    int_measures_versioned):
      Blue/Green and actual below target  -> lower is better (it beat the target by being lower)
      Red/Amber  and actual below target  -> higher is better (it missed by being lower)
      and the mirror images above target.
    Quarterly and forecast statuses both vote (current reports only). The majority wins; a tie or
    no evidence is 'unknown'. The real reports have exceptions (a quarterly status set by the
    forecast), which is why this is a vote and not a first match. A council's measure is
    counted on its own council's reports only.
#}

with

versions as (select * from {{ ref('int_measures_versioned') }}),

tallied as (

    select
        council_id,
        measure_code,
        count(*) filter (where quarterly_polarity_vote = 'higher_is_better')
        + count(*) filter (where forecast_polarity_vote = 'higher_is_better')
            as higher_is_better_votes,
        count(*) filter (where quarterly_polarity_vote = 'lower_is_better')
        + count(*) filter (where forecast_polarity_vote = 'lower_is_better')
            as lower_is_better_votes

    from versions
    where is_current_version
    group by council_id, measure_code

),

final as (

    select
        council_id,
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
