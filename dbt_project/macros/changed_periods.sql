{#
    The councils' quarters an incremental fact must reprocess: those whose report history in
    `versions_relation` (int_measures_versioned) differs from what the fact last saw, compared
    per council and quarter on (latest load time, number of reports). Per quarter rather than
    one global load-time watermark, so a load that commits while dbt runs is picked up by the
    next run; per council, so one council's new report never reprocesses another's quarters.
#}
{% macro changed_periods(versions_relation) %}
    select
        changed.council_id,
        changed.period_end
    from (
        select distinct
            council_id,
            period_end,
            period_loaded_at,
            period_report_count
        from {{ versions_relation }}
        except
        select distinct
            council_id,
            period_end,
            period_loaded_at,
            period_report_count
        from {{ this }}
    ) as changed
{% endmacro %}
