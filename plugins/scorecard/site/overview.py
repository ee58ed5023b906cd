"""The overview of each quarter (one per quarter with a report, the latest also as the site's
front page): the measures by status per directorate, the share on target over every quarter,
the measures Red for the longest run, the biggest movers (like for like, ranked within each
unit kind), and every measure of the quarter with the council's direction of travel beside the
change computed from the figures. A quarter picker links every quarter's overview. When the
report is an exception report, the page says so and labels every share "of the measures in the
report". Every table has its CSV (:mod:`scorecard.site.tables`); the pieces it shares with the
directorate pages are in :mod:`scorecard.site.blocks`.
"""

from __future__ import annotations

from typing import Any

from scorecard.site.blocks import (
    directorates_table,
    legend,
    measure_row,
    measures_table,
    mover_row,
    share_rows,
    status_bars,
)
from scorecard.site.comparisons import UNIT_KINDS, not_ranked, rank_movers
from scorecard.site.data import Row, SiteData
from scorecard.site.figures import status_class
from scorecard.site.palette import STATUSES, status_key
from scorecard.site.tables import Table

TOP = 8
TOP_MOVERS = 3


def quarter_csv(code: str, what: str) -> str:
    """Where a quarter's table is written (relative to the site's root)."""
    return f"csv/quarter-{code}-{what}.csv"


def overview_context(
    data: SiteData, quarter: Row, slugs: dict[str, str], share_svg: str | None
) -> dict[str, Any]:
    """Everything the overview template shows for ``quarter`` (a ``dim_quarter`` row), and the
    tables of its CSV files (``tables``)."""
    facts = [row for row in data.facts if row["period_end"] == quarter["period_end"]]
    code = quarter["quarter_code"]
    counts: dict[str, int] = {}
    for row in facts:
        key = status_key(row["quarterly_status"])
        counts[key] = counts.get(key, 0) + 1
    directorates = [r for r in data.directorates if r["period_end"] == quarter["period_end"]]
    on_target = sum(r["on_target_count"] or 0 for r in directorates)
    assessed = sum(r["assessed_count"] or 0 for r in directorates)
    longest = [
        row
        for row in sorted(facts, key=lambda r: (-r["consecutive_red_quarters"], r["measure_code"]))
        if row["consecutive_red_quarters"] > 0
    ][:TOP]
    movers = rank_movers(facts, TOP_MOVERS)
    tables = {
        "measures": measures_table(quarter_csv(code, "measures"), facts),
        "directorates": directorates_table(quarter_csv(code, "directorates"), directorates),
        "longest_red": Table(
            quarter_csv(code, "longest-red"),
            (
                "measure_code",
                "measure_title",
                "consecutive_red_quarters",
                "quarterly_actual",
                "quarterly_target",
            ),
            [
                (
                    r["measure_code"],
                    r["measure_title"],
                    r["consecutive_red_quarters"],
                    r["quarterly_actual"],
                    r["quarterly_target"],
                )
                for r in longest
            ],
        ),
        "movers": Table(
            quarter_csv(code, "movers"),
            (
                "unit_kind",
                "rank",
                "measure_code",
                "measure_title",
                "change_better",
                "change_better_unit",
                "change_since",
                "compared_actual",
                "quarterly_actual",
                "unit",
                "direction_of_travel_council",
            ),
            [
                (
                    kind,
                    position,
                    r["measure_code"],
                    r["measure_title"],
                    r["change_better"],
                    r["change_better_unit"],
                    r["change_since"],
                    r["change_from_actual"],
                    r["quarterly_actual"],
                    r["unit"],
                    r["direction_of_travel"],
                )
                for kind, rows in movers
                for position, r in enumerate(rows, 1)
            ],
        ),
    }
    return {
        "quarter": quarter,
        "quarter_label": quarter["quarter_label"],
        "period_end": quarter["period_end"],
        "is_exception_report": bool(quarter["is_exception_report"]),
        "picker": _picker(data, quarter),
        "tiles": [(s, counts[s], status_class(s)) for s in STATUSES if s in counts],
        "measure_count": len(facts),
        "on_target": on_target,
        "assessed": assessed,
        "share": f"{on_target / assessed:.0%}" if assessed else None,
        "bars": status_bars(
            [(row["directorate"], status_key(row["quarterly_status"])) for row in facts]
        ),
        "legend": legend(status_key(row["quarterly_status"]) for row in facts),
        "share_chart": share_svg,
        "unassessed_quarters": _unassessed(data),
        "longest_red": [measure_row(row, slugs) for row in longest],
        "movers": [
            (UNIT_KINDS[kind], [mover_row(row, slugs) for row in rows]) for kind, rows in movers
        ],
        "not_ranked": [
            {**measure_row(row, slugs), "reason": reason} for row, reason in not_ranked(facts)
        ],
        "by_directorate": _grouped(facts, slugs),
        "tables": tables,
        "csv": {name: table.path for name, table in tables.items()},
    }


def _picker(data: SiteData, current: Row) -> list[tuple[str, list[dict[str, Any]]]]:
    """Every quarter from the first to the last report, grouped by financial year; a quarter
    without measures is listed without a link."""
    with_facts = {row["period_end"] for row in data.facts}
    years: dict[str, list[dict[str, Any]]] = {}
    for q in data.quarters:
        years.setdefault(q["financial_year"], []).append(
            {
                "label": f"Q{q['fiscal_quarter']}",
                "title": q["quarter_label"],
                "code": q["quarter_code"],
                "linked": q["period_end"] in with_facts,
                "current": q["period_end"] == current["period_end"],
            }
        )
    return list(years.items())


def _grouped(facts: list[Row], slugs: dict[str, str]) -> list[tuple[str, list[dict[str, Any]]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in sorted(facts, key=lambda r: (r["directorate"], r["measure_code"])):
        groups.setdefault(row["directorate"], []).append(measure_row(row, slugs))
    return list(groups.items())


def _unassessed(data: SiteData) -> list[str]:
    assessed = {row["quarter"] for row in share_rows(data.directorates)}
    return [
        q["quarter_label"] for q in data.reported_quarters if q["quarter_label"] not in assessed
    ]
