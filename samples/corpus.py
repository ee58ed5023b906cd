"""The sample corpus: twelve quarterly reports, 30-Jun-2016 .. 31-Mar-2019, and one re-issue.

The 31-Mar-2018 report is the transcription of the real one (`samples.real_2018_03_31`). The other
quarters are generated from a fixed seed: each measure has a polarity, a target per financial
year and a level that drifts around the real 31-Mar-2018 value. A measure is listed in a quarter's
report only when one of its statuses is Red or Amber (an improvement report lists flagged
measures only), so measures drop in and out. Later quarters add new measures (`CM PM21` with
thousands separators, `HR PM12b` with negative percentages), `CP 08f` is reworded from 2018/19,
`DH Local 62b` is an `Annual Collection` measure with empty quarterly cells until Q4, and
`FPA PM22b` carries text targets. `derby-scorecard-2018-09-30-v2` re-issues 30-Sep-2018 three
weeks later with one quarterly actual corrected and its status adjusted.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from samples import real_2018_03_31
from samples.commentary import LONG_ROWS, commentary, quarter_label
from samples.model import Measure, Report, parse_number
from samples.series import (
    FLAGGED,
    ORDER,
    PERIODS,
    SPECS,
    Spec,
    _real,
    direction,
    fmt,
    polarity,
    quarter_of,
    rng_for,
    status_for,
    title_at,
    values,
)

__all__ = ["PERIODS", "all_reports", "polarity", "status_for"]

REAL_INDEX = PERIODS.index(real_2018_03_31.PERIOD_END)
REISSUE_PERIOD = date(2018, 9, 30)
PCT = real_2018_03_31.PCT

# (period, code) of the row whose context restates the previous quarter's outturn.
RESTATEMENT = (date(2016, 12, 31), "YA&H PM05 (DH)")


def generated_row(spec: Spec, period: date, index: int) -> Measure | None:
    """The row of a measure in a quarter's report, or None when it is not flagged."""
    if period < spec.first or (spec.results_only and quarter_of(period) < 3):
        return None
    v = values(spec, period)
    if v.q_status not in FLAGGED and v.f_status not in FLAGGED:
        return None
    prev_period = PERIODS[index - 1] if index else None
    previous = None
    resets = spec.kind in ("count", "annual") and quarter_of(period) == 1
    if prev_period and prev_period >= spec.first and not resets:
        pv = values(spec, prev_period)
        previous = pv.q_actual if spec.kind not in ("annual",) else pv.f_actual
    current = v.q_actual if spec.kind != "annual" else v.f_actual
    context, actions, intervention = commentary(
        spec, period, v, previous, long=(period, spec.code) in LONG_ROWS
    )
    if (period, spec.code) == RESTATEMENT and previous is not None:
        context += (
            f" The outturn for {quarter_label(prev_period or period)} has been amended from"
            f" {fmt(previous, spec)} to {fmt(previous * 1.03, spec)} following data validation."
        )
    return Measure(
        spec.directorate,
        spec.code,
        title_at(spec, period),
        v.q_status,
        v.f_status,
        fmt(v.q_target, spec),
        fmt(v.q_actual, spec),
        fmt(v.f_target, spec),
        fmt(v.f_actual, spec),
        PCT if spec.kind == "pct" else spec.unit,
        direction(spec, current, previous),
        context,
        actions,
        intervention,
        spec.separator,
    )


def fpa_row(period: date) -> Measure | None:
    """The audit-opinion measure with text targets: listed around the 2016/17 opinion only."""
    real = _real("FPA PM22b")
    if period == date(2017, 12, 31):
        return replace(
            real,
            forecast_status="Red",
            forecast_actual="Major Slippage",
            context=real.context.split("\n\n")[0],
            intervention="The Audit and Accounts Committee will receive a progress"
            " report in March 2018.",
        )
    if period == date(2018, 6, 30):
        return replace(
            real,
            quarterly_actual="Minor Slippage",
            quarterly_status="Amber",
            context="Progress against the Corporate Improvement Plan is on track for"
            " most actions. The external auditors will report their opinion for"
            " 2017/18 in July 2018.",
        )
    return None


def special_rows(period: date, rows: dict[str, Measure]) -> None:
    """Quirks that are not part of a series: N/A status with an "N/A" actual, FPA PM22b."""
    fpa = fpa_row(period)
    if fpa:
        rows[fpa.code] = fpa
    if period == date(2016, 9, 30) and "EI 12/EI 3" in rows:
        rows["EI 12/EI 3"] = replace(
            rows["EI 12/EI 3"],
            quarterly_status="N/A",
            quarterly_actual="N/A",
            direction="N/A",
            context="Quarterly data is not available because of the"
            " move to the new case management system. Provisional data.",
        )


def time_fetched(period: date) -> datetime:
    """When DORIS produced the report: about two months after the quarter end, a weekday."""
    rng = rng_for("fetched", period)
    day = period + timedelta(days=rng.randint(55, 70))
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime(
        day.year, day.month, day.day, rng.randint(8, 17), rng.randint(0, 59), rng.randint(0, 59)
    )


def generated_report(index: int) -> Report:
    """A generated quarter's report."""
    period = PERIODS[index]
    rows: dict[str, Measure] = {}
    for spec in SPECS:
        row = generated_row(spec, period, index)
        if row:
            rows[spec.code] = row
    special_rows(period, rows)
    ordered = tuple(rows[c] for c in ORDER if c in rows)
    return Report(period, time_fetched(period), ordered)


def reissue(original: Report) -> Report:
    """The corrected re-issue: one quarterly actual changed (and its status), fetched later."""
    code = "GOV PM01"
    rows = list(original.measures)
    i = next(i for i, m in enumerate(rows) if m.code == code)
    m = rows[i]
    corrected = "95.3%"
    target = parse_number(m.quarterly_target)
    assert target is not None
    status = status_for(target, parse_number(corrected) or 0.0, polarity(code))
    rows[i] = replace(m, quarterly_actual=corrected, quarterly_status=status)
    return Report(
        original.period_end,
        original.time_fetched + timedelta(days=15, hours=2),
        tuple(rows),
        suffix="-v2",
    )


def all_reports() -> list[Report]:
    """Every sample report in period order, the re-issue after its original."""
    reports = []
    for index, period in enumerate(PERIODS):
        report = (
            real_2018_03_31.REPORT
            if period == real_2018_03_31.PERIOD_END
            else generated_report(index)
        )
        reports.append(report)
        if period == REISSUE_PERIOD:
            reports.append(reissue(report))
    return reports
