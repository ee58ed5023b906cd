"""The short scorecard printed at the end of ``make run``: read from the marts as a BI tool would.

It connects as the BI reader role, so it also shows that role can answer the questions the marts
exist for: the latest quarter's measures by status, the measures red for the most consecutive
quarters, and the biggest movers since the previous reported quarter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.rows import dict_row

from scorecard.extract.model import STATUSES
from scorecard.settings import Settings, get_settings, libpq_url
from scorecard.site.data import EmptyMarts


@dataclass(frozen=True)
class Scorecard:
    quarter_label: str
    period_end: str
    by_status: list[dict[str, Any]]
    longest_red: list[dict[str, Any]]
    movers: list[dict[str, Any]]
    on_target_share: float | None


LATEST = "select max(period_end) as period_end from marts.fct_measure_quarter"

BY_STATUS = """
select coalesce(quarterly_status, '(none)') as status, count(*) as measures
from marts.fct_measure_quarter
where period_end = %(period_end)s
group by 1
"""

LONGEST_RED = """
select measure_code, measure_title, consecutive_red_quarters
from marts.fct_measure_quarter
where period_end = %(period_end)s and consecutive_red_quarters > 0
order by consecutive_red_quarters desc, measure_code
limit %(limit)s
"""

# Movement relative to the previous reported actual, signed so that positive means better.
MOVERS = """
select
    measure_code,
    measure_title,
    previous_quarterly_actual,
    quarterly_actual,
    unit,
    polarity,
    case when polarity = 'lower_is_better' then -1 else 1 end
        * quarterly_actual_change / nullif(abs(previous_quarterly_actual), 0) * 100 as better_pct
from marts.fct_measure_quarter
where period_end = %(period_end)s
    and quarterly_actual_change is not null
    and polarity in ('higher_is_better', 'lower_is_better')
order by abs(quarterly_actual_change / nullif(abs(previous_quarterly_actual), 0)) desc nulls last
limit %(limit)s
"""

SHARE = """
select sum(on_target_count)::float / nullif(sum(assessed_count), 0) as share
from marts.fct_directorate_quarter where period_end = %(period_end)s
"""


def read_scorecard(settings: Settings | None = None, *, limit: int = 5) -> Scorecard:
    """Query the marts (as the BI reader) for the latest quarter's scorecard."""
    s = settings or get_settings()
    with psycopg.connect(libpq_url(s.reader_url), row_factory=dict_row) as conn:
        latest = conn.execute(LATEST).fetchone()
        if not latest or latest["period_end"] is None:
            raise EmptyMarts("the marts are empty: run `make run` (or `scorecard backfill`) first")
        params = {"period_end": latest["period_end"], "limit": limit}
        label = conn.execute(
            "select quarter_label from marts.dim_quarter where period_end = %(period_end)s", params
        ).fetchone()
        by_status = conn.execute(BY_STATUS, params).fetchall()
        by_status.sort(key=lambda r: STATUSES.index(r["status"]) if r["status"] in STATUSES else 99)
        share_row = conn.execute(SHARE, params).fetchone()
        return Scorecard(
            quarter_label=label["quarter_label"] if label else str(latest["period_end"]),
            period_end=str(latest["period_end"]),
            by_status=by_status,
            longest_red=conn.execute(LONGEST_RED, params).fetchall(),
            movers=conn.execute(MOVERS, params).fetchall(),
            on_target_share=share_row["share"] if share_row else None,
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
    lines = [f"Scorecard for {card.quarter_label} (period end {card.period_end})", ""]
    if not_available:
        lines += [
            "Not available (no report published within the wait horizon): "
            + ", ".join(not_available),
            "",
        ]
    statuses = ", ".join(f"{row['status']} {row['measures']}" for row in card.by_status)
    lines.append(f"Measures by quarterly status: {statuses}")
    if card.on_target_share is not None:
        lines.append(f"Share of assessed measures on target: {card.on_target_share:.0%}")
    lines += ["", "Red for the most consecutive reported quarters:"]
    lines += [
        f"  {row['consecutive_red_quarters']:>2} quarters  {row['measure_code']:<20} {row['measure_title'][:70]}"
        for row in card.longest_red
    ] or ["  (none at Red)"]
    lines += ["", "Biggest movers since the previous reported quarter (positive = better):"]
    lines += [
        f"  {row['better_pct']:+7.1f}%  {row['measure_code']:<20} "
        f"{_number(row['previous_quarterly_actual'], row['unit'])} -> {_number(row['quarterly_actual'], row['unit'])}"
        for row in card.movers
    ] or ["  (no measure with a previous quarter)"]
    return lines
