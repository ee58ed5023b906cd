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
from scorecard.extract.errors import TableError
from scorecard.extract.header import expected_header
from scorecard.extract.plan import PagePlan
from scorecard.extract.reading import Reading
from scorecard.extract.rulings import Fill
from scorecard.extract.text import join_lines
from scorecard.extract.words import Line
from scorecard.profiles.model import COMMENTARY


@dataclass(slots=True)
class Row:
    """A measure being assembled from one or more bands (pages)."""

    directorate: str | None
    page: int
    columns: tuple[str, ...]
    cells: list[list[tuple[int, Line]]] = field(default_factory=list)
    fills: list[list[Fill]] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.cells = [[] for _ in self.columns]
        self.fills = [[] for _ in self.columns]

    def column(self, name: str) -> int | None:
        """The index of the column holding field ``name``, if the table has one."""
        return self.columns.index(name) if name in self.columns else None

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


def assemble(
    path: Path, plans: Sequence[PagePlan], reading: Reading
) -> tuple[list[Row], dict[int, int]]:
    """The measure rows, and per page the glyphs of table header rows repeated in the body."""
    rows: list[Row] = []
    repeated: dict[int, int] = {}
    directorate: str | None = None
    fragment: tuple[PagePlan, Band] | None = None  # a row's first part at a page foot
    tables = [p for p in plans if p.is_table]
    columns = tables[0].columns if tables else ()
    for plan in tables:
        if plan.columns != columns:
            raise TableError(
                path,
                expected_header(reading) + " in the same order on every page",
                page=plan.number,
                detail=f"{' | '.join(plan.columns)} after {' | '.join(columns)}",
            )
        for index, band in enumerate(plan.bands):
            details = join_lines(line.text for line in band.cells[plan.key]) if band.cells else ""
            if fragment is not None:
                _check_joins(path, fragment, plan, (index, band), details, reading)
                fragment = None
                rows[-1].add(band, plan.number)
                continue
            if band.banner is not None:
                directorate = band.banner
                continue
            if reading.is_measure_label(details):
                repeated[plan.number] = repeated.get(plan.number, 0) + band.glyphs
                continue  # the table header repeated inside the body
            if (
                details
                and reading.starts_with_code(details)
                and not _continued(band, index, rows, reading)
            ):
                rows.append(Row(directorate, plan.number, columns))
            elif not details and not (index == 0 and rows) and _at_foot(plan, index):
                fragment = (plan, band)
                rows.append(Row(directorate, plan.number, columns))
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
    left, right = plan.spans[plan.key]
    return bool(plan.rulings.spanning(left, right, band.top - 1, band.top + 1))


def _check_joins(
    path: Path,
    fragment: tuple[PagePlan, Band],
    plan: PagePlan,
    at: tuple[int, Band],
    details: str,
    reading: Reading,
) -> None:
    """A page-foot part joins only the first band of the very next page, which must start
    the measure (a code in its Measure Details cell); anything else is refused."""
    if plan.number != fragment[0].number + 1:
        raise _unjoined(path, fragment, f"page {plan.number} is the next table page")
    index, band = at
    if (
        index != 0
        or band.banner is not None
        or not details
        or not reading.starts_with_code(details)
    ):
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


def _continued(band: Band, index: int, rows: list[Row], reading: Reading) -> bool:
    """Whether a page's first band continues the previous row although its Measure Details
    text looks like a code (a title wrapped at ``Y6 pupils``): its combined status cells hold
    the rest of a status cell (``population``, ``Actual 83.20``) instead of the start of one."""
    if index != 0 or not rows:
        return False
    status = [
        c for c in (rows[-1].column("quarterly"), rows[-1].column("forecast")) if c is not None
    ]
    cells = [[w.text for line in band.cells[c] for w in line.words] for c in status]
    if not any(cells):
        return False
    return not any(tokens and _starts_status_cell(tokens, reading) for tokens in cells)


def _starts_status_cell(tokens: list[str], reading: Reading) -> bool:
    """A status cell starts with a status label, 'Quarterly/Forecast data' or 'Target'."""
    cell = reading.profile.status_cell
    firsts = {cell.quarterly_marker.split()[0], cell.forecast_marker.split()[0], cell.target}
    if tokens[0] in firsts:
        return True
    return any(
        reading.profile.status_of(" ".join(tokens[:length])) is not None for length in (1, 2)
    )


def line_pitch(rows: list[Row]) -> float:
    """Typical line step of the commentary, in ems (lower quartile of consecutive steps)."""
    steps = [
        (b.top - a.top) / a.size
        for row in rows
        for column in (row.cells[i] for i, name in enumerate(row.columns) if name in COMMENTARY)
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
