{#
    Post-hook of the incremental facts: a merge can insert and update but not delete, so after
    an incremental run remove the rows whose key is no longer in `source_relation` (optionally:
    in its rows meeting `condition`) - a measure left out of a re-issued report, a report
    withdrawn. The keys should be indexed in `source_relation` (an anti-join per run). Makes an incremental run end where a
    full refresh would. Does nothing on a full refresh.
#}
{% macro delete_rows_missing_from(source_relation, key_columns, condition=none) %}
    {% if is_incremental() %}
        delete from {{ this }} as existing
        where not exists (
            select 1
            from {{ source_relation }} as present
            where
                {% for column in key_columns -%}
                    present.{{ column }} = existing.{{ column }}
                    {%- if not loop.last %} and {% endif %}
                {% endfor %}
                {%- if condition %} and {{ condition }}{% endif %}
        )
    {% else %}
        select 1
    {% endif %}
{% endmacro %}
