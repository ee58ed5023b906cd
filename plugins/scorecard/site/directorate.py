"""The page of each directorate: its statuses and share on target quarter by quarter, and its
measures (with their latest quarter), each table with its CSV."""

from __future__ import annotations

from typing import Any

from scorecard.site.blocks import (
    COUNT_COLUMNS,
    directorates_table,
    legend,
    measure_row,
    measures_table,
    share_rows,
    share_table,
    status_bars,
)
from scorecard.site.data import SiteData


def directorate_context(
    data: SiteData, name: str, slug: str, slugs: dict[str, str], share_svg: str | None
) -> dict[str, Any]:
    """Everything a directorate's template shows, and the tables of its CSV files."""
    rows = [row for row in data.directorates if row["directorate"] == name]
    pairs = [
        (row["quarter_label"], status)
        for row in rows
        for status, column in COUNT_COLUMNS.items()
        for _ in range(row[column] or 0)
    ]
    measures = [m for m in data.measures if m["directorate"] == name]
    latest = {row["measure_code"]: row for row in data.facts}  # facts are in quarter order
    shown = [
        {
            **measure_row(latest[m["measure_code"]], slugs),
            "last_quarter": latest[m["measure_code"]]["quarter_label"],
            "quarters_reported": m["quarters_reported"],
            "quarters_at_red": m["quarters_at_red"],
        }
        for m in measures
        if m["measure_code"] in latest
    ]
    tables = {
        "quarters": directorates_table(f"csv/directorate-{slug}-quarters.csv", rows),
        "measures": measures_table(
            f"csv/directorate-{slug}-measures.csv",
            [latest[m["measure_code"]] for m in measures if m["measure_code"] in latest],
        ),
        "share": share_table(f"csv/directorate-{slug}-share-on-target.csv", share_rows(rows)),
    }
    return {
        "name": name,
        "is_exception_report": any(q["is_exception_report"] for q in data.reported_quarters),
        "bars": status_bars(pairs),
        "legend": legend(status for _, status in pairs),
        "share_chart": share_svg,
        "quarters": rows,
        "measures": shown,
        "tables": tables,
        "csv": {key: table.path for key, table in tables.items()},
    }
