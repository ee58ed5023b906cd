{#
    Post-hook of the marts: `analyze` the relation when it was rebuilt (a table model, or an
    incremental model on a full refresh); nothing on an incremental merge, whose cost must not
    grow with the history.
#}
{% macro analyze_after_rebuild() %}
    {% if config.get('materialized') != 'incremental' or should_full_refresh() %}
        analyze {{ this }}
    {% else %}
        select 1
    {% endif %}
{% endmacro %}
