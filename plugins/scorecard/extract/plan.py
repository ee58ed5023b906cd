"""One page's parts as the extractor reads them: kind, header, body, footer, bands."""

from __future__ import annotations

from dataclasses import dataclass, field

from scorecard.extract.bands import Band
from scorecard.extract.glyphs import GlyphCensus
from scorecard.extract.header import HeaderMap
from scorecard.extract.rulings import Rulings
from scorecard.extract.words import Line

TABLE_KINDS = frozenset({"table", "continuation"})


@dataclass(slots=True)
class PagePlan:
    """One page's parts; only table and continuation pages have a header, body and bands."""

    number: int
    lines: list[Line]
    rulings: Rulings
    census: GlyphCensus
    height: float
    kind: str = "notes"
    reason: str | None = None
    header_rows: tuple[int, int] | None = None
    spans: list[tuple[float, float]] = field(default_factory=list)
    header: HeaderMap | None = None  # the columns the header row names, left to right
    title: list[Line] = field(default_factory=list)
    table_header: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    footer: list[Line] = field(default_factory=list)
    notes: list[Line] = field(default_factory=list)  # prose below a ruled table's last row
    bounds: list[float] = field(default_factory=list)
    starts: list[float] = field(default_factory=list)
    bands: list[Band] = field(default_factory=list)

    @property
    def columns(self) -> tuple[str, ...]:
        """The field of each column, left to right (see ``header.Column.field``)."""
        return self.header.fields if self.header is not None else ()

    @property
    def key(self) -> int:
        """The column that starts a row: the measure code (Measure Details)."""
        columns = self.columns
        for name in ("measure_details", "measure_code"):
            if name in columns:
                return columns.index(name)
        return 0

    @property
    def is_table(self) -> bool:
        """A page that carries rows of the table."""
        return self.kind in TABLE_KINDS
