"""Render one report in one style with one producer, and say what its extraction must be.

    render("weasyprint", style, "mini") -> Rendering(pdf, report, pages_of, page_count)

`rotation=90` is applied afterwards, the same way for every producer: each landscape page is
placed, turned a quarter, on a portrait page that carries `/Rotate 90` (pdfium's page objects),
so a viewer shows it landscape while the page is stored portrait.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import partial
from io import BytesIO
from typing import Any

import pypdfium2 as pdfium

from samples.model import Report
from samples.zoo import weasy
from samples.zoo.content import content, drawn, expected, reports
from samples.zoo.fonts import ligate
from samples.zoo.layout import SOFT_HYPHEN, plan
from samples.zoo.paint import Painter
from samples.zoo.styles import ZooStyle
from samples.zoo.surfaces import FpdfSurface, ReportlabSurface


@dataclass(frozen=True)
class Rendering:
    """A rendered PDF and the report it shows (content axes applied)."""

    pdf: bytes
    report: Report
    pages_of: dict[int, list[int]]
    page_count: int

    def expected(self) -> dict[str, Any]:
        """The exact extraction this PDF must give."""
        return expected(self.report, self.pages_of, self.page_count, self.pdf)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()


_LONG_WORD = re.compile(r"[A-Za-z]{9,}")


def hyphenate(text: str) -> str:
    """Soft hyphens every four letters of words of nine letters or more ("orga-nisa-tion")."""

    def points(match: re.Match[str]) -> str:
        word = match.group()
        pieces = [word[i : i + 4] for i in range(0, len(word), 4)]
        if len(pieces[-1]) < 3:
            tail = pieces.pop()
            pieces[-1] += tail
        return SOFT_HYPHEN.join(pieces)

    return _LONG_WORD.sub(points, text)


def _draw(style: ZooStyle, ligatures: frozenset[str], text: str) -> str:
    """Model text as a producer draws it: quote style, hyphenation points, ligatures."""
    text = drawn(text, style)
    if style.soft_hyphens == "on":
        text = hyphenate(text)
    return ligate(text, ligatures) if style.ligatures == "on" else text


def _painted(surface: ReportlabSurface | FpdfSurface, style: ZooStyle, report: Report) -> Rendering:
    painter = Painter(surface, style, report)
    pages, pages_of = plan(
        report.measures, style, painter.frame, partial(_draw, style, surface.ligatures)
    )
    for number, page in enumerate(pages, start=1):
        painter.page(page, number, len(pages))
    return Rendering(surface.finish(), report, pages_of, len(pages))


def rotate_stored_portrait(pdf: bytes) -> bytes:
    """Every page stored portrait with /Rotate 90, showing the same landscape page."""
    source = pdfium.PdfDocument(pdf)
    target = pdfium.PdfDocument.new()
    for index in range(len(source)):
        width, height = source.get_page_size(index)
        page = target.new_page(height, width)
        placed = source.page_as_xobject(index, target).as_pageobject()
        # display (x, y) of the landscape page -> stored portrait (height - y, x)
        placed.transform(pdfium.PdfMatrix(0, 1, -1, 0, height, 0))
        page.insert_obj(placed)
        page.gen_content()
        page.set_rotation(90)
        page.close()
    out = BytesIO()
    target.save(out)
    target.close()
    source.close()
    return out.getvalue()


def render(producer: str, style: ZooStyle, report_name: str = "mini") -> Rendering:
    """Draw `report_name` (see `samples.zoo.content.reports`) in `style` with `producer`."""
    report = content(reports()[report_name], style)
    if producer == "weasyprint":
        pdf, pages_of, count = weasy.render(report, style, partial(_draw, style, frozenset()))
        rendering = Rendering(pdf, report, pages_of, count)
    elif producer == "reportlab":
        rendering = _painted(ReportlabSurface(style), style, report)
    elif producer == "fpdf2":
        rendering = _painted(FpdfSurface(style), style, report)
    else:
        raise ValueError(f"unknown producer {producer!r}")
    if style.rotation == "90":
        pdf = rotate_stored_portrait(rendering.pdf)
        rendering = Rendering(pdf, report, rendering.pages_of, rendering.page_count)
    return rendering
