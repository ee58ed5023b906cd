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

import random
import zlib
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from samples import real_2018_03_31
from samples.model import MONTHS, Measure, Report, parse_number

SEED = 20180331
PERIODS = tuple(
    date(y, m, d)
    for y, m, d in [
        (2016, 6, 30), (2016, 9, 30), (2016, 12, 31), (2017, 3, 31),
        (2017, 6, 30), (2017, 9, 30), (2017, 12, 31), (2018, 3, 31),
        (2018, 6, 30), (2018, 9, 30), (2018, 12, 31), (2019, 3, 31),
    ]
)  # fmt: skip
REAL_INDEX = PERIODS.index(real_2018_03_31.PERIOD_END)
REISSUE_PERIOD = date(2018, 9, 30)
CP, OG, PS = real_2018_03_31.CP, real_2018_03_31.OG, real_2018_03_31.PS
P100K, P10K, PCT = real_2018_03_31.P100K, real_2018_03_31.P10K, real_2018_03_31.PCT

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
TEXT_STATUS = {"On Track": "Green", "Minor Slippage": "Amber", "Major Slippage": "Red"}


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


def _spec(
    code: str,
    kind: str,
    targets: tuple[float, float, float],
    levels: tuple[float, float, float],
    noise: float,
    topic: str,
    first: date = PERIODS[0],
    results_only: bool = False,
    new_title: tuple[date, str] | None = None,
) -> Spec:
    """A spec for a measure of the real report (directorate, title and unit from it)."""
    m = _real(code)
    decimals = 2 if m.unit == P10K else 1
    return Spec(
        code,
        m.directorate,
        m.title,
        kind,
        targets,
        levels,
        noise,
        decimals,
        m.unit,
        first=first,
        topic=topic,
        results_only=results_only,
        new_title=new_title,
        separator=m.code_separator,
    )


SPECS: tuple[Spec, ...] = (
    _spec("L&C PM28", "count", (1000, 1000, 1100), (1178, 923, 1012), 0.06, "NHS health checks"),
    _spec("Regen PM21", "count", (30, 34, 34), (26, 14, 21), 0.15, "new business start-ups"),
    _spec(
        "CM PM09a", "pct", (98, 98, 98), (97.9, 97.8, 97.7), 0.001, "Council Tax arrears collection"
    ),
    _spec(
        "CP 08f",
        "num",
        (8.4, 8.4, 8.0),
        (14.21, 12.8, 11.6),
        0.03,
        "sickness absence",
        new_title=(
            date(2018, 6, 30),
            "Average working days per employee (full time equivalents)"
            " per year lost through sickness absence (excluding schools)",
        ),
    ),
    _spec("GOV PM01", "pct", (95, 95, 95), (91.4, 93.9, 94.6), 0.008, "DBS renewals"),
    _spec("EI 12/EI 3", "pct", (95, 95, 95), (94.1, 93.0, 94.2), 0.01, "early help outcomes"),
    _spec("AHH 02D", "pct", (80, 80, 75), (74.5, 69.6, 71.8), 0.02, "short term support"),
    _spec(
        "AHH Local 2A (i)",
        "num",
        (13.5, 13.5, 15.0),
        (16.9, 18.6, 19.4),
        0.03,
        "younger adults in residential care",
        first=date(2017, 6, 30),
    ),
    _spec(
        "AHH Local 2A2 (ii)",
        "num",
        (640, 612, 600),
        (628.4, 593.6, 611.2),
        0.025,
        "older adults in residential care",
    ),
    _spec("EIISS PM04", "num", (57, 57, 60), (61.3, 86.9, 79.4), 0.04, "child protection plans"),
    _spec(
        "L&I PM02a",
        "pct",
        (55, 56, 58),
        (52.0, 55.0, 57.0),
        0.0,
        "key stage 2 attainment",
        results_only=True,
    ),
    _spec(
        "L&I PM04a",
        "num",
        (48, 48.5, 46),
        (44.2, 42.6, 44.9),
        0.0,
        "Attainment 8",
        results_only=True,
    ),
    _spec(
        "L&I PM23c", "pct", (83, 83, 85), (81.0, 82.0, 84.0), 0.008, "school inspection outcomes"
    ),
    _spec("L&I PM23e", "pct", (100, 100, 100), (100.0, 83.3, 83.3), 0.0, "children's homes"),
    _spec("L&I PM26a", "pct", (90, 90, 90), (61.2, 46.9, 72.5), 0.08, "EHCP timeliness"),
    _spec("AHH 02B (NI 125)", "pct", (85, 85, 85), (80.4, 78.0, 81.3), 0.015, "reablement"),
    _spec("SS PM07", "num", (75, 77, 80), (74.1, 83.2, 86.4), 0.02, "children in care"),
    _spec("SS PM23b", "pct", (50, 50, 50), (55.3, 62.6, 58.1), 0.03, "IFA placements"),
    _spec("DH Local 62b", "annual", (60, 60, 60), (39, 33, 52), 0.1, "new council homes"),
    _spec(
        "YA&H PM05 (DH)",
        "count",
        (660, 660, 800),
        (612, 550, 731),
        0.05,
        "homelessness preventions",
    ),
    Spec(
        "CM PM21",
        OG,
        "Value of Council Tax arrears collected (\u00a3000s)",
        "count",
        (12500, 12500, 12500),
        (12480, 12210, 11874.3),
        0.02,
        first=date(2018, 6, 30),
        topic="arrears recovery",
    ),
    Spec(
        "HR PM12b",
        OG,
        "Percentage change in agency staff spend compared with the previous year",
        "pct",
        (-5.0, -5.0, -5.0),
        (-1.0, -1.5, -2.5),
        0.15,
        first=date(2018, 9, 30),
        topic="agency spend",
    ),
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


def quarter_of(period: date) -> int:
    """Financial-year quarter 1..4."""
    return {6: 1, 9: 2, 12: 3, 3: 4}[period.month]


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


def quarter_label(period: date) -> str:
    """E.g. "Q2 2018/19"."""
    fy = fy_index(period) + 2016
    return f"Q{quarter_of(period)} {fy}/{(fy + 1) % 100:02d}"


def month_year(day: date) -> str:
    """E.g. "March 2018"."""
    return f"{MONTHS[day.month - 1]} {day.year}"


CONTEXT_EXTRA = (
    "Demand for {topic} has continued to rise across the city and this is reflected in the"
    " figures reported this quarter.",
    "Benchmarking against our statistical neighbours shows that Derby remains below the"
    " comparator average for {topic}.",
    "The position is broadly in line with the seasonal pattern seen in previous years.",
    "Data quality checks are currently taking place therefore this figure may change.",
)
ACTIONS = (
    "A refreshed action plan for {topic} has been agreed by the service management team and"
    " progress is monitored monthly.",
    "Additional capacity has been brought into the team on a temporary basis to address the"
    " backlog and improve timeliness.",
    "Work is taking place with partners across the city to share good practice and to target"
    " resources where they will have the greatest impact.",
    "The service is reviewing its recording practice so that activity is captured consistently"
    " in the performance system.",
)
BULLETS = (
    "-Weekly performance clinics with team managers",
    "- Targeted support for the areas with the lowest performance",
    "-Review of thresholds and eligibility criteria",
    "- Improved use of the performance dashboard by frontline staff",
    "-Recruitment to vacant posts is under way",
)
INTERVENTIONS = (
    "This measure was reviewed by Executive Scrutiny Board in {past}. No further intervention"
    " is proposed at this time.",
    "A Performance Surgery is scheduled for {month} as part of the Performance Forward Plan.",
    "Progress is reported to the directorate-led Improvement Board every six weeks.",
    "The Cabinet Member has been briefed on the current position and the actions being taken.",
)


def commentary(
    spec: Spec, period: date, v: Values, previous: float | None, long: bool = False
) -> tuple[str, str, str]:
    """Short generated context / actions / intervention texts for one row."""
    rng = rng_for("text", spec.code, period)
    unit = f" {spec.unit}" if spec.unit and spec.unit.startswith("per") else ""
    actual = fmt(v.q_actual if v.q_actual is not None else v.f_actual, spec)
    target = fmt(v.q_target if v.q_target is not None else v.f_target, spec)
    first = (
        f"Performance at the end of {quarter_label(period)} was {actual}{unit} against a"
        f" target of {target}{unit}."
    )
    if previous is not None:
        first += (
            f" The figure reported at the end of the previous quarter was {fmt(previous, spec)}."
        )
    if rng.random() < 0.3:
        first = "Provisional data. " + first
    paragraphs = [first]
    if rng.random() < 0.6:
        paragraphs.append(rng.choice(CONTEXT_EXTRA).format(topic=spec.topic))
    if rng.random() < 0.25:
        paragraphs.insert(0, "Provisional data.")
    if long:
        paragraphs += [
            "The main factors behind the current position are set out below:\n"
            + "\n".join(f"- {line}" for line in LONG_FACTORS),
            *(p.format(topic=spec.topic) for p in ACTIONS),
            *(p.format(topic=spec.topic) for p in CONTEXT_EXTRA),
        ]
    actions = rng.sample(ACTIONS, k=rng.randint(1, 2))
    text_actions = [a.format(topic=spec.topic) for a in actions]
    for i in range(PADDING.get((period, spec.code), 0)):
        text_actions.append(ACTIONS[i % len(ACTIONS)].format(topic=spec.topic))
    if rng.random() < 0.5:
        text_actions.append(
            "Actions taken this quarter include:\n"
            + "\n".join(rng.sample(BULLETS, k=rng.randint(2, 4)))
        )
    month = month_year(period + timedelta(days=rng.choice((75, 105, 135))))
    past = month_year(period - timedelta(days=rng.choice((0, 30, 60))))
    chosen = rng.sample(INTERVENTIONS, k=rng.randint(1, 2))
    interventions = [i.format(month=month, past=past) for i in chosen]
    return "\n\n".join(paragraphs), "\n\n".join(text_actions), "\n\n".join(interventions)


LONG_FACTORS = (
    "a rise in the number of referrals from partner agencies, in particular from schools and"
    " the police, which has increased the number of assessments completed",
    "an increase in the number of large sibling groups entering care at the same time",
    "fewer children leaving care through adoption and special guardianship orders than in"
    " previous years, reflecting the national picture",
    "delays in court proceedings which mean that children remain in care for longer",
    "the limited availability of local placements, which has led to more children being placed"
    " outside the city",
    "an increase in the number of unaccompanied asylum seeking children supported by the Council",
)
# (period, code) rows whose commentary is long enough to run over a page break.
LONG_ROWS = {
    (date(2018, 12, 31), "SS PM07"),
    (date(2016, 12, 31), "CP 08f"),
    (date(2018, 12, 31), "AHH Local 2A (i)"),
}
# Extra action paragraphs for a row, chosen so that the next row starts near the foot of a
# page (in the default style), which makes its measure and status cells continue on the next page.
PADDING = {(date(2018, 12, 31), "AHH 02D"): 3}
# (period, code) of the row whose context restates the previous quarter's outturn.
RESTATEMENT = (date(2016, 12, 31), "YA&H PM05 (DH)")


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
