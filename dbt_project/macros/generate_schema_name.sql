{#
    Use the custom schema name verbatim (staging, intermediate, marts): the schemas are created
    by the warehouse migrations and owned by the transformer role, so dbt must not prefix them
    with the target schema as it does by default.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
