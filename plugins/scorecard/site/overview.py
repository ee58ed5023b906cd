"""The overview of the latest quarter and the page of each directorate.

Overview: measures by status per directorate, the share of assessed measures on target over
every quarter, the measures Red for the longest run, the biggest movers since the previous
reported quarter, and every measure of the quarter. A directorate page: its statuses and
share on target quarter by quarter, and its measures.
"""

from __future__ import annotations

from typing import Any

from scorecard.site import charts
from scorecard.site.data import Row, SiteData
from scorecard.site.figures import better_pct, figure, status_class, status_label

TOP = 8
COUNT_COLUMNS = dict(
    zip(
        charts.STATUSES,
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


def reported_quarters(data: SiteData) -> list[str]:
    """Every quarter label from the first to the last report, gaps included (the time axis)."""
    return [q["quarter_label"] for q in data.quarters]


def overview_context(data: SiteData, slugs: dict[str, str]) -> dict[str, Any]:
    """Everything the overview template shows."""
    latest = data.latest_period_end
    facts = [row for row in data.facts if row["period_end"] == latest]
    label = facts[0]["quarter_label"]
    counts: dict[str, int] = {}
    for row in facts:
        key = charts.status_key(row["quarterly_status"])
        counts[key] = counts.get(key, 0) + 1
    bars = _stack(
        [(row["directorate"], charts.status_key(row["quarterly_status"])) for row in facts]
    )
    share_rows = _share_by_quarter(data.directorates)
    movers = [(better_pct(row), row) for row in facts]
    ranked = sorted((m for m in movers if m[0] is not None), key=lambda m: -abs(m[0] or 0))
    return {
        "quarter_label": label,
        "period_end": latest,
        "tiles": [(s, counts[s], status_class(s)) for s in charts.STATUSES if s in counts],
        "measure_count": len(facts),
        "share": _latest_share(share_rows, label),
        "status_chart": charts.status_bars(bars, "directorate", "Directorate"),
        "share_chart": (
            charts.share_chart(share_rows, reported_quarters(data)) if share_rows else None
        ),
        "unassessed_quarters": _unassessed(data, share_rows),
        "longest_red": [
            _measure_row(row, slugs)
            for row in sorted(
                facts, key=lambda r: (-r["consecutive_red_quarters"], r["measure_code"])
            )
            if row["consecutive_red_quarters"] > 0
        ][:TOP],
        "movers": [
            {
                **_measure_row(row, slugs),
                "better": f"{pct:+.1f}%",
                "improved": pct > 0,
                "previous": figure(row["previous_quarterly_actual"], None, row["unit"]),
            }
            for pct, row in ranked[:TOP]
            if pct is not None
        ],
        "by_directorate": _grouped(facts, slugs),
    }


def directorate_context(data: SiteData, name: str, slugs: dict[str, str]) -> dict[str, Any]:
    """Everything a directorate's template shows."""
    rows = [row for row in data.directorates if row["directorate"] == name]
    bars = _stack(
        [
            (row["quarter_label"], status)
            for row in rows
            for status, column in COUNT_COLUMNS.items()
            for _ in range(row[column] or 0)
        ]
    )
    share_rows = _share_by_quarter(rows)
    measures = [m for m in data.measures if m["directorate"] == name]
    latest = {row["measure_code"]: row for row in data.facts}  # facts are in quarter order
    return {
        "name": name,
        "trend_chart": charts.status_bars(bars, "quarter", "Quarter") if bars else None,
        "share_chart": (
            charts.share_chart(share_rows, reported_quarters(data)) if share_rows else None
        ),
        "quarters": rows,
        "measures": [
            {
                **_measure_row(latest[m["measure_code"]], slugs),
                "last_quarter": latest[m["measure_code"]]["quarter_label"],
                "quarters_reported": m["quarters_reported"],
                "quarters_at_red": m["quarters_at_red"],
            }
            for m in measures
            if m["measure_code"] in latest
        ],
    }


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
    }


def _grouped(facts: list[Row], slugs: dict[str, str]) -> list[tuple[str, list[dict[str, Any]]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in sorted(facts, key=lambda r: (r["directorate"], r["measure_code"])):
        groups.setdefault(row["directorate"], []).append(_measure_row(row, slugs))
    return list(groups.items())


def _stack(pairs: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """Bar segments from (category, status) pairs: counts, stack order and label position."""
    counts: dict[tuple[str, str], int] = {}
    for pair in pairs:
        counts[pair] = counts.get(pair, 0) + 1
    out, base = [], dict.fromkeys((c for c, _ in counts), 0)
    for (category, status), measures in sorted(
        counts.items(), key=lambda item: charts.STATUSES.index(item[0][1])
    ):
        order = charts.STATUSES.index(status)
        out.append(
            {
                "category": category,
                "status": status,
                "measures": measures,
                "order": order,
                "mid": base[category] + measures / 2,
            }
        )
        base[category] += measures
    return out


def _share_by_quarter(rows: list[Row]) -> list[dict[str, Any]]:
    """Share of assessed measures on target per quarter (quarters with none assessed left out)."""
    totals: dict[str, list[int]] = {}
    for row in rows:
        total = totals.setdefault(row["quarter_label"], [0, 0])
        total[0] += row["on_target_count"] or 0
        total[1] += row["assessed_count"] or 0
    return [
        {
            "quarter": q,
            "share": on / assessed,
            "label": f"{on / assessed:.0%}",
            "detail": f"{on} of {assessed}",
        }
        for q, (on, assessed) in totals.items()
        if assessed
    ]


def _latest_share(rows: list[dict[str, Any]], label: str) -> str | None:
    return next(
        (f"{row['label']} ({row['detail']})" for row in rows if row["quarter"] == label), None
    )


def _unassessed(data: SiteData, share_rows: list[dict[str, Any]]) -> list[str]:
    assessed = {row["quarter"] for row in share_rows}
    return [
        q["quarter_label"]
        for q in data.quarters
        if q["has_report"] and q["quarter_label"] not in assessed
    ]
