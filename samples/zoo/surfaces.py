"""The two coordinate-drawing producers behind `samples.zoo.paint.Surface`: reportlab and fpdf2.

reportlab draws the standard fonts (Helvetica, Times) unembedded, or embeds TrueType subsets;
fpdf2 always embeds TrueType (Identity-H with a ToUnicode map). Both write byte-identical files
on rerun (reportlab `invariant`, fpdf2 a fixed creation date).
"""

from __future__ import annotations

from datetime import UTC, datetime
from io import BytesIO

from fpdf import FPDF
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from samples.model import REPORT_NAME, TEAM
from samples.zoo.fonts import FACES, font_file, ligature_chars
from samples.zoo.styles import RGB, ZooStyle


class ReportlabSurface:
    """reportlab's canvas."""

    def __init__(self, style: ZooStyle) -> None:
        face = FACES[style.font]
        if face.standard:
            self.fonts = face.standard
            self.ligatures: frozenset[str] = frozenset()
        else:
            self.fonts = (f"zoo-{style.font}", f"zoo-{style.font}-bold")
            for name, bold in zip(self.fonts, (False, True), strict=True):
                if name not in pdfmetrics.getRegisteredFontNames():
                    pdfmetrics.registerFont(TTFont(name, font_file(face.family, bold)))
            self.ligatures = ligature_chars(font_file(face.family, False))
        self.buffer = BytesIO()
        self.canvas = Canvas(self.buffer, invariant=1, pageCompression=1)
        self.canvas.setTitle(REPORT_NAME)
        self.canvas.setAuthor(TEAM)
        self.started = False
        self.colour: RGB = (0.0, 0.0, 0.0)

    def new_page(self, width: float, height: float) -> None:
        if self.started:
            self.canvas.showPage()
        self.canvas.setPageSize((width, height))
        self.canvas.setLineWidth(0.5)
        self.started = True

    def rect(self, x: float, y: float, w: float, h: float, fill: RGB | None, stroke: bool) -> None:
        if fill is not None:
            self.canvas.setFillColorRGB(*fill)
        self.canvas.rect(x, y, w, h, stroke=int(stroke), fill=int(fill is not None))
        self.canvas.setFillColorRGB(0, 0, 0)

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.canvas.line(x1, y1, x2, y2)

    def ink(self, colour: RGB) -> None:
        self.colour = colour

    def text(
        self, x: float, y: float, text: str, bold: bool, size: float, char_space: float
    ) -> None:
        tx = self.canvas.beginText(x, y)
        tx.setFont(self.fonts[bold], size)
        if char_space:
            tx.setCharSpace(char_space)
        tx.textOut(text)
        self.canvas.setFillColorRGB(*self.colour)
        self.canvas.drawText(tx)
        self.canvas.setFillColorRGB(0, 0, 0)

    def measure(self, text: str, bold: bool, size: float) -> float:
        return pdfmetrics.stringWidth(text, self.fonts[bold], size)

    def finish(self) -> bytes:
        self.canvas.showPage()
        self.canvas.save()
        return self.buffer.getvalue()


class FpdfSurface:
    """fpdf2's FPDF in points (its y axis runs down the page; converted here)."""

    def __init__(self, style: ZooStyle) -> None:
        self.pdf = FPDF(unit="pt")
        self.pdf.set_creation_date(datetime(2018, 6, 4, tzinfo=UTC))
        self.pdf.set_title(REPORT_NAME)
        self.pdf.set_author(TEAM)
        self.pdf.set_auto_page_break(False)
        self.pdf.set_line_width(0.5)
        family = FACES[style.font].family
        self.pdf.add_font("zoo", "", font_file(family, False))
        self.pdf.add_font("zoo", "B", font_file(family, True))
        self.ligatures = ligature_chars(font_file(family, False))
        self.height = 0.0
        self.state: tuple[bool, float, float] | None = None

    def _font(self, bold: bool, size: float, char_space: float = 0.0) -> None:
        if self.state != (bold, size, char_space):
            self.pdf.set_font("zoo", "B" if bold else "", size)
            self.pdf.set_char_spacing(char_space)
            self.state = (bold, size, char_space)

    def new_page(self, width: float, height: float) -> None:
        self.pdf.add_page(format=(width, height))
        self.height = height
        self.state = None

    def rect(self, x: float, y: float, w: float, h: float, fill: RGB | None, stroke: bool) -> None:
        if fill is not None:
            self.pdf.set_fill_color(*(round(c * 255) for c in fill))
        style = ("F" if fill is not None else "") + ("D" if stroke else "")
        self.pdf.rect(x, self.height - y - h, w, h, style=style)

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.pdf.line(x1, self.height - y1, x2, self.height - y2)

    def ink(self, colour: RGB) -> None:
        self.pdf.set_text_color(*(round(c * 255) for c in colour))

    def text(
        self, x: float, y: float, text: str, bold: bool, size: float, char_space: float
    ) -> None:
        self._font(bold, size, char_space)
        self.pdf.text(x, self.height - y, text)

    def measure(self, text: str, bold: bool, size: float) -> float:
        self._font(bold, size)
        return float(self.pdf.get_string_width(text))

    def finish(self) -> bytes:
        return bytes(self.pdf.output())
