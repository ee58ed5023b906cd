"""What the site shows, read from the marts as the BI reader role (nothing else is needed).

One connection, six queries, every row of the marts the site draws on: the site is small
(a measure has at most one row per quarter), so grouping happens in Python rather than in
one query per page. Every row carries its council; :meth:`SiteData.for_council` is one
council's share of them, which is all any page is drawn from.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any

import psycopg
from psycopg.rows import dict_row

from scorecard.errors import StepFailed
from scorecard.settings import Settings, libpq_url

Row = dict[str, Any]

COUNCILS = """
select council_id, council_name, first_period_end, last_period_end, quarters_loaded,
    measure_count, sample_quarter_count, is_sample_data
from marts.dim_council
order by council_name, council_id
"""

QUARTERS = """
select council_id, period_end, quarter_label, quarter_code, financial_year, fiscal_quarter, has_report,
    report_count, current_report_sha256, current_report_source_uri, current_report_found_by,
    current_report_found_on, current_report_link_text, measure_count, is_exception_report,
    is_sample_data
from marts.dim_quarter
order by quarter_index
"""

MEASURES = """
select council_id, measure_code, measure_title, directorate, unit, unit_kind, accumulation,
    accumulation_source, accumulation_evidence, frequency, frequency_source, polarity,
    polarity_source, first_period_end, last_period_end, quarters_reported, quarters_at_red
from marts.dim_measure
where quarters_reported > 0
order by directorate, measure_code
"""

FACTS = """
select council_id, measure_code, period_end, quarter_index, quarter_label, financial_year,
    fiscal_quarter,
    directorate, measure_title, quarterly_status, forecast_status, quarterly_target,
    quarterly_actual, forecast_target, forecast_actual, quarterly_target_text,
    quarterly_actual_text, forecast_target_text, forecast_actual_text, unit, unit_kind,
    accumulation, frequency, direction_of_travel, polarity, variance, variance_better,
    is_on_target, prior_year_actual, previous_quarter_actual, change_basis, change_since,
    change_from_actual, actual_change, change_pp, change_pct, change_better,
    change_better_unit, consecutive_red_quarters, is_provisional, is_revised,
    first_published_quarterly_actual, report_version_count, report_sha256, first_page,
    last_page, pages, context, improvement_actions, intervention_review
from marts.fct_measure_quarter
order by measure_code, quarter_index
"""

# the earlier issues of a re-issued quarter: what was said before the revision
EARLIER_VERSIONS = """
select council_id, measure_code, period_end, report_sha256, report_version_number,
    quarterly_status, quarterly_actual, quarterly_actual_text, forecast_actual_text
from marts.fct_measure_quarter_versions
where not is_current_version
order by measure_code, period_end, report_version_number
"""

DIRECTORATES = """
select council_id, directorate, period_end, quarter_label, measure_count, red_count, amber_count,
    green_count, blue_count, not_applicable_count, annual_collection_count, no_status_count,
    on_target_count, assessed_count, on_target_share
from marts.fct_directorate_quarter
order by directorate, quarter_index
"""


class EmptyMarts(StepFailed):
    """The marts hold no quarter yet: there is nothing to draw."""


@dataclass(frozen=True)
class SiteData:
    """Every mart row the site draws on."""

    quarters: list[Row]
    measures: list[Row]
    facts: list[Row]
    earlier_versions: list[Row]
    directorates: list[Row]
    councils: list[Row] = field(default_factory=list)
    """``dim_council``'s rows: one per council (none for data made without it)."""

    def for_council(self, council_id: str) -> SiteData:
        """Only the rows of one council (``councils`` too): what its pages are drawn from."""
        return replace(
            self,
            **{
                f.name: [row for row in getattr(self, f.name) if row["council_id"] == council_id]
                for f in fields(self)
            },
        )

    @property
    def latest_period_end(self) -> Any:
        """The latest quarter with a report (the overview's quarter)."""
        return max(row["period_end"] for row in self.facts)

    @property
    def reported_quarters(self) -> list[Row]:
        """The ``dim_quarter`` rows of the quarters with measures, in time order."""
        with_facts = {row["period_end"] for row in self.facts}
        return [q for q in self.quarters if q["period_end"] in with_facts]


def read_site_data(settings: Settings) -> SiteData:
    """Read the marts as the BI reader; raise :class:`EmptyMarts` when nothing is loaded."""
    with psycopg.connect(libpq_url(settings.reader_url), row_factory=dict_row) as conn:
        data = SiteData(
            councils=conn.execute(COUNCILS).fetchall(),
            quarters=conn.execute(QUARTERS).fetchall(),
            measures=conn.execute(MEASURES).fetchall(),
            facts=conn.execute(FACTS).fetchall(),
            earlier_versions=conn.execute(EARLIER_VERSIONS).fetchall(),
            directorates=conn.execute(DIRECTORATES).fetchall(),
        )
    if not data.facts:
        raise EmptyMarts("the marts are empty: run `make run` (or `scorecard backfill`) first")
    return data
