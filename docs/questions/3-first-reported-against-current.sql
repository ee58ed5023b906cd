-- Figures a re-issued report revised: as first reported against the current figure.
select
    f.council_id,
    f.measure_code,
    f.quarter_label,
    f.first_published_quarterly_actual as first_reported,
    f.quarterly_actual as current_figure,
    f.quarterly_actual - f.first_published_quarterly_actual as revision,
    f.report_version_count
from marts.fct_measure_quarter as f
where f.is_revised
order by f.council_id, f.quarter_index, f.measure_code;
