"""What the zoo renders: the reports, the content axes applied to them, and the expected extraction.

The look axes never change what a report says. The content axes do, and the expected extraction
is built from the changed report with the same function that writes the committed truth files
(`samples.generate.measure_truth`), so "expected" is always "the truth of what was drawn":
- `quotes`: the real report's mis-mapped curly quotes ($ ! " #), real curly quotes, or straight
  ones; documents without the mis-mapping also carry genuine "!", "$" and "#" in their text.
- `code_shapes`: the real report's codes, or other councils' shapes (`PH 1.2`, `ASCOF 2A(i)`,
  `SC-01`, `PM28`, ...).
- `source_note`: commentary paragraphs beginning "Data Source:" at the bottom of tall rows.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import Any

from samples.corpus import all_reports
from samples.generate import measure_truth, report_truth
from samples.model import Measure, Report, mismap, straighten
from samples.zoo.styles import ZooStyle

REAL_STEM = "derby-scorecard-2018-03-31"
# The mini report: measures of the real report chosen to show every value shape, plus a Green
# and an N/A quarterly status taken from other quarters.
MINI_PICKS = (
    (REAL_STEM, "L&C PM28"),
    (REAL_STEM, "CM PM09a"),
    (REAL_STEM, "FPA PM22b"),
    ("derby-scorecard-2018-09-30-v2", "GOV PM01"),
    ("derby-scorecard-2016-09-30", "EI 12/EI 3"),
    (REAL_STEM, "AHH Local 2A2 (ii)"),
    (REAL_STEM, "EIISS PM04"),
    (REAL_STEM, "L&I PM23c"),
    (REAL_STEM, "AHH 02B (NI 125)"),
    (REAL_STEM, "SS PM07"),
    (REAL_STEM, "DH Local 62b"),
)
OTHER_CODES = (
    "PH 1.2", "ASCOF 2A(i)", "SC-01", "PM28", "NI 125", "KPI-07b", "CS 3.4.1", "HW/02",
    "ASC 1C(2a)", "ED14", "H&S 4", "PI-2018-03", "R 7", "FIN 2.1a", "B12", "LA 3(ii)",
    "CYP-11", "OF 9", "HOU 62", "Q5", "GOV-1.1", "SCS 8c",
)  # fmt: skip
SOURCE_NOTE = "Data Source: DORIS and the service's case management system, checked at year end."
SYMBOLS = " Savings of $1.2m were the #1 priority this year!"


@cache
def reports() -> dict[str, Report]:
    """The zoo's reports by name: "mini", "real" (31-Mar-2018), "continued" (31-Dec-2018)."""
    corpus = {r.stem: r for r in all_reports()}
    picked = []
    for stem, code in MINI_PICKS:
        picked.append(next(m for m in corpus[stem].measures if m.code == code))
    return {
        "mini": replace(corpus[REAL_STEM], measures=tuple(picked)),
        "real": corpus[REAL_STEM],
        "continued": corpus["derby-scorecard-2018-12-31"],
    }


def _with_note(m: Measure, index: int) -> Measure:
    """Every other measure ends its longest commentary cell (the bottom of its row) with a
    "Data Source:" paragraph, so some land low on a page, just above the real footer."""
    if index % 2:
        return m
    longest = max(("context", "actions", "intervention"), key=lambda k: len(getattr(m, k)))
    return replace(m, **{longest: f"{getattr(m, longest)}\n\n{SOURCE_NOTE}"})


def content(report: Report, style: ZooStyle) -> Report:
    """The report as this style's content axes change it (the look axes never do)."""
    measures = list(report.measures)
    if style.code_shapes == "other":
        measures = [replace(m, code=OTHER_CODES[i]) for i, m in enumerate(measures)]
    if style.source_note == "on":
        measures = [_with_note(m, i) for i, m in enumerate(measures)]
    if style.quotes != "mismapped":
        measures[0] = replace(measures[0], context=measures[0].context + SYMBOLS)
    return replace(report, measures=tuple(measures))


def drawn(text: str, style: ZooStyle) -> str:
    """The characters a producer draws for a model text (the quote style applied)."""
    if style.quotes == "mismapped":
        return mismap(text)
    if style.quotes == "straight":
        return straighten(text)
    return text


def expected(
    report: Report, pages_of: dict[int, list[int]], page_count: int, pdf: bytes
) -> dict[str, Any]:
    """The exact extraction a rendering of `report` (content axes applied) must give."""
    return {
        "report": report_truth(report, page_count, pdf),
        "measures": [measure_truth(m, pages_of[i]) for i, m in enumerate(report.measures)],
    }
