with

source as (select * from {{ source('scorecard', 'reports') }}),

renamed as (

    select
        report_sha256,
        source_uri,
        cast(period_end as date) as period_end,
        financial_year,
        cast(quarter as integer) as fiscal_quarter,
        council,
        report_name,
        data_source,
        cast(time_fetched as timestamp) as time_fetched,
        fetched_at,
        cast(page_count as integer) as page_count,
        cast(measure_count as integer) as measure_count,
        extractor_version,
        loaded_at,
        is_current as is_current_in_raw,
        superseded_by as superseded_by_sha256

    from source

)

select * from renamed
