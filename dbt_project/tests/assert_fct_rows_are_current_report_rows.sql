{#
    fct_measure_quarter holds exactly the measures of each quarter's current report: no row for
    a measure the report left out (absence means "not flagged", not missing data) and none
    missing, each council's quarter from that council's own current report. Compared with the
    raw tables directly, independently of the intermediate models.
#}

with

reports as (select * from {{ source('scorecard', 'reports') }}),

measures as (select * from {{ source('scorecard', 'measures') }}),

measure_quarters as (select * from {{ ref('fct_measure_quarter') }}),

current_reports as (

    select distinct on (council_id, period_end)
        report_sha256,
        council_id,
        period_end

    from reports
    order by
        council_id asc,
        period_end asc,
        time_fetched desc nulls last,
        loaded_at desc,
        report_sha256 desc

),

expected as (

    select
        current_reports.council_id,
        measures.measure_code,
        current_reports.period_end,
        current_reports.report_sha256

    from measures
    inner join current_reports
        on measures.report_sha256 = current_reports.report_sha256

),

actual as (

    select
        council_id,
        measure_code,
        period_end,
        report_sha256

    from measure_quarters

),

missing as (

    select
        'missing from fct_measure_quarter' as problem,
        *

    from (
        select * from expected
        except
        select * from actual
    ) as only_expected

),

unexpected as (

    select
        'not in the current report' as problem,
        *

    from (
        select * from actual
        except
        select * from expected
    ) as only_actual

),

final as (

    select * from missing
    union all
    select * from unexpected

)

select * from final
