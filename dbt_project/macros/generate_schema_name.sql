{#
    Use the custom schema name verbatim (staging, intermediate): the schemas are created by the
    warehouse migrations and owned by the transformer role, so dbt must not prefix them with the
    target schema as it does by default.

    The marts are written and tested in `marts_audit`, which the BI reader cannot see; the
    pipeline swaps it with `marts` only when every model and test passed (write-audit-publish,
    `scorecard.marts.publish_marts`). A plain `dbt build` therefore never changes what the
    reader sees.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- elif custom_schema_name | trim == 'marts' -%}
        marts_audit
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
