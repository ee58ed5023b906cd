-- Year-on-year change in each council's latest quarter: each measure against the same quarter
-- a year before, in percentage points for percentages and in per cent otherwise, and whether
-- that is better, by the measure's polarity (null when the polarity is unknown).
select
    f.council_id,
    f.measure_code,
    f.quarter_label,
    f.unit_kind,
    f.prior_year_actual,
    f.quarterly_actual,
    case
        when f.unit_kind = 'percentage' then f.quarterly_actual - f.prior_year_actual
    end as change_pp,
    case
        when f.unit_kind <> 'percentage' and f.prior_year_actual <> 0
            then round(100.0 * (f.quarterly_actual - f.prior_year_actual) / abs(f.prior_year_actual), 1)
    end as change_pct,
    case f.polarity
        when 'higher_is_better' then 1
        when 'lower_is_better' then -1
    end * (f.quarterly_actual - f.prior_year_actual) > 0 as is_better
from marts.fct_measure_quarter as f
where
    f.period_end = (
        select max(latest.period_end) from marts.fct_measure_quarter as latest
        where latest.council_id = f.council_id
    )
    and f.prior_year_actual is not null
    and f.quarterly_actual is not null
order by f.council_id, f.unit_kind, f.measure_code;
