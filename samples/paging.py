"""Measure rows placed on pages: banners, rows that move to a fresh page or run over a break.

With `Style.keep_together` (default style) a row that would fit on a fresh page moves there; a
taller row starts where it is when at least `Style.min_start_lines` lines fit, and every cell
continues at the top of the next page under the repeated header.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from samples.cells import (
    COMMENTARY_COLUMNS,
    HEADERS,
    Cell,
    Line,
    Metrics,
    measure_cells,
    split_point,
)
from samples.model import Report
from samples.styles import RGB, Style


@dataclass
class Placed:
    """A row (or the part of a row) placed on a page."""

    kind: str  # "measure" or "banner"
    top: float
    height: float
    cells: list[Cell] = field(default_factory=list)
    fills: list[RGB | None] = field(default_factory=list)
    text: str = ""
    measure_index: int = -1


@dataclass
class Layout:
    """The report laid out on pages; `pages_of[i]` lists the 1-based pages of measure i."""

    pages: list[list[Placed]]
    pages_of: dict[int, list[int]]


class Geometry:
    """Page-level positions derived from a style."""

    def __init__(self, style: Style, metrics: Metrics) -> None:
        self.style = style
        width, height = style.pagesize
        left, right, top, bottom = style.margins
        self.left, self.right = left, width - right
        self.table_width = self.right - self.left
        total = sum(style.column_widths)
        self.col_widths = [w * self.table_width / total for w in style.column_widths]
        self.col_x = [self.left + sum(self.col_widths[:i]) for i in range(7)]
        self.text_widths = [w - 2 * style.padding for w in self.col_widths]
        self.page_top = height - top
        self.header_bottom = (
            self.page_top
            - style.title_size * 1.3
            - 2 * style.font_size * 1.5
            - 6
            - style.header_space
        )
        self.table_header = [
            [Line(t, bold=True) for t in metrics.wrap(h, self.text_widths[i], bold=True)]
            for i, h in enumerate(HEADERS)
        ]
        rows = max(len(c) for c in self.table_header)
        self.table_header_height = rows * style.leading + 2 * style.padding
        self.body_top = self.header_bottom - self.table_header_height
        self.footer_top = bottom + 3 * style.font_size * 1.35 + 4
        self.body_bottom = self.footer_top + 2
        self.banner_height = style.leading + 2 * style.padding

    def row_height(self, cells: Sequence[Cell]) -> float:
        """Height of a row part holding these cells."""
        return max((len(c) for c in cells), default=0) * self.style.leading + 2 * self.style.padding

    def lines_fitting(self, y: float) -> int:
        """How many text lines fit between `y` and the bottom of the table area."""
        return math.floor((y - self.body_bottom - 2 * self.style.padding) / self.style.leading)


def layout_report(report: Report, style: Style) -> Layout:
    """Place banners and measure rows on pages, splitting rows over page breaks."""
    metrics = Metrics(style)
    geo = Geometry(style, metrics)
    pages: list[list[Placed]] = [[]]
    pages_of: dict[int, list[int]] = {}
    y = geo.body_top
    directorate = None

    def new_page() -> None:
        nonlocal y
        pages.append([])
        y = geo.body_top

    for index, m in enumerate(report.measures):
        if m.directorate != directorate:
            directorate = m.directorate
            if y - geo.banner_height < geo.body_bottom:
                new_page()
            pages[-1].append(
                Placed("banner", y, geo.banner_height, text=f"Directorate : {m.directorate}")
            )
            y -= geo.banner_height
        remaining = measure_cells(metrics, geo.text_widths, m)
        fills: list[RGB | None] = [None] * 7
        fills[1] = style.fills.get(m.quarterly_status or "")
        fills[2] = style.fills.get(m.forecast_status or "")
        first = True
        while True:
            fit = geo.lines_fitting(y)
            need = max(len(c) for c in remaining)
            if need <= fit:
                height = geo.row_height(remaining)
                pages[-1].append(
                    Placed("measure", y, height, remaining, fills, measure_index=index)
                )
                pages_of.setdefault(index, []).append(len(pages))
                y -= height
                break
            fits_fresh = need <= geo.lines_fitting(geo.body_top)
            if first and (fit < style.min_start_lines or (style.keep_together and fits_fresh)):
                new_page()
                first = False
                continue
            cuts = [split_point(c, fit, i in COMMENTARY_COLUMNS) for i, c in enumerate(remaining)]
            here = [c[:k] for c, k in zip(remaining, cuts, strict=True)]
            if not any(here):
                if y == geo.body_top:
                    raise ValueError(f"{m.code}: a cell cannot be split over a page break")
                new_page()
                continue
            height = geo.row_height(here)
            pages[-1].append(Placed("measure", y, height, here, fills, measure_index=index))
            pages_of.setdefault(index, []).append(len(pages))
            remaining = [c[k:] for c, k in zip(remaining, cuts, strict=True)]
            new_page()
            first = False
    return Layout(pages, pages_of)
