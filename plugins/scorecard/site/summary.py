"""The short scorecard of ``scorecard report`` and the end of ``make run``: read from the marts
as a BI tool would.

It connects as the BI reader role, so it also shows that role can answer the questions the marts
exist for: one quarter's measures by status (the latest, or any quarter asked for), the measures
red for the most consecutive quarters, and the biggest movers, like for like (see
:mod:`scorecard.site.comparisons`). It says when the figures are sample data and when the report
is an exception report, whose counts are of the measures in the report only.

It is one council's scorecard: the only council in the marts, or the one asked for
(``council``, its key or its name as printed). With several councils and none asked for it
refuses, listing them (:class:`CouncilNotChosen`); ``scorecard run`` prints one per council.
With one council it reads exactly as before (no council named).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg.rows import dict_row

from scorecard.councils import council_id
from scorecard.errors import BadInput
from scorecard.quarters import Quarter
from scorecard.settings import Settings, get_settings, libpq_url
from scorecard.site.comparisons import UNIT_KINDS, change_text, not_ranked, rank_movers, verdict
from scorecard.site.data import EmptyMarts
from scorecard.site.notices import EXCEPTION_REPORT, IN_THE_REPORT, SAMPLE_DATA
from scorecard.site.palette import rank

TOP_MOVERS = 3
"""Movers shown per unit kind."""


class QuarterNotLoaded(BadInput):
    """The quarter asked for has no report in the marts; the message says which quarters do."""


class CouncilNotChosen(BadInput):
    """The marts hold several councils and none was named; the message lists them."""


class CouncilNotLoaded(BadInput):
    """The council asked for has no report in the marts; the message lists those that do."""


@dataclass(frozen=True)
class Scorecard:
    quarter_label: str
    period_end: str
    by_status: list[dict[str, Any]]
    longest_red: list[dict[str, Any]]
    movers: list[dict[str, Any]]
    on_target_share: float | None
    on_target: int = 0
    assessed: int = 0
    is_exception_report: bool | None = None
    is_sample_data: bool = False
    not_ranked: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    council_name: str | None = None
    """The council, named when the marts hold several (else None: nothing to tell apart)."""


COUNCILS = "select council_id, council_name from marts.dim_council order by council_id"

# every query below is of one council's rows
LATEST = """
select max(period_end) as period_end from marts.fct_measure_quarter
where council_id = %(council_id)s
"""

QUARTER = """
select period_end, quarter_label, quarter_code, is_exception_report, is_sample_data
from marts.dim_quarter
where council_id = %(council_id)s and period_end = %(period_end)s
"""

REPORTED = """
select min(quarter_code) as first, max(quarter_code) as last, count(*) as quarters
from marts.dim_quarter
where council_id = %(council_id)s and has_report
"""

BY_STATUS = """
select coalesce(quarterly_status, '(none)') as status, count(*) as measures
from marts.fct_measure_quarter
where council_id = %(council_id)s and period_end = %(period_end)s
group by 1
"""

LONGEST_RED = """
select measure_code, measure_title, consecutive_red_quarters
from marts.fct_measure_quarter
where council_id = %(council_id)s and period_end = %(period_end)s
    and consecutive_red_quarters > 0
order by consecutive_red_quarters desc, measure_code
limit %(limit)s
"""

# the headline comparison of each measure (like for like, signed by polarity); ranked in Python
CHANGES = """
select
    measure_code, measure_title, unit, unit_kind, accumulation, polarity, quarterly_actual,
    change_basis, change_since, change_from_actual, actual_change, change_better,
    change_better_unit, direction_of_travel
from marts.fct_measure_quarter
where council_id = %(council_id)s and period_end = %(period_end)s
order by measure_code
"""

SHARE = """
select sum(on_target_count) as on_target, sum(assessed_count) as assessed
from marts.fct_directorate_quarter
where council_id = %(council_id)s and period_end = %(period_end)s
"""


def choose_council(councils: list[dict[str, Any]], asked: str | None) -> dict[str, Any]:
    """The ``dim_council`` row of the council asked for (its key or its printed name), or of
    the only council; a typed refusal naming the councils there are otherwise."""
    listed = ", ".join(f"{c['council_id']} ({c['council_name']})" for c in councils)
    if asked is None:
        if len(councils) == 1:
            return councils[0]
        raise CouncilNotChosen(
            f"the marts hold {len(councils)} councils: {listed}; "
            "name one with --council (its key or its name)"
        )
    wanted = council_id(asked)
    for council in councils:
        if council["council_id"] == wanted:
            return council
    raise CouncilNotLoaded(
        f"no report of council {asked!r} (key {wanted!r}) is loaded: the marts hold {listed}"
    )


def read_councils(settings: Settings | None = None) -> list[dict[str, Any]]:
    """The councils in the marts (``dim_council``), as the BI reader; EmptyMarts when none."""
    s = settings or get_settings()
    with psycopg.connect(libpq_url(s.reader_url), row_factory=dict_row) as conn:
        councils = conn.execute(COUNCILS).fetchall()
    if not councils:
        raise EmptyMarts("the marts are empty: run `make run` (or `scorecard backfill`) first")
    return councils


def read_scorecard(
    settings: Settings | None = None,
    *,
    limit: int = 5,
    quarter: Quarter | None = None,
    council: str | None = None,
) -> Scorecard:
    """Query the marts (as the BI reader) for one council's scorecard of one quarter:
    ``quarter``, or the council's latest; ``council`` (key or name) may be left out when the
    marts hold one. Raises :class:`EmptyMarts` when the marts hold nothing,
    :class:`CouncilNotChosen` / :class:`CouncilNotLoaded` (listing the councils) and
    :class:`QuarterNotLoaded` (saying which quarters there are) when ``quarter`` has no report."""
    s = settings or get_settings()
    councils = read_councils(s)
    chosen = choose_council(councils, council)
    with psycopg.connect(libpq_url(s.reader_url), row_factory=dict_row) as conn:
        params: dict[str, Any] = {"council_id": chosen["council_id"], "limit": limit}
        latest = conn.execute(LATEST, params).fetchone()
        if not latest or latest["period_end"] is None:
            raise EmptyMarts(f"the marts hold no measure of {chosen['council_name']} yet")
        period_end = latest["period_end"] if quarter is None else quarter.period_end
        params["period_end"] = period_end
        about = conn.execute(QUARTER, params).fetchone()
        by_status = conn.execute(BY_STATUS, params).fetchall()
        if not by_status:
            span = conn.execute(REPORTED, params).fetchone() or {}
            label = quarter.label if quarter else str(period_end)
            code = f" ({quarter.code})" if quarter else ""
            whose = f" of {chosen['council_name']}" if len(councils) > 1 else ""
            raise QuarterNotLoaded(
                f"no report{whose} is loaded for {label}{code}: the marts hold "
                f"{span.get('quarters')} quarter(s) with a report, {span.get('first')} to "
                f"{span.get('last')}"
            )
        by_status.sort(key=lambda r: rank(r["status"]) if r["status"] != "(none)" else 99)
        share = conn.execute(SHARE, params).fetchone() or {}
        changes = conn.execute(CHANGES, params).fetchall()
        assessed = int(share.get("assessed") or 0)
        on_target = int(share.get("on_target") or 0)
        return Scorecard(
            quarter_label=about["quarter_label"] if about else str(period_end),
            period_end=str(period_end),
            by_status=by_status,
            longest_red=conn.execute(LONGEST_RED, params).fetchall(),
            movers=[row for _, rows in rank_movers(changes, TOP_MOVERS) for row in rows],
            on_target_share=on_target / assessed if assessed else None,
            on_target=on_target,
            assessed=assessed,
            is_exception_report=about["is_exception_report"] if about else None,
            is_sample_data=bool(about and about["is_sample_data"]),
            not_ranked=not_ranked(changes),
            council_name=chosen["council_name"] if len(councils) > 1 else None,
        )


def _number(value: Any, unit: str | None) -> str:
    if value is None:
        return "-"
    text = f"{float(value):,.1f}"
    return f"{text}%" if unit == "%" else text


def render(card: Scorecard, not_available: list[str] | None = None) -> list[str]:
    """The scorecard as plain lines for a terminal.

    ``not_available``: labels of quarters whose report was never published within the wait
    horizon; listed so a gap in the marts is explained, not silent.
    """
    whose = f"{card.council_name}, " if card.council_name else ""
    lines = [f"Scorecard for {whose}{card.quarter_label} (period end {card.period_end})", ""]
    if card.is_sample_data:
        lines += [SAMPLE_DATA, ""]
    if not_available:
        lines += [
            "Not available (no report published within the wait horizon): "
            + ", ".join(not_available),
            "",
        ]
    if card.is_exception_report:
        lines += [EXCEPTION_REPORT, ""]
    in_report = f" {IN_THE_REPORT}" if card.is_exception_report else ""
    statuses = ", ".join(f"{row['status']} {row['measures']}" for row in card.by_status)
    lines.append(f"Measures{' in the report' if in_report else ''} by quarterly status: {statuses}")
    if card.on_target_share is not None:
        lines.append(
            f"On target: {card.on_target_share:.0%}{in_report} that could be assessed "
            f"({card.on_target} of {card.assessed})"
        )
    lines += ["", "Red for the most consecutive reported quarters:"]
    lines += [
        f"  {row['consecutive_red_quarters']:>2} quarters  {row['measure_code']:<20} {row['measure_title'][:70]}"
        for row in card.longest_red
    ] or ["  (none at Red)"]
    lines += [
        "",
        "Biggest movers, like for like (positive = better; ranked within each kind of figure):",
    ]
    kinds = {row["unit_kind"] for row in card.movers}
    for kind, heading in UNIT_KINDS.items():
        if kind not in kinds:
            continue
        lines.append(f"  {heading}:")
        lines += [
            f"    {change_text(row):>9} {verdict(row):<9} {row['measure_code']:<20} "
            f"{_number(row['change_from_actual'], row['unit'])} -> "
            f"{_number(row['quarterly_actual'], row['unit'])} {row['change_since']}"
            f"  (council's direction: {row['direction_of_travel'] or '-'})"
            for row in card.movers
            if row["unit_kind"] == kind
        ]
    if not card.movers:
        lines.append("  (no measure with a like-for-like comparison)")
    if card.not_ranked:
        lines.append(
            "  Not ranked: "
            + "; ".join(f"{row['measure_code']} ({reason})" for row, reason in card.not_ranked)
        )
    return lines
