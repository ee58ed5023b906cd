{#
    Use the custom schema name verbatim (staging, intermediate): the schemas are created by the
    warehouse migrations and owned by the transformer role, so dbt must not prefix them with the
    target schema as it does by default.

    The marts are written and tested in `marts_audit`, which the BI reader cannot see; the
    pipeline swaps it with `marts` only when every model and test passed (write-audit-publish,
    `scorecard.marts.publish_marts`). A plain `dbt build` therefore never changes what the
    reader sees.

    `--vars '{describe_published_marts: true}'` names the published `marts` instead: the dbt
    docs are generated so, after the swap, to describe (and read the column types of) the
    schema the reader queries (`scorecard.transform.docs_generate`); any other command refuses
    it, so that nothing is ever written to `marts` without the audit.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if var('describe_published_marts', false) and flags.WHICH != 'generate' -%}
        {{ exceptions.raise_compiler_error(
            "describe_published_marts is for `dbt docs generate` only: `dbt "
            ~ flags.WHICH ~ "` must write the marts to marts_audit") }}
    {%- endif -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- elif custom_schema_name | trim == 'marts' -%}
        {{ 'marts' if var('describe_published_marts', false) else 'marts_audit' }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
