-- Measures Red for four or more reported quarters in a row, as of the latest quarter each was
-- reported in (a quarter the report left a measure out of breaks its run), per council.
select
    f.council_id,
    f.measure_code,
    m.measure_title,
    m.directorate,
    f.quarter_label as latest_quarter,
    f.consecutive_red_quarters
from marts.fct_measure_quarter as f
inner join marts.dim_measure as m
    on f.council_id = m.council_id and f.measure_code = m.measure_code
where
    f.period_end = m.last_period_end
    and f.consecutive_red_quarters >= 4
order by f.council_id, f.consecutive_red_quarters desc, f.measure_code;
