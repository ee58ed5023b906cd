{#
    Generic test: every row of the model whose `columns` are all filled has a row in `to` with
    the same values in `to_columns` (dbt's `relationships`, for a key of several columns such
    as council_id and period_end). Fails with one row per orphan.
#}
{% test relationships_by_columns(model, columns, to, to_columns) %}

    select child.*
    from {{ model }} as child
    where
        {% for column in columns -%}
            child.{{ column }} is not null
            {%- if not loop.last %} and {% endif %}
        {% endfor %}
        and not exists (
            select 1
            from {{ to }} as parent
            where
                {% for column in columns -%}
                    parent.{{ to_columns[loop.index0] }} = child.{{ column }}
                    {%- if not loop.last %} and {% endif %}
                {% endfor %}
        )

{% endtest %}
