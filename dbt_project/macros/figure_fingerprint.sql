{#
    One text value standing for everything a report says about a measure's figures (statuses,
    targets, actuals, their printed forms, unit, direction of travel), so that two versions of a
    measure can be compared for a revision in one expression. Commentary and titles are left
    out: rewording is not a revised figure.
#}
{% macro figure_fingerprint() -%}
    concat_ws(
        '|',
        coalesce(quarterly_status, '~'),
        coalesce(forecast_status, '~'),
        coalesce(cast(quarterly_target as text), '~'),
        coalesce(cast(quarterly_actual as text), '~'),
        coalesce(cast(forecast_target as text), '~'),
        coalesce(cast(forecast_actual as text), '~'),
        coalesce(quarterly_target_text, '~'),
        coalesce(quarterly_actual_text, '~'),
        coalesce(forecast_target_text, '~'),
        coalesce(forecast_actual_text, '~'),
        coalesce(unit, '~'),
        coalesce(direction_of_travel, '~')
    )
{%- endmacro %}
