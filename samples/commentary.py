"""The generated commentary of a row: context, improvement actions and intervention review.

Short paragraphs drawn from fixed pools with a seeded generator, a few rows long enough to run
over a page break, and bullets written the two ways the real report writes them ("-x", "- x").
"""

from __future__ import annotations

from datetime import date, timedelta

from samples.model import MONTHS
from samples.series import Spec, Values, fmt, fy_index, quarter_of, rng_for


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
