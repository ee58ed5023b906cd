{#
    The quarters an incremental fact must reprocess: those whose report history in
    `versions_relation` (int_measures_versioned) differs from what the fact last saw, compared
    per quarter on (latest load time, number of reports). Per quarter rather than one global
    load-time watermark, so a load that commits while dbt runs is picked up by the next run.
#}
{% macro changed_periods(versions_relation) %}
    select changed.period_end
    from (
        select distinct
            period_end,
            period_loaded_at,
            period_report_count
        from {{ versions_relation }}
        except
        select distinct
            period_end,
            period_loaded_at,
            period_report_count
        from {{ this }}
    ) as changed
{% endmacro %}
