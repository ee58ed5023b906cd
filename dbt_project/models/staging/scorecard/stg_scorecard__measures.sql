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
        {{ cast_as('numeric', [
            'quarterly_target', 'quarterly_actual', 'forecast_target', 'forecast_actual',
        ]) }},
        unit,
        direction_of_travel,
        context,
        improvement_actions,
        intervention_review,
        {{ cast_as('integer', ['first_page', 'last_page']) }},
        -- BI tools (Power BI, some Metabase drivers) cannot read arrays: '5, 6'
        array_to_string(pages, ', ') as pages,
        extras

    from source

)

select * from renamed
