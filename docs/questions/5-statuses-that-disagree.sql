-- Quarterly and year-end forecast statuses that disagree (both a RAG or Blue status).
select
    f.council_id,
    f.quarter_label,
    f.measure_code,
    f.quarterly_status,
    f.forecast_status
from marts.fct_measure_quarter as f
where
    f.quarterly_status in ('Red', 'Amber', 'Green', 'Blue')
    and f.forecast_status in ('Red', 'Amber', 'Green', 'Blue')
    and f.quarterly_status <> f.forecast_status
order by f.council_id, f.quarter_index, f.measure_code;
