"""How each generated measure's values move: the series parameters and the rules that turn them
into printed targets, actuals and statuses.

The parameters (a target per financial year, year-end levels around the real 31-Mar-2018 value,
noise, the quarter a measure first appears) are data, in `series.json` beside this module; a
measure of the real report takes its directorate, title and unit from the real row.
"""

from __future__ import annotations

import json
import random
import zlib
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from samples import real_2018_03_31
from samples.model import Measure
from samples.model import quarter as quarter_of

SEED = 20180331
PERIODS = tuple(
    date(y, m, d)
    for y, m, d in [
        (2016, 6, 30), (2016, 9, 30), (2016, 12, 31), (2017, 3, 31),
        (2017, 6, 30), (2017, 9, 30), (2017, 12, 31), (2018, 3, 31),
        (2018, 6, 30), (2018, 9, 30), (2018, 12, 31), (2019, 3, 31),
    ]
)  # fmt: skip

HIGHER, LOWER = 1, -1
# Lower-is-better measures of the real report (and the new HR PM12b).
POLARITY: dict[str, int] = {
    "CP 08f": LOWER,
    "AHH Local 2A (i)": LOWER,
    "AHH Local 2A2 (ii)": LOWER,
    "EIISS PM04": LOWER,
    "SS PM07": LOWER,
    "SS PM23b": LOWER,
    "HR PM12b": LOWER,
}
FLAGGED = ("Red", "Amber")


def polarity(code: str) -> int:
    """+1 when a higher value is better, -1 when lower is better."""
    return POLARITY.get(code, HIGHER)


def status_for(target: float, actual: float, pol: int) -> str:
    """The RAG status the council's system gives a value against its target.

    Worse than target by more than 5% of the target: Red; worse by up to 5%: Amber; met or
    better by less than 2%: Green; better by 2% or more: Blue. Agrees with every numeric status
    of the real 31-Mar-2018 report.
    """
    shortfall = (target - actual) * pol / abs(target)
    if shortfall > 0.05:
        return "Red"
    if shortfall > 0:
        return "Amber"
    if shortfall > -0.02:
        return "Green"
    return "Blue"


@dataclass(frozen=True)
class Spec:
    """How one measure's series behaves."""

    code: str
    directorate: str
    title: str
    kind: str  # "pct", "num", "count" (cumulative over the year), "annual" (Annual Collection)
    targets: tuple[float, float, float]  # 2016/17, 2017/18, 2018/19
    levels: tuple[float, float, float]  # year-end level per financial year
    noise: float  # relative quarter-to-quarter noise
    decimals: int = 1
    unit: str | None = None
    first: date = PERIODS[0]
    topic: str = "this measure"
    results_only: bool = False  # exam results: listed in Q3 and Q4 only
    new_title: tuple[date, str] | None = None
    separator: str = " "


def _real(code: str) -> Measure:
    """The real 31-Mar-2018 row of a measure."""
    return next(m for m in real_2018_03_31.MEASURES if m.code == code)


def _spec(row: dict[str, Any]) -> Spec:
    """A spec from a row of `series.json`; a measure of the real report takes its directorate,
    title, unit and code separator from the real row."""
    fields = dict(row, targets=tuple(row["targets"]), levels=tuple(row["levels"]))
    if "first" in row:
        fields["first"] = date.fromisoformat(row["first"])
    if "new_title" in row:
        day, title = row["new_title"]
        fields["new_title"] = (date.fromisoformat(day), title)
    if "directorate" not in row:
        m = _real(row["code"])
        decimals = 2 if m.unit == real_2018_03_31.P10K else 1
        fields |= {"directorate": m.directorate, "title": m.title, "decimals": decimals}
        fields |= {"unit": m.unit, "separator": m.code_separator}
    return Spec(**fields)


SPECS: tuple[Spec, ...] = tuple(
    _spec(row)
    for row in json.loads(Path(__file__).with_name("series.json").read_text(encoding="utf-8"))
)


# Where a generated measure goes in the report: after this code of the real order.
ORDER = [m.code for m in real_2018_03_31.MEASURES]
ORDER.insert(ORDER.index("GOV PM01") + 1, "CM PM21")
ORDER.insert(ORDER.index("CM PM21") + 1, "HR PM12b")


def fmt(value: float | None, spec: Spec) -> str | None:
    """Format a value as the report prints it: thousands separators, decimals, "%"."""
    if value is None:
        return None
    text = f"{value:,.{spec.decimals}f}"
    return text + "%" if spec.kind == "pct" else text


def fy_index(period: date) -> int:
    """0 for 2016/17, 1 for 2017/18, 2 for 2018/19."""
    return (period.year if period.month > 3 else period.year - 1) - 2016


def rng_for(*parts: object) -> random.Random:
    """A random generator seeded from the corpus seed and the given parts (stable across runs)."""
    return random.Random(SEED ^ zlib.crc32("|".join(map(str, parts)).encode()))


def level(spec: Spec, period: date) -> float:
    """The measure's underlying level at a quarter: the previous year-end drifting to this one."""
    fy, q = fy_index(period), quarter_of(period)
    start = spec.levels[fy - 1] if fy else spec.levels[0]
    end = spec.levels[fy]
    base = start + (end - start) * q / 4
    if spec.results_only:
        base = end
    jitter = rng_for(spec.code, period).gauss(0, spec.noise) if q != 4 else 0.0
    return base * (1 + jitter) if base >= 0 else base * (1 - jitter)


def rounded(value: float, spec: Spec) -> float:
    """Round as printed."""
    return round(value, spec.decimals)


@dataclass(frozen=True)
class Values:
    """The four printed values and two statuses of a generated row."""

    q_target: float | None
    q_actual: float | None
    f_target: float
    f_actual: float | None
    q_status: str
    f_status: str


# Hand-set actuals for a few rows, so that the corpus shows Blue statuses (better than target
# in the quarter while the year-end forecast stays Amber, as AHH Local 2A2 (ii) in the real
# report); statuses are derived from them like any other value.
OVERRIDES: dict[tuple[date, str], tuple[float, float]] = {
    (date(2018, 6, 30), "AHH Local 2A2 (ii)"): (585.2, 607.9),
    (date(2016, 6, 30), "L&C PM28"): (262.0, 981.0),
    (date(2018, 12, 31), "EI 12/EI 3"): (97.1, 94.6),
}


def values(spec: Spec, period: date) -> Values:
    """Targets, actuals and statuses of a measure at a quarter (with `OVERRIDES` applied)."""
    v = series_values(spec, period)
    if (period, spec.code) in OVERRIDES and v.q_target is not None:
        q_actual, f_actual = OVERRIDES[(period, spec.code)]
        pol = polarity(spec.code)
        return replace(
            v,
            q_actual=q_actual,
            f_actual=f_actual,
            q_status=status_for(v.q_target, q_actual, pol),
            f_status=status_for(v.f_target, f_actual, pol),
        )
    return v


def series_values(spec: Spec, period: date) -> Values:
    """Targets, actuals and statuses of a measure at a quarter, from its series."""
    fy, q = fy_index(period), quarter_of(period)
    annual_target = spec.targets[fy]
    lvl = level(spec, period)
    pol = polarity(spec.code)
    if spec.kind in ("count", "annual"):
        year_end = spec.levels[fy] * (1 + rng_for(spec.code, period, "f").gauss(0, spec.noise / 2))
        q_target = rounded(annual_target * q / 4, spec)
        q_actual = rounded(year_end * q / 4 if q != 4 else spec.levels[fy], spec)
        f_actual = rounded(year_end if q != 4 else spec.levels[fy], spec)
        f_status = status_for(annual_target, f_actual, pol)
        if spec.kind == "annual":
            if q != 4:
                return Values(None, None, annual_target, f_actual, "Annual Collection", f_status)
            return Values(
                annual_target, q_actual, annual_target, q_actual, "Annual Collection", f_status
            )
        return Values(
            q_target,
            q_actual,
            annual_target,
            f_actual,
            status_for(q_target, q_actual, pol),
            f_status,
        )
    q_actual = rounded(lvl, spec)
    drift = (spec.levels[fy] - q_actual) * 0.5 if q != 4 else 0.0
    f_actual = rounded(q_actual + drift, spec)
    return Values(
        annual_target,
        q_actual,
        annual_target,
        f_actual,
        status_for(annual_target, q_actual, pol),
        status_for(annual_target, f_actual, pol),
    )


def direction(spec: Spec, current: float | None, previous: float | None) -> str:
    """Improving / Deteriorating against the previous quarter, N/A without one."""
    if current is None or previous is None or current == previous:
        return "N/A"
    better = (current - previous) * polarity(spec.code) > 0
    return "Improving" if better else "Deteriorating"


def title_at(spec: Spec, period: date) -> str:
    """The measure title printed at a quarter (one is reworded from 2018/19)."""
    if spec.new_title and period >= spec.new_title[0]:
        return spec.new_title[1]
    return spec.title
