"""Where every glyph of every page went: an output field or recognised page furniture.

The counts are taken from the page's final structure (title block, table header, bands,
footer) and checked against the census of glyphs drawn on the page, taken before any grouping.
A glyph in neither (text set at an angle, text outside every recognised part) is an error
naming the page, its position and its text: nothing is dropped silently. The counts go into
the extraction JSON (``report.pages``) so a reviewer can see them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from scorecard.extract.errors import TableError
from scorecard.extract.furniture import is_page_number
from scorecard.extract.plan import PagePlan
from scorecard.extract.words import Line
from scorecard.profiles.model import IGNORE


@dataclass(frozen=True, slots=True)
class PageAccount:
    """How many drawn glyphs of one page went where (they add up to ``glyphs``)."""

    page: int
    kind: str
    reason: str | None
    glyphs: int
    fields: int
    title_block: int
    table_header: int
    banners: int
    footer: int
    page_numbers: int
    skipped: int
    doubled: int  # faux-bold second copies, counted with their first copy's place

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return asdict(self)


def account(path: Path, plan: PagePlan, repeated_header_glyphs: int = 0) -> PageAccount:
    """The accounting of one page; raises when some glyph went nowhere."""
    census = plan.census
    if census.rotated and plan.kind != "blank":
        glyph = census.rotated[0]
        raise TableError(
            path,
            "upright text only (text set at an angle is not part of the table)",
            page=plan.number,
            detail=f"{len(census.rotated)} glyphs at an angle, "
            f"first {glyph.text!r} at x={glyph.x0:.0f}, y={glyph.top:.0f}",
        )
    banners = sum(b.glyphs for b in plan.bands if b.banner is not None)
    ignored = sum(
        line.glyphs
        for b in plan.bands
        if b.banner is None
        for column, name in enumerate(plan.columns)
        if name == IGNORE and column < len(b.cells)
        for line in b.cells[column]
    )
    fields = (
        sum(b.glyphs for b in plan.bands if b.banner is None) - repeated_header_glyphs - ignored
    )
    numbers = sum(
        sum(w.glyphs for w in words)
        for line in plan.footer
        for words in line.segment_words()
        if is_page_number(" ".join(w.text for w in words))
    )
    table = plan.is_table
    result = PageAccount(
        page=plan.number,
        kind=plan.kind,
        reason=plan.reason,
        glyphs=census.drawn,
        fields=fields,
        title_block=_glyphs(plan.title),
        table_header=_glyphs(plan.table_header) + repeated_header_glyphs,
        banners=banners,
        footer=_glyphs(plan.footer) - numbers,
        page_numbers=numbers,
        skipped=(_glyphs(plan.notes) + ignored) if table else _glyphs(plan.lines),
        doubled=census.doubled,
    )
    placed = (
        result.fields + result.title_block + result.table_header + result.banners
        + result.footer + result.page_numbers + result.skipped
    )  # fmt: skip
    if placed != census.drawn:
        raise TableError(
            path,
            "every glyph of the page in a field or in recognised page furniture",
            page=plan.number,
            detail=_stray(plan, census.drawn - placed),
        )
    return result


def _glyphs(lines: list[Line]) -> int:
    return sum(line.glyphs for line in lines)


def _stray(plan: PagePlan, missing: int) -> str:
    """Name the first word no part of the page took (position and text)."""
    furniture = (*plan.title, *plan.table_header, *plan.footer, *plan.notes)
    placed = {id(w) for line in furniture for w in line.words}
    for band in plan.bands:
        lines = [band.banner_line] if band.banner_line else [x for c in band.cells for x in c]
        placed.update(id(w) for line in lines for w in line.words)
    for line in plan.lines:
        for word in line.words:
            if id(word) not in placed:
                return (
                    f"{missing} glyphs unaccounted for, first at x={word.x0:.0f}, "
                    f"y={word.top:.0f}: {line.text[:60]!r}"
                )
    return f"{missing} glyphs unaccounted for"
