{#
    Polarity-aware comparisons of an actual with its target. `polarity` is
    'higher_is_better', 'lower_is_better' or 'unknown'; with an unknown polarity, a missing
    value or (for the percentage) a zero target the answer is null, never a guess.
#}

{% macro is_on_target(actual, target, polarity) -%}
    case
        when {{ actual }} is null or {{ target }} is null then null
        when {{ polarity }} = 'higher_is_better' then {{ actual }} >= {{ target }}
        when {{ polarity }} = 'lower_is_better' then {{ actual }} <= {{ target }}
    end
{%- endmacro %}

{#- variance as a percentage of the target, signed so that a positive value is better -#}
{% macro signed_variance_pct(actual, target, polarity) -%}
    case
        when {{ actual }} is null or {{ target }} is null or {{ target }} = 0 then null
        when {{ polarity }} = 'higher_is_better'
            then round(100.0 * ({{ actual }} - {{ target }}) / abs({{ target }}), 4)
        when {{ polarity }} = 'lower_is_better'
            then round(100.0 * ({{ target }} - {{ actual }}) / abs({{ target }}), 4)
    end
{%- endmacro %}
