{#
    A stable text key from several columns (md5 of the values joined by '|', nulls as '');
    our own version of dbt_utils.generate_surrogate_key.
#}
{% macro surrogate_key(columns) -%}
    md5(
        {%- for column in columns %}
        coalesce(cast({{ column }} as text), '')
        {%- if not loop.last %} || '|' || {% endif -%}
        {%- endfor %}
    )
{%- endmacro %}
