{#
    Polarity-aware comparisons of an actual with its target or an earlier actual. `polarity` is
    'higher_is_better', 'lower_is_better' or 'unknown'; with an unknown polarity, a missing
    value or (for a percentage of it) a zero base the answer is null, never a guess.
#}

{% macro is_on_target(actual, target, polarity) -%}
    case
        when {{ actual }} is null or {{ target }} is null then null
        when {{ polarity }} = 'higher_is_better' then {{ actual }} >= {{ target }}
        when {{ polarity }} = 'lower_is_better' then {{ actual }} <= {{ target }}
    end
{%- endmacro %}

{#- `value` (a difference: later minus earlier, actual minus target) signed so that a positive
    result is better: as is when higher is better, negated when lower is better -#}
{% macro signed_better(value, polarity) -%}
    case
        when {{ polarity }} = 'higher_is_better' then {{ value }}
        when {{ polarity }} = 'lower_is_better' then -({{ value }})
    end
{%- endmacro %}

{#- 100 * (value - base) / |base|, rounded to 4 decimals; null for a zero or missing base -#}
{% macro percent_change(value, base) -%}
    case
        when {{ base }} <> 0
            then round(100.0 * ({{ value }} - {{ base }}) / abs({{ base }}), 4)
    end
{%- endmacro %}
