"""The PDF pre-scan: each bomb (built here, a few KB) is refused by the limit it passes, fast
and in bounded memory; real reports pass every cap with room to spare."""

from __future__ import annotations

import dataclasses
import zlib
from pathlib import Path

import pytest
from bombkit import (
    GIB,
    form_bomb,
    glyph_bomb,
    one_page,
    pdf,
    stream,
    stream_bomb,
    zlib_zeros,
)

from scorecard.pdf.content import ContentCounter
from scorecard.pdf.inflate import inflate, pieces
from scorecard.pdf.limits import ResourceLimit
from scorecard.pdf.scan import check
from scorecard.settings import PROJECT_DIR
from scorecard.settings.limits import Limits

SAMPLES = sorted((PROJECT_DIR / "samples" / "reports").glob("derby-scorecard-*.pdf"))
LIMITS = Limits()


def refused(tmp_path: Path, data: bytes, limits: Limits = LIMITS) -> ResourceLimit:
    path = tmp_path / "hostile.pdf"
    path.write_bytes(data)
    with pytest.raises(ResourceLimit) as caught:
        check(path, limits)
    message = str(caught.value)
    assert message.startswith(f"{path}: refused: ") and "\n" not in message
    assert "nothing was kept" in message
    return caught.value


def test_doubly_compressed_stream_bomb(tmp_path: Path) -> None:
    data = stream_bomb(8 * GIB)
    assert len(data) < 32_000
    error = refused(tmp_path, data, dataclasses.replace(LIMITS, pdf_max_inflated_bytes=64 << 20))
    assert error.limit == "pdf_max_inflated_bytes"
    assert "SCORECARD_PDF_MAX_INFLATED_MB" in str(error)


def test_a_bomb_in_a_font_or_cmap_stream_is_counted_too(tmp_path: Path) -> None:
    """Not only content streams: pdfminer also decodes fonts and ToUnicode maps whole."""
    bomb = stream(b"/Filter [/FlateDecode /FlateDecode]", zlib.compress(zlib_zeros(GIB)))
    small = dataclasses.replace(LIMITS, pdf_max_inflated_bytes=32 << 20)
    assert refused(tmp_path, one_page(b"", b"", extra=[bomb]), small).limit == (
        "pdf_max_inflated_bytes"
    )


def test_images_are_not_inflated(tmp_path: Path) -> None:
    """Text extraction never decodes an image, so a large one is no reason to refuse."""
    image = stream(
        b"/Type /XObject /Subtype /Image /Width 1 /Height 1 /BitsPerComponent 8 "
        b"/ColorSpace /DeviceGray /Filter /FlateDecode",
        zlib_zeros(GIB),
    )
    path = tmp_path / "picture.pdf"
    path.write_bytes(one_page(b"/Im Do", b"", b"/Im 6 0 R", [image]))
    assert check(path, dataclasses.replace(LIMITS, pdf_max_inflated_bytes=32 << 20)).uses == 0


def test_nested_forms_with_fan_out_two_to_the_23(tmp_path: Path) -> None:
    data = form_bomb(23)
    assert len(data) < 8_000
    error = refused(tmp_path, data)
    assert error.limit == "pdf_max_xobject_uses"
    assert "8,388,607 Form XObjects drawn" in str(error)


def test_a_million_glyphs_in_a_small_file(tmp_path: Path) -> None:
    data = glyph_bomb(1_000_000)
    assert len(data) < 10_000
    error = refused(tmp_path, data)
    assert error.limit == "pdf_max_glyphs"
    assert "1,000,000 glyphs" in str(error)


def test_glyphs_drawn_through_a_form_count_per_use(tmp_path: Path) -> None:
    """1,000 glyphs in a form drawn 1,000 times is a million glyphs, though no stream has many."""
    draws = b"/G Do " * 1000
    form = stream(
        b"/Type /XObject /Subtype /Form /BBox [0 0 9 9]",
        b"BT /F1 1 Tf (" + b"x" * 1000 + b") Tj ET",
    )
    error = refused(tmp_path, one_page(draws, b"", b"/G 6 0 R", [form]))
    assert error.limit == "pdf_max_glyphs"


def test_a_composite_font_takes_two_bytes_a_glyph(tmp_path: Path) -> None:
    """WeasyPrint and fpdf2 show text through Type0 fonts (two-byte codes): counted as glyphs,
    not bytes, so their reports are measured like reportlab's."""
    wide = b"<< /Type /Font /Subtype /Type0 /BaseFont /Sans /Encoding /Identity-H >>"
    content = b"BT /F1 9 Tf (ABCD) Tj /F2 9 Tf <0041 0042 0043> Tj [<00440045>] TJ ET"
    data = one_page(content, b"", extra=[wide])
    data = data.replace(b"/Font << /F1 4 0 R >>", b"/Font << /F1 4 0 R /F2 6 0 R >>")
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    assert check(path, LIMITS).glyphs == 4 + 3 + 2


def test_a_form_that_draws_itself(tmp_path: Path) -> None:
    form = stream(
        b"/Type /XObject /Subtype /Form /BBox [0 0 9 9] /Resources << /XObject << /S 6 0 R >> >>",
        b"/S Do",
    )
    error = refused(tmp_path, one_page(b"/S Do", b"", b"/S 6 0 R", [form]))
    assert "drawn inside itself" in str(error)


def test_too_many_pages(tmp_path: Path) -> None:
    kids = b" ".join(b"%d 0 R" % n for n in range(3, 13))
    pages = [b"<< /Type /Page /Parent 2 0 R /Contents 13 0 R >>"] * 10
    data = pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count 10 >>",
            *pages,
            stream(b"", b"0 0 1 1 re f"),
        ]
    )
    error = refused(tmp_path, data, dataclasses.replace(LIMITS, pdf_max_pages=9))
    assert error.limit == "pdf_max_pages" and "10 pages" in str(error)


def test_resources_hidden_in_an_object_stream_are_found(tmp_path: Path) -> None:
    """Dictionaries packed into a compressed object stream are read like any other: here the
    page's resources, without which the form bomb's first draw would not be seen."""
    bomb = form_bomb(23)
    packed = b"99 0 << /XObject << /X 6 0 R >> >>"
    objstm = stream(b"/Type /ObjStm /N 1 /First 5 /Filter /FlateDecode", zlib.compress(packed))
    page = b"<< /Type /Page /Parent 2 0 R /Resources 99 0 R /Contents 5 0 R >>"
    start = bomb.index(b"3 0 obj\n") + len(b"3 0 obj\n")
    end = bomb.index(b"\nendobj", start)
    data = bomb[:start] + page + bomb[end:] + b"98 0 obj\n" + objstm + b"\nendobj\n"
    assert refused(tmp_path, data).limit == "pdf_max_xobject_uses"


@pytest.mark.usefixtures("sample_paths")
def test_every_sample_report_passes_with_room_to_spare() -> None:
    for sample in SAMPLES:
        work = check(sample, LIMITS)
        assert 1_000 < work.glyphs < LIMITS.pdf_max_glyphs // 10
        assert 1_000 < work.operators < LIMITS.pdf_max_operators // 100


def test_glyph_count_matches_pdfplumber_on_a_sample() -> None:
    """The pre-scan's glyph count is what the extractor will meet."""
    import pdfplumber

    sample = PROJECT_DIR / "samples" / "reports" / "derby-scorecard-2016-09-30.pdf"
    with pdfplumber.open(sample) as document:
        chars = sum(len(page.chars) for page in document.pages)
    assert check(sample, LIMITS).glyphs == pytest.approx(chars, rel=0.02)


@pytest.mark.parametrize("size", [1, 7, 4096, 65_536])
def test_content_counter_does_not_depend_on_piece_size(size: int) -> None:
    content = b"q BT /F1 7 Tf (a\\)b(c)d) Tj <4142> Tj ET /Im1 Do /X Do /X Do Q " * 50
    counter = ContentCounter()
    for piece in pieces(content, size):
        counter.feed(piece)
    work = counter.close()
    assert (work.glyphs, work.operators) == (50 * 9, 50 * (10 + 2))  # 10 operators, 2 strings
    assert work.draws == {"Im1": 50, "X": 100}


def test_inflate_yields_bounded_pieces() -> None:
    compressed = zlib.compress(bytes(50 << 20))
    sizes = [len(piece) for piece in inflate(pieces(compressed))]
    assert sum(sizes) == 50 << 20
    assert max(sizes) <= 64 * 1024
