{{ config(severity='error') }}

{#
    Statuses agree with the figures and the polarity, where all are known.

    A Blue or Green quarterly status means the measure met its target; Red means it missed.
    The real reports are not that strict: a quarterly status is sometimes set by the forecast
    year-end position (e.g. DH Local 62b, an annual measure) and Amber means "close to target"
    on either side. So a row fails only when its status contradicts BOTH the quarterly figures
    and the forecast figures:
      - Blue/Green while neither the quarterly nor the forecast actual is on target;
      - Red while both the quarterly and the forecast actual are on target.
    Rows with an unknown polarity, text figures, Amber, N/A or Annual Collection are not judged.
#}

with

measure_quarters as (select * from {{ ref('fct_measure_quarter') }}),

judged as (

    select
        council_id,
        measure_code,
        period_end,
        polarity,
        polarity_source,
        quarterly_status,
        quarterly_target,
        quarterly_actual,
        forecast_target,
        forecast_actual,
        is_on_target,
        is_forecast_on_target

    from measure_quarters
    where
        polarity <> 'unknown'
        and is_on_target is not null

),

contradictions as (

    select * from judged
    where
        (
            quarterly_status in ('Blue', 'Green')
            and not is_on_target
            and not coalesce(is_forecast_on_target, false)
        )
        or (
            quarterly_status = 'Red'
            and is_on_target
            and coalesce(is_forecast_on_target, true)
        )

)

select * from contradictions
