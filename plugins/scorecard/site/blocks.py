"""Pieces the overview of a quarter and the page of a directorate both draw: status bars and
their legend, the share on target over the quarters, a measure's row, and the CSV tables of
measures and directorate counts (:mod:`scorecard.site.tables`).
"""

from __future__ import annotations

from typing import Any

from scorecard.site.comparisons import change_text, computed_change, verdict
from scorecard.site.data import Row
from scorecard.site.figures import figure, number, status_class, status_label
from scorecard.site.palette import PATTERN_NAMES, STATUSES
from scorecard.site.tables import Table

COUNT_COLUMNS = dict(
    zip(
        STATUSES,
        (
            "red_count",
            "amber_count",
            "green_count",
            "blue_count",
            "not_applicable_count",
            "annual_collection_count",
            "no_status_count",
        ),
        strict=True,
    )
)
"""The ``marts.fct_directorate_quarter`` column counting each legend entry."""

MEASURE_COLUMNS = (
    "measure_code",
    "measure_title",
    "directorate",
    "quarterly_status",
    "quarterly_actual",
    "quarterly_actual_as_printed",
    "quarterly_target",
    "quarterly_target_as_printed",
    "unit",
    "unit_kind",
    "accumulation",
    "variance_better",
    "change_since",
    "change_better",
    "change_better_unit",
    "direction_of_travel_council",
    "consecutive_red_quarters",
)


def share_rows(directorates: list[Row]) -> list[dict[str, Any]]:
    """Share on target of the measures in the report, per quarter (quarters with none
    assessed left out), for the share chart and its CSV."""
    totals: dict[str, list[Any]] = {}
    for row in directorates:
        total = totals.setdefault(row["quarter_label"], [0, 0, row["period_end"]])
        total[0] += row["on_target_count"] or 0
        total[1] += row["assessed_count"] or 0
    return [
        {
            "quarter": q,
            "period_end": period_end,
            "on_target": on,
            "assessed": assessed,
            "share": on / assessed,
            "label": f"{on / assessed:.0%}",
            "detail": f"{on} of {assessed} assessed",
            "segment": "all",
        }
        for q, (on, assessed, period_end) in totals.items()
        if assessed
    ]


def share_table(path: str, rows: list[dict[str, Any]]) -> Table:
    """The CSV of a share chart."""
    return Table(
        path,
        ("quarter", "period_end", "on_target", "assessed", "on_target_share"),
        [
            (r["quarter"], r["period_end"], r["on_target"], r["assessed"], round(r["share"], 4))
            for r in rows
        ],
    )


def status_bars(pairs: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """Stacked bars from (category, status) pairs: for each category its segments in status
    order with their counts, and its length relative to the longest bar (in %)."""
    counts: dict[str, dict[str, int]] = {}
    for category, status in pairs:
        per = counts.setdefault(category, {})
        per[status] = per.get(status, 0) + 1
    longest = max((sum(per.values()) for per in counts.values()), default=0)
    return [
        {
            "category": category,
            "total": sum(per.values()),
            "width": round(100 * sum(per.values()) / longest, 2),
            "segments": [
                {
                    "status": status,
                    "count": per[status],
                    "css": status_class(status),
                    "grow": per[status],
                }
                for status in STATUSES
                if status in per
            ],
            "summary": ", ".join(f"{status} {per[status]}" for status in STATUSES if status in per),
        }
        for category, per in counts.items()
    ]


def legend(statuses: Any) -> list[dict[str, str]]:
    """The legend entries of the statuses present, in the scorecard's order."""
    present = set(statuses)
    return [
        {"status": s, "css": status_class(s), "pattern": PATTERN_NAMES[s]}
        for s in STATUSES
        if s in present
    ]


def measure_row(row: Row, slugs: dict[str, str]) -> dict[str, Any]:
    """A measure's row of a table: code, title, status, figures, change and direction."""
    return {
        "code": row["measure_code"],
        "title": row["measure_title"],
        "slug": slugs[row["measure_code"]],
        "status": status_label(row["quarterly_status"]),
        "status_class": status_class(row["quarterly_status"]),
        "actual": figure(row["quarterly_actual"], row["quarterly_actual_text"], row["unit"]),
        "target": figure(row["quarterly_target"], row["quarterly_target_text"], row["unit"]),
        "red_run": row["consecutive_red_quarters"],
        "directorate": row["directorate"],
        "direction": row["direction_of_travel"] or "-",
        "computed": computed_change(row),
        "verdict": verdict(row),
    }


def mover_row(row: Row, slugs: dict[str, str]) -> dict[str, Any]:
    """A mover's row: its measure row with the change and the figures it compares."""
    return {
        **measure_row(row, slugs),
        "change": change_text(row),
        "since": row["change_since"],
        "before": number(row["change_from_actual"], row["unit"]),
        "now": number(row["quarterly_actual"], row["unit"]),
    }


def measures_table(path: str, facts: list[Row]) -> Table:
    """The CSV of measures' rows (``MEASURE_COLUMNS``), by directorate and code."""
    return Table(
        path,
        MEASURE_COLUMNS,
        [
            (
                r["measure_code"],
                r["measure_title"],
                r["directorate"],
                r["quarterly_status"],
                r["quarterly_actual"],
                r["quarterly_actual_text"],
                r["quarterly_target"],
                r["quarterly_target_text"],
                r["unit"],
                r["unit_kind"],
                r["accumulation"],
                r["variance_better"],
                r["change_since"],
                r["change_better"],
                r["change_better_unit"],
                r["direction_of_travel"],
                r["consecutive_red_quarters"],
            )
            for r in sorted(facts, key=lambda r: (r["directorate"], r["measure_code"]))
        ],
    )


def directorates_table(path: str, rows: list[Row]) -> Table:
    """The CSV of directorate counts per quarter."""
    columns = (
        "directorate",
        "quarter",
        "period_end",
        "measure_count",
        *COUNT_COLUMNS.values(),
        "on_target_count",
        "assessed_count",
        "on_target_share",
    )
    return Table(
        path,
        columns,
        [
            (
                r["directorate"],
                r["quarter_label"],
                r["period_end"],
                r["measure_count"],
                *(r[c] for c in COUNT_COLUMNS.values()),
                r["on_target_count"],
                r["assessed_count"],
                r["on_target_share"],
            )
            for r in rows
        ],
    )
