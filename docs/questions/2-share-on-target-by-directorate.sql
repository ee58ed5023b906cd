-- Share on target per directorate per quarter, of the measures in each report that could be
-- assessed (an exception report lists only measures that need improvement), per council.
select
    d.council_id,
    q.quarter_label,
    d.directorate,
    d.measure_count,
    d.assessed_count,
    d.on_target_count,
    d.on_target_share
from marts.fct_directorate_quarter as d
inner join marts.dim_quarter as q
    on d.council_id = q.council_id and d.period_end = q.period_end
order by d.council_id, q.quarter_index, d.directorate;
