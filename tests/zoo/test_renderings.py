"""The zoo draws what its style says: each axis value leaves its mark in the PDF.

Without these checks a style could silently not apply and the zoo would prove nothing about it.
Read with pdfplumber and pdfminer only (no extraction by the product).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from samples.zoo.check import Case, write

Page = pdfplumber.page.Page


def _words(page: Page) -> list[str]:
    return [w["text"] for w in page.extract_words()]


def _stored_rotated_portrait(path: Path) -> bool:
    with path.open("rb") as f:
        page = next(PDFPage.create_pages(PDFDocument(PDFParser(f))))
        x0, y0, x1, y1 = page.mediabox
        return page.rotate == 90 and (y1 - y0) > (x1 - x0)


def _has(text: str) -> Callable[[list[Page]], bool]:
    return lambda pages: any(text in (p.extract_text() or "") for p in pages)


def _has_char(char: str) -> Callable[[list[Page]], bool]:
    return lambda pages: any(c["text"] == char for p in pages for c in p.chars)


def _faux_bold(pages: list[Page]) -> bool:
    chars = pages[0].chars
    return any(
        a["text"] == b["text"] == "M" and 0.2 < b["x0"] - a["x0"] < 0.4
        for a in chars
        for b in chars
    )


def _superscript(pages: list[Page]) -> bool:
    return any(c["text"] in "stndrh" and c["size"] < 6 for p in pages for c in p.chars)


def _hyphen_wrap(pages: list[Page]) -> bool:
    return any(re.fullmatch(r".*[a-z]-", w) for p in pages for w in _words(p))


def _overflow(pages: list[Page]) -> bool:
    """The long word runs over the status cell's text on the same line: a plain word grouping
    interleaves the two (as in "rehabilitation/intermeAdicattueal")."""
    words = [w for p in pages for w in _words(p) if w.startswith("rehabilitation/interme")]
    return any(len(w) > len("rehabilitation/intermediate") for w in words)


def _no_vertical_rules(pages: list[Page]) -> bool:
    page = pages[1]
    lines = page.lines
    return bool(lines) and all(e["top"] == e["bottom"] for e in lines)


def _no_rules(pages: list[Page]) -> bool:
    return not any(r["stroke"] for r in pages[1].rects) and not pages[1].lines


def _white_text(pages: list[Page]) -> bool:
    return any(c["non_stroking_color"] in ((1.0, 1.0, 1.0), (1,)) for c in pages[0].chars)


def _no_status_labels(pages: list[Page]) -> bool:
    return not any(w in ("Red", "Amber", "Green", "Blue") for p in pages for w in _words(p))


def _one_line_title(pages: list[Page]) -> bool:
    words = pages[0].extract_words()
    top = next(w["top"] for w in words if w["text"] == "Derby")
    return any(w["text"] == "31-Mar-2018" and abs(w["bottom"] - top - 9.75) < 4 for w in words)


CHECKS: list[tuple[str, Callable[[list[Page]], bool]]] = [
    ("fpdf2:mini:font=dejavu-sans,ligatures=on", _has_char("\ufb01")),
    ("reportlab:mini:font=dejavu-serif,ligatures=on", _has_char("\ufb00")),
    (
        "weasyprint:mini:font=dejavu-sans,ligatures=on",
        lambda ps: any(len(c["text"]) == 2 for c in ps[0].chars),
    ),
    ("reportlab:mini:faux_bold=on", _faux_bold),
    ("fpdf2:mini:font=dejavu-serif,soft_hyphens=on", _has_char("\u00ad")),
    ("weasyprint:mini:font=dejavu-serif,soft_hyphens=on", _has_char("\u2010")),
    ("fpdf2:mini:superscripts=on", _superscript),
    ("weasyprint:mini:superscripts=on", _superscript),
    ("reportlab:mini:hyphen_wrap=on", _hyphen_wrap),
    ("weasyprint:mini:hyphen_wrap=on", _hyphen_wrap),
    ("fpdf2:mini:columns=narrow-status", _overflow),
    ("weasyprint:mini:columns=narrow-status", _overflow),
    ("reportlab:mini:rulings=horizontal", _no_vertical_rules),
    ("fpdf2:mini:rulings=none", _no_rules),
    ("weasyprint:mini:status_text=white", _white_text),
    ("fpdf2:mini:status_display=colour-only", _no_status_labels),
    ("reportlab:mini:title_lines=1", _one_line_title),
    ("weasyprint:mini:period=31 March 2018", _has("31 March 2018")),
    ("fpdf2:mini:period=31/03/2018", _has("31/03/2018")),
    ("weasyprint:mini:header_repeat=no", lambda ps: "Measure Details" not in ps[1].extract_text()),
    ("reportlab:mini:front=cover", lambda ps: "Key to status" in ps[0].extract_text()),
    ("weasyprint:mini:back=notes", lambda ps: ps[-1].extract_text().count("Notes") == 1),
    ("fpdf2:mini:page_size=A3", lambda ps: round(ps[0].width) == 1191),
    ("weasyprint:mini:page_size=Letter", lambda ps: round(ps[0].width) == 792),
    ("weasyprint:mini:quotes=straight", _has("#1 priority this year!")),
    ("reportlab:mini:code_shapes=other", _has("ASCOF 2A(i)")),
]


@pytest.mark.parametrize(("name", "mark"), CHECKS, ids=[c[0] for c in CHECKS])
def test_style_is_drawn(name: str, mark: Callable[[list[Page]], bool], tmp_path: Path) -> None:
    path, _ = write(Case.parse(name), tmp_path)
    with pdfplumber.open(path) as pdf:
        assert mark(list(pdf.pages)), f"{name}: the style does not show in {path}"


@pytest.mark.parametrize("producer", ["reportlab", "weasyprint", "fpdf2"])
def test_rotation_is_stored_portrait(producer: str, tmp_path: Path) -> None:
    path, _ = write(Case.parse(f"{producer}:mini:rotation=90"), tmp_path)
    assert _stored_rotated_portrait(path)


@pytest.mark.parametrize("producer", ["reportlab", "weasyprint", "fpdf2"])
def test_rendering_is_deterministic(producer: str, tmp_path: Path) -> None:
    first, _ = write(Case.parse(f"{producer}:mini:base"), tmp_path / "a")
    second, _ = write(Case.parse(f"{producer}:mini:base"), tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
