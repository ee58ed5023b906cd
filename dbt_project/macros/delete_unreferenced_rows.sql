{#
    Post-hook of the incremental dimensions: delete the rows that `keep_condition` (SQL about
    the row `existing`) no longer keeps, but only once no table in `referencing` (models in the
    same schema, joined on `key_columns`, a column name or a list of them) refers to them. The
    facts delete their own stale rows after the dimensions are built, so a measure or quarter
    that left the data leaves its dimension at the next build; deleting it earlier would break
    the facts' foreign keys. Does nothing on a full refresh (the model's query already left the
    row out).
#}
{% macro delete_unreferenced_rows(key_columns, keep_condition, referencing) %}
    {%- set keys = [key_columns] if key_columns is string else key_columns %}
    {% if is_incremental() %}
        delete from {{ this }} as existing
        where
            not ({{ keep_condition }})
            {% for name in referencing %}
                {%- set relation = adapter.get_relation(
                    database=this.database, schema=this.schema, identifier=name) %}
                {%- if relation is not none %}
            and not exists (
                select 1 from {{ relation }} as referring
                where
                    {% for key in keys -%}
                        referring.{{ key }} = existing.{{ key }}
                        {%- if not loop.last %} and {% endif %}
                    {% endfor %}
            )
                {%- endif %}
            {% endfor %}
    {% else %}
        select 1
    {% endif %}
{% endmacro %}
