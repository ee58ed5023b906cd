with

source as (select * from {{ source('scorecard', 'measures') }}),

renamed as (

    select
        report_sha256,
        measure_code,
        cast(period_end as date) as period_end,
        cast(measure_ordinal as integer) as measure_ordinal,
        directorate,
        measure_title,
        quarterly_status,
        forecast_status,
        quarterly_target_text,
        quarterly_actual_text,
        forecast_target_text,
        forecast_actual_text,
        cast(quarterly_target as numeric) as quarterly_target,
        cast(quarterly_actual as numeric) as quarterly_actual,
        cast(forecast_target as numeric) as forecast_target,
        cast(forecast_actual as numeric) as forecast_actual,
        unit,
        direction_of_travel,
        context,
        improvement_actions,
        intervention_review,
        cast(first_page as integer) as first_page,
        cast(last_page as integer) as last_page,
        -- BI tools (Power BI, some Metabase drivers) cannot read arrays: '5, 6'
        array_to_string(pages, ', ') as pages

    from source

)

select * from renamed
