"""Helpers of the site tests (a module of its own: ``from conftest import`` is ambiguous)."""

from __future__ import annotations

import dataclasses
from typing import Any

import psycopg
from dbtkit import on_database
from psycopg.rows import dict_row

from scorecard.settings import Settings, libpq_url
from scorecard.site.data import SiteData

__all__ = ["on_database"]

HOSTILE = '<script>window.PWNED=1</script><img src=x onerror="window.PWNED=2">'


def mart_rows(settings: Settings, query: str, *params: Any) -> list[dict[str, Any]]:
    """Rows of a query on the marts, as the BI reader."""
    with psycopg.connect(libpq_url(settings.reader_url), row_factory=dict_row) as conn:
        return conn.execute(query, params).fetchall()


def few(data: SiteData, count: int = 3) -> SiteData:
    """The marts cut down to a few measures (a quicker build for the tests that doctor them)."""
    codes = {row["measure_code"] for row in data.measures[:count]}
    return dataclasses.replace(
        data,
        measures=[row for row in data.measures if row["measure_code"] in codes],
        facts=[row for row in data.facts if row["measure_code"] in codes],
    )


def doctored(data: SiteData, **changes: Any) -> SiteData:
    """The same marts with every fact (and measure) changed as given."""
    facts = [{**row, **{k: v for k, v in changes.items() if k in row}} for row in data.facts]
    keys = set(changes) & {"measure_title", "directorate", "unit"}
    measures = [{**row, **{k: changes[k] for k in keys}} for row in data.measures]
    directorates = [
        {**row, "directorate": changes.get("directorate", row["directorate"])}
        for row in data.directorates
    ]
    source = changes.get("source")
    quarters = [
        {**row, "current_report_source_uri": source or row["current_report_source_uri"]}
        for row in data.quarters
    ]
    return dataclasses.replace(
        data, facts=facts, measures=measures, directorates=directorates, quarters=quarters
    )


def hostile_data(data: SiteData) -> SiteData:
    """A few measures whose every report text is markup, and a ``javascript:`` source."""
    printed = ("measure_title", "directorate", "quarterly_status", "quarterly_actual_text", "unit")
    marked_up = dict.fromkeys((*printed, "context"), HOSTILE)
    return doctored(few(data), **marked_up, source="javascript:window.PWNED=3")
