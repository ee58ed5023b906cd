{#
    What one status next to a numeric target and actual says about polarity:
      Blue/Green and actual below target  -> 'lower_is_better' (it beat the target by being lower)
      Blue/Green and actual above target  -> 'higher_is_better'
      Red/Amber  and actual below target  -> 'higher_is_better' (it missed by being lower)
      Red/Amber  and actual above target  -> 'lower_is_better'
    Null when the figures are equal, missing or text, or the status is N/A / Annual Collection.
#}
{% macro polarity_vote(status, target, actual) -%}
    case
        when {{ status }} in ('Blue', 'Green') and {{ actual }} < {{ target }}
            then 'lower_is_better'
        when {{ status }} in ('Blue', 'Green') and {{ actual }} > {{ target }}
            then 'higher_is_better'
        when {{ status }} in ('Red', 'Amber') and {{ actual }} < {{ target }}
            then 'higher_is_better'
        when {{ status }} in ('Red', 'Amber') and {{ actual }} > {{ target }}
            then 'lower_is_better'
    end
{%- endmacro %}
