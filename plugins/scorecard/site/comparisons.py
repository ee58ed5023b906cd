"""Biggest movers and changes in words: what the scorecard site and ``scorecard report`` share.

A mover is a measure whose headline change (``marts.fct_measure_quarter.change_better``) is
known: a like-for-like comparison (since the quarter before for a point measure reported
quarterly, since the same quarter last year otherwise), in the measure's own terms
(percentage points for a percentage, per cent for counts, rates and scores) and signed by
polarity. Movers are ranked by the size of that change within each unit kind, never across
kinds: percentage points and per cent are not one scale. A measure whose accumulation is
unknown, whose polarity is unknown or whose figures are text has no such change and is never
ranked; :func:`not_ranked` says why.

Nothing heavy is imported here (no Altair): the end-of-run summary uses it too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

Row = Mapping[str, Any]
R = TypeVar("R", bound=Mapping[str, Any])

UNIT_KINDS: dict[str, str] = {
    "percentage": "Percentages, change in percentage points",
    "rate per N": "Rates, change in per cent",
    "count": "Counts, change in per cent",
    "score": "Scores, change in per cent",
}
"""The unit kinds that can be ranked, in the order they are shown, with their heading."""


def rank_movers(rows: Iterable[R], top: int) -> list[tuple[str, list[R]]]:
    """(unit kind, its ``top`` biggest movers by the size of ``change_better``) for each unit
    kind that has any, in :data:`UNIT_KINDS` order. Ties go by measure code."""
    grouped: dict[str, list[R]] = {}
    for row in rows:
        if row.get("change_better") is None or row.get("unit_kind") not in UNIT_KINDS:
            continue
        if row.get("accumulation") in (None, "unknown"):
            continue  # never ranked (the marts give such a measure no change; belt and braces)
        grouped.setdefault(row["unit_kind"], []).append(row)
    return [
        (
            kind,
            sorted(
                grouped[kind], key=lambda r: (-abs(float(r["change_better"])), r["measure_code"])
            )[:top],
        )
        for kind in UNIT_KINDS
        if kind in grouped
    ]


def not_ranked(rows: Iterable[R]) -> list[tuple[R, str]]:
    """The measures of a quarter that cannot be ranked as movers, each with the reason."""
    out = []
    for row in rows:
        if row.get("change_better") is not None:
            continue
        if row.get("unit_kind") == "text":
            reason = "its figures are text"
        elif row.get("accumulation") in (None, "unknown"):
            reason = "its accumulation is unknown (point, year to date or annual)"
        elif row.get("quarterly_actual") is None:
            reason = "no numeric actual this quarter"
        elif row.get("change_basis") is None:
            reason = "not in the report a quarter or a year before"
        elif row.get("polarity") in (None, "unknown"):
            reason = "its polarity is unknown"
        else:
            reason = "the earlier figure is zero"
        out.append((row, reason))
    return out


def change_text(row: Row) -> str:
    """The headline change in the measure's own terms: ``+10.6 pp``, ``-3.5%``; or ``-``."""
    better = row.get("change_better")
    if better is None:
        return "-"
    unit = " pp" if row.get("change_better_unit") == "pp" else "%"
    return f"{float(better):+.1f}{unit}"


def verdict(row: Row) -> str:
    """``better``, ``worse`` or ``no change`` (by ``change_better``); empty when unknown."""
    better = row.get("change_better")
    if better is None:
        return ""
    value = round(float(better), 1)
    return "better" if value > 0 else "worse" if value < 0 else "no change"


def computed_change(row: Row) -> str:
    """The change computed from the figures, in words: ``+10.6 pp since Q3 (better)``; the raw
    change when the polarity is unknown; ``-`` when nothing is comparable."""
    if row.get("change_basis") is None:
        return "-"
    since = row.get("change_since") or ""
    if row.get("change_better") is not None:
        return f"{change_text(row)} {since} ({verdict(row)})"
    raw = row.get("actual_change")
    if raw is None:
        return "-"
    sign = "+" if float(raw) >= 0 else ""
    pp = " pp" if row.get("unit_kind") == "percentage" else ""
    return f"{sign}{float(raw):,.2f}".rstrip("0").rstrip(".") + f"{pp} {since}"
