{#
    Generic test: the combination of `combination_of_columns` is unique in the model
    (our own version of dbt_utils.unique_combination_of_columns; no hub packages here).
    Fails with one row per duplicated key.
#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

    {%- set columns_csv = combination_of_columns | join(', ') %}

    select
        {{ columns_csv }},
        count(*) as n_records
    from {{ model }}
    group by {{ columns_csv }}
    having count(*) > 1

{% endtest %}
