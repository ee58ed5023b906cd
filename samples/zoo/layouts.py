"""Other table layouts of the same report: columns swapped, reordered, added, known by header.

A `TableLayout` lists its columns (`COLUMNS` says what each prints under which header label),
whether directorates are banner rows or a column, the words it prints for directions, the
layout profile to read it with, and whether a faithful reading is the exact data or a typed
refusal (an unknown column, a word the profile does not declare). `expected` gives the exact
extraction a rendering must give: the truth of the drawn report (as `content.expected`), with
the extra fields and the canonical directions the profile maps the printed words to.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from samples.model import Measure, Report
from samples.zoo.content import expected as base_expected

ZOO_PROFILES = Path(__file__).resolve().parent / "profiles"
"""Layout profiles of the zoo's own (vocabulary variants); the project's are in profiles/."""
EXACT, REFUSED = "exact", "refused"

# column id -> header label printed
HEADERS: dict[str, str] = {
    "details": "Measure Details",
    "quarterly": "Quarterly Target Status",
    "forecast": "Forecast Year End Status",
    "performance": "Performance VS Target",
    "context": "Context for Current Performance",
    "actions": "Improvement Actions Taken",
    "intervention": "Intervention / Review",
    "previous": "Previous Quarter Status",
    "risk": "Risk Rating",
    "directorate": "Directorate",
    "ref": "Ref",
    "measure": "Measure",
    "q_status": "Quarterly Status",
    "q_target": "Quarterly Target",
    "q_actual": "Quarterly Actual",
    "f_status": "Forecast Status",
    "f_target": "Forecast Target",
    "f_actual": "Forecast Actual",
    "unit": "Unit",
    "dot": "Direction of Travel",
    "s_context": "Context",
    "s_actions": "Actions",
    "s_intervention": "Intervention",
}
# relative widths of each column
WIDTHS: dict[str, float] = {
    "details": 136, "quarterly": 62, "forecast": 62, "performance": 62, "context": 190,
    "actions": 184, "intervention": 130, "previous": 50, "risk": 44, "directorate": 64,
    "ref": 74, "measure": 150, "q_status": 48, "q_target": 48, "q_actual": 48, "f_status": 48,
    "f_target": 48, "f_actual": 48, "unit": 52, "dot": 54, "s_context": 190, "s_actions": 170,
    "s_intervention": 120,
}  # fmt: skip
COMMENTARY = ("context", "actions", "intervention", "s_context", "s_actions", "s_intervention")
STATUS_FILLED = ("q_status", "f_status")
PREVIOUS = ("Red", "Amber", "Green", "N/A")
RISK = ("High", "Medium", "Low")
VARIANTS = ("Stable", "Same", "No change")
"""Printed directions of the vocabulary layouts (every third measure), canonical 'No change'."""


@dataclass(frozen=True)
class TableLayout:
    """One table layout: its columns, how it is read, and what reading it must give."""

    name: str
    columns: tuple[str, ...]
    banners: bool = True
    profile: str | None = None
    outcome: str = EXACT
    variants: bool = False
    summary: str = ""
    extras: dict[str, str] = field(default_factory=dict)

    def profile_dirs(self) -> tuple[Path, ...]:
        """Where the layout's profile is found (the zoo's own folder first)."""
        return (ZOO_PROFILES,)


DERBY = ("details", "quarterly", "forecast", "performance", "context", "actions", "intervention")
SPREADSHEET = (
    "ref", "measure", "directorate", "q_status", "q_target", "q_actual", "f_status",
    "f_target", "f_actual", "unit", "dot", "s_context", "s_actions", "s_intervention",
)  # fmt: skip

LAYOUTS: dict[str, TableLayout] = {
    layout.name: layout
    for layout in (
        TableLayout("derby", DERBY, summary="today's seven columns"),
        TableLayout(
            "swapped",
            ("details", "forecast", "quarterly", *DERBY[3:]),
            summary="the two status columns swapped",
        ),
        TableLayout(
            "reordered",
            (
                "details",
                "performance",
                "quarterly",
                "forecast",
                "intervention",
                "context",
                "actions",
            ),
            summary="direction first, commentary columns in another order",
        ),
        TableLayout(
            "extra-column",
            ("details", "previous", *DERBY[1:]),
            summary="a Previous Quarter Status column (a known extra field)",
            extras={"previous": "previous_quarter_status"},
        ),
        TableLayout(
            "unknown-column",
            (*DERBY[:4], "risk", *DERBY[4:]),
            outcome=REFUSED,
            summary="a Risk Rating column no profile declares (refused)",
        ),
        TableLayout(
            "directorate-column",
            ("directorate", *DERBY),
            banners=False,
            summary="a Directorate column instead of banner rows",
        ),
        TableLayout(
            "spreadsheet",
            SPREADSHEET,
            banners=False,
            profile="spreadsheet",
            summary="separate Status/Target/Actual columns, a Unit column",
        ),
        TableLayout(
            "words-undeclared",
            DERBY,
            variants=True,
            outcome=REFUSED,
            summary="directions 'Stable', 'Same', 'No change' with the default profile (refused)",
        ),
        TableLayout(
            "words-declared",
            DERBY,
            variants=True,
            profile="derby-no-change",
            summary="the same words with a profile declaring them",
        ),
    )
}


def printed_direction(m: Measure, index: int, layout: TableLayout) -> str | None:
    """The direction a layout prints for measure ``index``."""
    if layout.variants and index % 3 == 0:
        return VARIANTS[(index // 3) % len(VARIANTS)]
    return m.direction


def cell_text(column: str, m: Measure, index: int, layout: TableLayout) -> str | None:
    """The plain text of a spreadsheet-style or extra column (None: not a plain column)."""
    values = {
        "previous": PREVIOUS[index % len(PREVIOUS)],
        "risk": RISK[index % len(RISK)],
        "directorate": m.directorate,
        "ref": m.code,
        "measure": m.title,
        "q_status": m.quarterly_status,
        "q_target": m.quarterly_target,
        "q_actual": m.quarterly_actual,
        "f_status": m.forecast_status,
        "f_target": m.forecast_target,
        "f_actual": m.forecast_actual,
        "unit": m.unit,
        "dot": printed_direction(m, index, layout),
        "s_context": m.context,
        "s_actions": m.actions,
        "s_intervention": m.intervention,
    }
    return values.get(column)


def expected(
    report: Report, layout: TableLayout, pages_of: dict[int, list[int]], count: int, pdf: bytes
) -> dict[str, Any]:
    """The exact extraction of a rendering of ``report`` in ``layout``."""
    truth = base_expected(report, pages_of, count, pdf)
    for index, (m, measure) in enumerate(zip(report.measures, truth["measures"], strict=True)):
        if layout.variants and index % 3 == 0:
            measure["direction_of_travel"] = "No change"
        extras = {
            name: cell_text(column, m, index, layout) for column, name in layout.extras.items()
        }
        if extras:
            measure["extras"] = extras
    return truth


def plain_report(report: Report) -> Report:
    """The report without code separators (a code column holds the code alone)."""
    return replace(report, measures=tuple(replace(m, code_separator=" ") for m in report.measures))
