with

source as (select * from {{ source('scorecard', 'reports') }}),

renamed as (

    select
        report_sha256,
        source_uri,
        cast(period_end as date) as period_end,
        financial_year,
        cast(quarter as integer) as fiscal_quarter,
        -- the council's key, derived by the warehouse from the name the report prints
        council_id,
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
        superseded_by as superseded_by_sha256,
        -- how the report was found (discovered on a committee site, added by hand) and the
        -- layout profile it was read with; null for reports loaded before this was kept
        source_details ->> 'found_by' as found_by,
        source_details ->> 'index_url' as discovery_index_url,
        source_details ->> 'page_url' as discovery_page_url,
        source_details ->> 'link_text' as discovery_link_text,
        source_details ->> 'profile' as layout_profile

    from source

)

select * from renamed
