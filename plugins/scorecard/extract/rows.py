"""Table rows assembled from the bands of all table pages, in report order.

Banners set the directorate; a band whose Measure Details cell starts with a measure code
starts a measure; a band at the top of a page without a code continues the previous page's
last measure (its cells run over the page break). A ruled band at the foot of a page with an
empty Measure Details cell (a producer split the row before its code) is the first part of the
measure whose code opens the next page's first band: the parts are joined cell by cell in
reading order. Anything else is an error.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import quantiles

from scorecard.extract.bands import Band
from scorecard.extract.codes import split_code
from scorecard.extract.errors import TableError
from scorecard.extract.header import COLUMN, COLUMN_KEYS
from scorecard.extract.plan import PagePlan
from scorecard.extract.rulings import Fill
from scorecard.extract.text import join_lines
from scorecard.extract.values import normalise_space, parse_status
from scorecard.extract.words import Line


@dataclass(slots=True)
class Row:
    """A measure being assembled from one or more bands (pages)."""

    directorate: str | None
    page: int
    cells: list[list[tuple[int, Line]]] = field(default_factory=lambda: [[] for _ in COLUMN_KEYS])
    fills: list[list[Fill]] = field(default_factory=lambda: [[] for _ in COLUMN_KEYS])
    pages: list[int] = field(default_factory=list)

    def add(self, band: Band, page: int) -> None:
        """Append one band's cells (the row's part on ``page``)."""
        for column, lines in enumerate(band.cells):
            self.cells[column].extend((page, line) for line in lines)
        for column, fill in enumerate(band.fills):
            if fill is not None:
                self.fills[column].append(fill)
        if page not in self.pages and any(band.cells):
            self.pages.append(page)

    def lines(self, column: int) -> list[Line]:
        """The lines of one cell, over all its pages."""
        return [line for _, line in self.cells[column]]


def assemble(path: Path, plans: Sequence[PagePlan]) -> tuple[list[Row], dict[int, int]]:
    """The measure rows, and per page the glyphs of table header rows repeated in the body."""
    rows: list[Row] = []
    repeated: dict[int, int] = {}
    directorate: str | None = None
    fragment: tuple[PagePlan, Band] | None = None  # a row's first part at a page foot
    for plan in (p for p in plans if p.is_table):
        for index, band in enumerate(plan.bands):
            details = (
                join_lines(line.text for line in band.cells[COLUMN["measure_details"]])
                if band.cells
                else ""
            )
            if fragment is not None:
                _check_joins(path, fragment, plan, (index, band), details)
                fragment = None
                rows[-1].add(band, plan.number)
                continue
            if band.banner is not None:
                directorate = band.banner
                continue
            if normalise_space(details) == "Measure Details":
                repeated[plan.number] = repeated.get(plan.number, 0) + band.glyphs
                continue  # the table header repeated inside the body
            if details and split_code(details) is not None and not _continued(band, index, rows):
                rows.append(Row(directorate, plan.number))
            elif not details and not (index == 0 and rows) and _at_foot(plan, index):
                fragment = (plan, band)
                rows.append(Row(directorate, plan.number))
            elif not (index == 0 and rows):
                raise TableError(
                    path,
                    "a measure code (such as 'CP 08f') at the start of the Measure Details cell",
                    page=plan.number,
                    detail=f"found {details[:60]!r}" if details else "the cell is empty",
                )
            rows[-1].add(band, plan.number)
    if fragment is not None:
        raise _unjoined(path, fragment, "no table page follows")
    return rows, repeated


def _at_foot(plan: PagePlan, index: int) -> bool:
    """Whether band ``index`` is a row's first part at the page foot: the page's last band,
    under its own ruling across the Measure Details column (so it is a row of its own, not
    text cut off the row above)."""
    if index != len(plan.bands) - 1:
        return False
    band = plan.bands[index]
    left, right = plan.spans[0]
    return bool(plan.rulings.spanning(left, right, band.top - 1, band.top + 1))


def _check_joins(
    path: Path, fragment: tuple[PagePlan, Band], plan: PagePlan, at: tuple[int, Band], details: str
) -> None:
    """A page-foot part joins only the first band of the very next page, which must start
    the measure (a code in its Measure Details cell); anything else is refused."""
    if plan.number != fragment[0].number + 1:
        raise _unjoined(path, fragment, f"page {plan.number} is the next table page")
    index, band = at
    if index != 0 or band.banner is not None or not details or split_code(details) is None:
        found = f"found {details[:40]!r}" if details else "found no measure code"
        raise _unjoined(path, fragment, f"the next page's first row {found}")


def _unjoined(path: Path, fragment: tuple[PagePlan, Band], why: str) -> TableError:
    """The error for a page-foot row part that cannot be joined to a measure unambiguously."""
    plan, band = fragment
    text = " ".join(line.text for cell in band.cells for line in cell)
    return TableError(
        path,
        "a row part with an empty Measure Details cell at the page foot to continue on the "
        "next page's first row, which starts with a measure code",
        page=plan.number,
        detail=f"part at y={band.top:.0f}: {text[:40]!r}; {why}",
    )


def _continued(band: Band, index: int, rows: list[Row]) -> bool:
    """Whether a page's first band continues the previous row although its Measure Details
    text looks like a code (a title wrapped at ``Y6 pupils``): its status cells hold the
    rest of a status cell (``population``, ``Actual 83.20``) instead of the start of one."""
    if index != 0 or not rows:
        return False
    cells = [[w.text for line in band.cells[c] for w in line.words] for c in (1, 2)]
    if not any(cells):
        return False
    return not any(tokens and _starts_status_cell(tokens) for tokens in cells)


def _starts_status_cell(tokens: list[str]) -> bool:
    """A status cell starts with a status label, 'Quarterly/Forecast data' or 'Target'."""
    if tokens[0] in ("Quarterly", "Forecast", "Target"):
        return True
    for length in (1, 2):
        try:
            if parse_status(" ".join(tokens[:length])) is not None:
                return True
        except ValueError:
            continue
    return False


def line_pitch(rows: list[Row]) -> float:
    """Typical line step of the commentary, in ems (lower quartile of consecutive steps)."""
    steps = [
        (b.top - a.top) / a.size
        for row in rows
        for column in row.cells[COLUMN["context"] :]
        for (pa, a), (pb, b) in itertools.pairwise(column)
        if pa == pb and a.size > 0 and b.top - a.top > 0
    ]
    if len(steps) < 4:
        return min(steps, default=1.2)
    return quantiles(steps, n=4)[0]


def paragraphs(lines: list[tuple[int, Line]], pitch: float) -> list[list[str]]:
    """Group a cell's lines into paragraphs: a step clearly larger than the line pitch (a blank
    line) starts a new one; a page break continues the paragraph."""
    result: list[list[str]] = []
    previous: tuple[int, Line] | None = None
    for page, line in lines:
        if previous is None or (
            page == previous[0] and line.top - previous[1].top > 1.45 * pitch * previous[1].size
        ):
            result.append([])
        result[-1].append(line.text)
        previous = (page, line)
    return result
