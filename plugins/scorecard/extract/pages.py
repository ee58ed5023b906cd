"""What each page is: a table page, a continuation without a header, or a non-table page.

A page with the table header row is a table page: title block above the header, body below,
footer at the foot (see ``furniture``). A page without the header that directly follows a
table page continues its table (reports may print the header on the first page only) when it
shows table content (a banner, a row starting with a measure code, a status cell) or its text
sits in that table's columns. Any other page is skipped as a cover, a RAG key, notes or blank,
with the reason; but a page with table content and no table before it is an error.
"""

from __future__ import annotations

from pathlib import Path

from scorecard.extract import furniture, grid, header, table
from scorecard.extract.errors import TableError, unknown_header
from scorecard.extract.glyphs import read_glyphs
from scorecard.extract.grid import straddles
from scorecard.extract.pdf import PageObjects
from scorecard.extract.plan import PagePlan
from scorecard.extract.reading import Reading
from scorecard.extract.rulings import find_rulings
from scorecard.extract.words import Line, group_words

HeaderCache = dict[tuple[tuple[str, int, int], ...], header.HeaderMap]
"""Header rows already mapped, by their words and places (pages alike share one mapping)."""


def read_page(
    path: Path,
    objects: PageObjects,
    number: int,
    reading: Reading,
    cache: HeaderCache | None = None,
    strict: bool = True,
) -> PagePlan:
    """Lines, rulings and glyph census of one page, and its table header if it has one
    (``strict``: a header with an unknown, missing or repeated column is refused here)."""
    glyphs, census = read_glyphs(objects.chars)
    lines = group_words(glyphs, census)
    plan = PagePlan(
        number, lines, find_rulings(objects.lines, objects.rects), census, objects.height
    )
    found = header.find_header_rows(lines, reading, plan.rulings)
    if found is not None:
        rows = lines[found[0] : found[1] + 1]
        key = tuple((w.text, round(w.x0), round(w.top)) for line in rows for w in line.words)
        mapped = (cache or {}).get(key) or header.map_columns(rows, plan.rulings, reading)
        if cache is not None:
            cache[key] = mapped
        if strict:
            check_header(path, number, mapped, reading)
        plan.kind, plan.header_rows, plan.spans = "table", found, mapped.spans
        plan.header = mapped
    return plan


def check_header(path: Path, number: int, mapped: header.HeaderMap, reading: Reading) -> None:
    """Refuse a header row with a label the profile does not know, a required column missing
    or a field named by two columns."""
    if mapped.unknown:
        raise unknown_header(path, number, [c.text for c in mapped.unknown], reading.profile)
    if mapped.missing or mapped.repeated:
        problem = (
            f"no column for {', '.join(mapped.missing)}"
            if mapped.missing
            else f"two columns for {', '.join(mapped.repeated)}"
        )
        found = " | ".join(c.text for c in mapped.columns)
        raise TableError(
            path, header.expected_header(reading), page=number, detail=f"{problem}; found {found}"
        )


def plan_pages(path: Path, plans: list[PagePlan], reading: Reading) -> None:
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
                p.header_rows is not None or _table_like(p.lines[start:], reading),
            )
            for p, start in zip(plans, starts, strict=True)
        ],
        reading,
    )  # fmt: skip
    for plan, start, end in zip(plans, starts, footer_at, strict=True):
        plan.title = plan.lines[: plan.header_rows[0] if plan.header_rows else start]
        if plan.header_rows is not None:
            plan.table_header = plan.lines[plan.header_rows[0] : start]
        plan.body, plan.footer = plan.lines[start:end], plan.lines[end:]
        _check_footer(path, plan, reading)
    table.set_bounds([p for p in plans if p.kind == "table"], reading)
    previous: PagePlan | None = None
    for plan in plans:
        if plan.kind != "table":
            _classify(path, plan, previous, reading)
        if plan.is_table and plan.body:
            _split_notes(plan, reading)
        if plan.is_table and plan.body:
            _check_prose(path, plan, reading)
            table.cut_bands(plan, reading)
        previous = plan


def _classify(path: Path, plan: PagePlan, previous: PagePlan | None, reading: Reading) -> None:
    """Decide what a page without the table header is (see the module docstring)."""
    text_lines = plan.lines
    if not text_lines and not plan.census.rotated:
        plan.kind, plan.reason = "blank", "no text"
        return
    after_table = previous is not None and previous.is_table and bool(previous.bounds)
    if after_table and previous is not None:
        if _table_like(plan.body, reading) or (
            plan.body and _fits_columns(plan.body, previous.bounds)
        ):
            plan.kind, plan.reason = "continuation", "no header row: continues the table"
            plan.spans, plan.bounds, plan.starts = previous.spans, previous.bounds, previous.starts
            plan.header = previous.header
            return
    elif _table_like(plan.body, reading):
        raise TableError(
            path,
            header.expected_header(reading),
            page=plan.number,
            detail="the page has table rows but no header row",
        )
    plan.title, plan.body, plan.footer = [], [], []
    words = {w.text.lower().strip(".:,") for line in text_lines for w in line.words}
    status_words = {
        s.lower() for s in reading.profile.status_labels() if " " not in s and "/" not in s
    }
    if any(reading.names_report(line.text) for line in text_lines[:6]):
        plan.kind, plan.reason = "cover", "the report title, no table"
    elif len(words & status_words) >= 3:
        plan.kind, plan.reason = "rag key", "status colours explained, no table"
    else:
        plan.kind, plan.reason = "notes", "text without the table's header or columns"


def _split_notes(plan: PagePlan, reading: Reading) -> None:
    """Move prose printed below a ruled table's bottom ruling (a notes paragraph after the
    last row) out of the body: lines that cross the column boundaries, not a row's cells."""
    left, right = plan.spans[plan.key]
    header_bottom = max((line.bottom for line in plan.table_header), default=plan.body[0].top - 1)
    foot = plan.footer[0].top if plan.footer else plan.height
    bottom = max(plan.rulings.spanning(left, right, header_bottom, foot), default=None)
    if bottom is None:
        return
    index = next((i for i, line in enumerate(plan.body) if line.top > bottom), len(plan.body))
    trailing = plan.body[index:]
    if trailing and not _fits_columns(trailing, plan.bounds) and not _table_like(trailing, reading):
        plan.body, plan.notes = plan.body[:index], trailing
        plan.reason = (
            plan.reason + "; " if plan.reason else ""
        ) + "text below the table skipped as notes"


def _check_prose(path: Path, plan: PagePlan, reading: Reading) -> None:
    """Without row rulings, a second block of text in the Measure Details column that does
    not start with a measure code (a notes paragraph after the last row) cannot be told
    from the row above it: refuse rather than read it into that row's cells."""
    left, right = plan.spans[plan.key]
    top = plan.body[0].top - 2 * plan.body[0].size
    foot = plan.footer[0].top if plan.footer else plan.height
    if len(plan.rulings.spanning(left, right, top, foot)) > 1:
        return
    stray = grid.stray_blocks(plan.body, plan.bounds, plan.key, reading)
    if stray:
        raise TableError(
            path,
            "a measure code at the start of each block of the Measure Details column",
            page=plan.number,
            detail=f"text after a gap at y={stray[0].top:.0f}: {stray[0].text[:60]!r}",
        )


def _table_like(lines: list[Line], reading: Reading) -> bool:
    """Table content: a banner, a row starting with a measure code, a status cell marker."""
    return any(reading.table_line(line) for line in lines)


def _fits_columns(lines: list[Line], bounds: list[float]) -> bool:
    """Whether a page's text sits in the table's columns (few words straddle a boundary)."""
    wide = [line for line in lines if len(line.words) >= 2]
    crossing = sum(1 for line in wide if any(straddles(w, bounds) for w in line.words))
    return crossing <= 0.3 * len(wide)


def _check_footer(path: Path, plan: PagePlan, reading: Reading) -> None:
    """Table content in the footer area, or footer lines above the table's bottom ruling,
    mean the page cannot be read safely."""
    if plan.header_rows is None or not plan.footer:
        return
    left, right = plan.spans[plan.key]
    header_bottom = plan.lines[plan.header_rows[1]].bottom
    ruled = plan.rulings.spanning(left, right, header_bottom, plan.height)
    bottom = max(ruled, default=None)
    for line in plan.footer:
        inside = bottom is not None and line.bottom < bottom - 0.5
        if reading.table_line(line) or inside:
            raise TableError(
                path,
                "the page footer below the table",
                page=plan.number,
                detail=f"table text in the footer area at y={line.top:.0f}: {line.text[:60]!r}",
            )
