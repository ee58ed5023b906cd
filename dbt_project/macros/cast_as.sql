{#
    Staging casts: each column of `columns` cast to `type` under its own name, comma-separated
    (the figures as numeric, page numbers as integer).
#}
{% macro cast_as(type, columns) -%}
    {%- for column in columns -%}
        cast({{ column }} as {{ type }}) as {{ column }}{{ ",\n        " if not loop.last }}
    {%- endfor -%}
{%- endmacro %}
