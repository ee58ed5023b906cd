{#
    Sort keys of a financial quarter, from its last day (30-Jun, 30-Sep, 31-Dec, 31-Mar), the
    same in every mart as in dim_quarter:
      quarter_index         calendar year * 4 + calendar quarter: consecutive quarters differ by
                            exactly 1, the same quarter a year apart by exactly 4;
      financial_year_start  the year the April-March financial year starts (2017 for 2017/18).
#}

{% macro quarter_index(period_end) -%}
    cast(extract(year from {{ period_end }}) as integer) * 4
    + cast(extract(month from {{ period_end }}) as integer) / 3
{%- endmacro %}

{% macro financial_year_start(period_end) -%}
    cast(extract(year from {{ period_end }} - interval '3 months') as integer)
{%- endmacro %}
