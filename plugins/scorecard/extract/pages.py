"""What each page is: a table page, a continuation without a header, or a non-table page.

A page with the table header row is a table page: title block above the header, body below,
footer at the foot (see ``furniture``). A page without the header that directly follows a
table page continues its table (reports may print the header on the first page only) when it
shows table content (a banner, a row starting with a measure code, a status cell) or its text
sits in that table's columns. Any other page is skipped as a cover, a RAG key, notes or blank,
with the reason; but a page with table content and no table before it is an error.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from scorecard.extract import furniture, grid, header, table
from scorecard.extract.errors import TableError
from scorecard.extract.glyphs import read_glyphs
from scorecard.extract.grid import straddles
from scorecard.extract.model import STATUSES
from scorecard.extract.pdf import PageObjects
from scorecard.extract.plan import PagePlan
from scorecard.extract.rulings import find_rulings
from scorecard.extract.words import Line, group_words

REPORT_TITLE = "Council Scorecard"
_STATUS_WORDS = frozenset(s.lower() for s in STATUSES if " " not in s and "/" not in s)


def read_page(path: Path, objects: PageObjects, number: int) -> PagePlan:
    """Lines, rulings and glyph census of one page, and its table header if it has one."""
    glyphs, census = read_glyphs(objects.chars)
    lines = group_words(glyphs, census)
    plan = PagePlan(
        number, lines, find_rulings(objects.lines, objects.rects), census, objects.height
    )
    found = header.find_header_rows(lines)
    if found is not None:
        spans = header.header_spans(lines[found[0] : found[1] + 1])
        if spans is None:
            raise TableError(
                path, header.EXPECTED_HEADER, page=number, detail="a header label is missing"
            )
        plan.kind, plan.header_rows, plan.spans = "table", found, spans
    return plan


def plan_pages(path: Path, plans: list[PagePlan]) -> None:
    """Classify every page and split table pages into title, header, body, footer and bands."""
    keys = furniture.title_keys(
        [p.lines[: p.header_rows[0]] for p in plans if p.header_rows is not None]
    )
    starts = [
        p.header_rows[1] + 1
        if p.header_rows is not None
        else furniture.leading_title_lines(p.lines, keys)
        for p in plans
    ]
    footer_at = furniture.footer_starts(
        [
            furniture.PageLines(
                p.lines, start, p.rulings, p.height,
                p.spans[0][0] if p.spans else None,
                p.header_rows is not None or _table_like(p.lines[start:]),
            )
            for p, start in zip(plans, starts, strict=True)
        ]
    )  # fmt: skip
    for plan, start, end in zip(plans, starts, footer_at, strict=True):
        plan.title = plan.lines[: plan.header_rows[0] if plan.header_rows else start]
        if plan.header_rows is not None:
            plan.table_header = plan.lines[plan.header_rows[0] : start]
        plan.body, plan.footer = plan.lines[start:end], plan.lines[end:]
        _check_footer(path, plan)
    table.set_bounds([p for p in plans if p.kind == "table"])
    previous: PagePlan | None = None
    for plan in plans:
        if plan.kind != "table":
            _classify(path, plan, previous)
        if plan.is_table and plan.body:
            _split_notes(plan)
        if plan.is_table and plan.body:
            _check_prose(path, plan)
            table.cut_bands(plan)
        previous = plan


def _classify(path: Path, plan: PagePlan, previous: PagePlan | None) -> None:
    """Decide what a page without the table header is (see the module docstring)."""
    text_lines = plan.lines
    if not text_lines and not plan.census.rotated:
        plan.kind, plan.reason = "blank", "no text"
        return
    after_table = previous is not None and previous.is_table and bool(previous.bounds)
    if after_table and previous is not None:
        if _table_like(plan.body) or (plan.body and _fits_columns(plan.body, previous.bounds)):
            plan.kind, plan.reason = "continuation", "no header row: continues the table"
            plan.spans, plan.bounds, plan.starts = previous.spans, previous.bounds, previous.starts
            return
    elif _table_like(plan.body):
        raise TableError(
            path,
            header.EXPECTED_HEADER,
            page=plan.number,
            detail="the page has table rows but no header row",
        )
    plan.title, plan.body, plan.footer = [], [], []
    words = {w.text.lower().strip(".:,") for line in text_lines for w in line.words}
    if any(REPORT_TITLE.lower() in line.text.lower() for line in text_lines[:6]):
        plan.kind, plan.reason = "cover", "the report title, no table"
    elif len(words & _STATUS_WORDS) >= 3:
        plan.kind, plan.reason = "rag key", "status colours explained, no table"
    else:
        plan.kind, plan.reason = "notes", "text without the table's header or columns"


def _split_notes(plan: PagePlan) -> None:
    """Move prose printed below a ruled table's bottom ruling (a notes paragraph after the
    last row) out of the body: lines that cross the column boundaries, not a row's cells."""
    left, right = plan.spans[0]
    header_bottom = max((line.bottom for line in plan.table_header), default=plan.body[0].top - 1)
    foot = plan.footer[0].top if plan.footer else plan.height
    bottom = max(plan.rulings.spanning(left, right, header_bottom, foot), default=None)
    if bottom is None:
        return
    index = next((i for i, line in enumerate(plan.body) if line.top > bottom), len(plan.body))
    trailing = plan.body[index:]
    if trailing and not _fits_columns(trailing, plan.bounds) and not _table_like(trailing):
        plan.body, plan.notes = plan.body[:index], trailing
        plan.reason = (
            plan.reason + "; " if plan.reason else ""
        ) + "text below the table skipped as notes"


def _check_prose(path: Path, plan: PagePlan) -> None:
    """Without row rulings, a second block of text in the Measure Details column that does
    not start with a measure code (a notes paragraph after the last row) cannot be told
    from the row above it: refuse rather than read it into that row's cells."""
    left, right = plan.spans[0]
    top = plan.body[0].top - 2 * plan.body[0].size
    foot = plan.footer[0].top if plan.footer else plan.height
    if len(plan.rulings.spanning(left, right, top, foot)) > 1:
        return
    stray = grid.stray_blocks(plan.body, plan.bounds)
    if stray:
        raise TableError(
            path,
            "a measure code at the start of each block of the Measure Details column",
            page=plan.number,
            detail=f"text after a gap at y={stray[0].top:.0f}: {stray[0].text[:60]!r}",
        )


def _table_like(lines: list[Line]) -> bool:
    """Table content: a banner, a row starting with a measure code, a status cell marker."""
    for line in lines:
        if furniture.belongs_to_table(line):
            return True
        texts = [w.text for w in line.words]
        for a, b in itertools.pairwise(texts):
            if a in ("Quarterly", "Forecast") and b == "data":
                return True
    return False


def _fits_columns(lines: list[Line], bounds: list[float]) -> bool:
    """Whether a page's text sits in the table's columns (few words straddle a boundary)."""
    wide = [line for line in lines if len(line.words) >= 2]
    crossing = sum(1 for line in wide if any(straddles(w, bounds) for w in line.words))
    return crossing <= 0.3 * len(wide)


def _check_footer(path: Path, plan: PagePlan) -> None:
    """Table content in the footer area, or footer lines above the table's bottom ruling,
    mean the page cannot be read safely."""
    if plan.header_rows is None or not plan.footer:
        return
    left, right = plan.spans[0]
    header_bottom = plan.lines[plan.header_rows[1]].bottom
    ruled = plan.rulings.spanning(left, right, header_bottom, plan.height)
    bottom = max(ruled, default=None)
    for line in plan.footer:
        inside = bottom is not None and line.bottom < bottom - 0.5
        if furniture.belongs_to_table(line) or inside:
            raise TableError(
                path,
                "the page footer below the table",
                page=plan.number,
                detail=f"table text in the footer area at y={line.top:.0f}: {line.text[:60]!r}",
            )
