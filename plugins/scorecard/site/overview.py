"""The overview of each quarter and the page of each directorate.

Overview (one per quarter with a report, the latest also as the site's front page): the
measures by status per directorate, the share on target over every quarter, the measures Red
for the longest run, the biggest movers (like for like, ranked within each unit kind), and
every measure of the quarter with the council's direction of travel beside the change
computed from the figures. A quarter picker links every quarter's overview. When the report
is an exception report, the page says so and labels every share "of the measures in the
report".

A directorate page: its statuses and share on target quarter by quarter, and its measures.
Every table has its CSV (:mod:`scorecard.site.tables`).
"""

from __future__ import annotations

from typing import Any

from scorecard.site.comparisons import (
    UNIT_KINDS,
    change_text,
    computed_change,
    not_ranked,
    rank_movers,
    verdict,
)
from scorecard.site.data import Row, SiteData
from scorecard.site.figures import figure, number, status_class, status_label
from scorecard.site.palette import PATTERN_NAMES, STATUSES, status_key
from scorecard.site.tables import Table

TOP = 8
TOP_MOVERS = 3
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
        "measures": _measures_table(quarter_csv(code, "measures"), facts),
        "directorates": _directorates_table(quarter_csv(code, "directorates"), directorates),
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
        "legend": _legend(status_key(row["quarterly_status"]) for row in facts),
        "share_chart": share_svg,
        "unassessed_quarters": _unassessed(data),
        "longest_red": [_measure_row(row, slugs) for row in longest],
        "movers": [
            (UNIT_KINDS[kind], [_mover_row(row, slugs) for row in rows]) for kind, rows in movers
        ],
        "not_ranked": [
            {**_measure_row(row, slugs), "reason": reason} for row, reason in not_ranked(facts)
        ],
        "by_directorate": _grouped(facts, slugs),
        "tables": tables,
        "csv": {name: table.path for name, table in tables.items()},
    }


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
            **_measure_row(latest[m["measure_code"]], slugs),
            "last_quarter": latest[m["measure_code"]]["quarter_label"],
            "quarters_reported": m["quarters_reported"],
            "quarters_at_red": m["quarters_at_red"],
        }
        for m in measures
        if m["measure_code"] in latest
    ]
    tables = {
        "quarters": _directorates_table(f"csv/directorate-{slug}-quarters.csv", rows),
        "measures": _measures_table(
            f"csv/directorate-{slug}-measures.csv",
            [latest[m["measure_code"]] for m in measures if m["measure_code"] in latest],
        ),
        "share": share_table(f"csv/directorate-{slug}-share-on-target.csv", share_rows(rows)),
    }
    return {
        "name": name,
        "is_exception_report": any(q["is_exception_report"] for q in data.reported_quarters),
        "bars": status_bars(pairs),
        "legend": _legend(status for _, status in pairs),
        "share_chart": share_svg,
        "quarters": rows,
        "measures": shown,
        "tables": tables,
        "csv": {key: table.path for key, table in tables.items()},
    }


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


def _legend(statuses: Any) -> list[dict[str, str]]:
    present = set(statuses)
    return [
        {"status": s, "css": status_class(s), "pattern": PATTERN_NAMES[s]}
        for s in STATUSES
        if s in present
    ]


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


def _measure_row(row: Row, slugs: dict[str, str]) -> dict[str, Any]:
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


def _mover_row(row: Row, slugs: dict[str, str]) -> dict[str, Any]:
    return {
        **_measure_row(row, slugs),
        "change": change_text(row),
        "since": row["change_since"],
        "before": number(row["change_from_actual"], row["unit"]),
        "now": number(row["quarterly_actual"], row["unit"]),
    }


def _grouped(facts: list[Row], slugs: dict[str, str]) -> list[tuple[str, list[dict[str, Any]]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in sorted(facts, key=lambda r: (r["directorate"], r["measure_code"])):
        groups.setdefault(row["directorate"], []).append(_measure_row(row, slugs))
    return list(groups.items())


def _measures_table(path: str, facts: list[Row]) -> Table:
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


def _directorates_table(path: str, rows: list[Row]) -> Table:
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


def _unassessed(data: SiteData) -> list[str]:
    assessed = {row["quarter"] for row in share_rows(data.directorates)}
    return [
        q["quarter_label"] for q in data.reported_quarters if q["quarter_label"] not in assessed
    ]
