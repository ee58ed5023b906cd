"""The pre-scan is linear whatever the file, and nothing pdfminer opens escapes it: the fourth and
fifth attacks (a quadratic pre-scan; a lowercase ``/type /Page`` and an ``/Image`` subtype that
hid a flate bomb and 20,000 pages), and the tricks of the same family, each checked against what
pdfminer itself reads."""

from __future__ import annotations

import contextlib
import dataclasses
import zlib
from pathlib import Path

import pytest
from bombkit import GIB, lzw_page_bomb, pdf, stream, zlib_zeros

from scorecard.pdf.limits import ResourceLimit
from scorecard.pdf.scan import Scan, check
from scorecard.settings.limits import Limits

LIMITS = Limits()
KIB = 1024


def _read(data: bytes) -> int:
    """What the pre-scan read of ``data`` (bytes lexed), refused or not."""
    scan = Scan("probe.pdf", LIMITS)
    with contextlib.suppress(ResourceLimit):
        scan.read_objects(data)
    return scan.read


OVERLAPPING = {
    "strings": b"1 0 obj (",
    "strings on lines": b"1 0 obj (\n",
    "arrays": b"1 0 obj [ 1 ",
    "dictionaries": b"1 0 obj << /A ",
    "comments": b"1 %c\n0 obj (",
}


@pytest.mark.parametrize("unit", OVERLAPPING.values(), ids=OVERLAPPING.keys())
def test_twice_the_file_is_twice_the_work(unit: bytes) -> None:
    """Counted, not timed: bytes lexed for a file of n and 2n bytes of the hostile pattern."""
    small, large = (b"%PDF-1.7\n" + unit * (size // len(unit)) for size in (128 * KIB, 256 * KIB))
    ratio = _read(large) / _read(small)
    assert 1.8 < ratio < 2.2


def test_twice_the_pages_is_twice_the_work(tmp_path: Path) -> None:
    def document(pages: int) -> Path:
        kids = b" ".join(b"%d 0 R" % (4 + n) for n in range(pages))
        objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
        objects += [b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages]
        objects += [stream(b"", b"BT /F1 9 Tf (a line of text) Tj ET")]
        objects += [b"<< /Type /Page /Parent 2 0 R /Contents 3 0 R >>"] * pages
        path = tmp_path / f"{pages}.pdf"
        path.write_bytes(pdf(objects))
        return path

    ratio = check(document(1000), LIMITS).bytes_read / check(document(500), LIMITS).bytes_read
    assert 1.8 < ratio < 2.2


def test_the_quadratic_file_is_refused_after_a_few_readings() -> None:
    data = b"%PDF-1.7\n" + b"1 0 obj (" * (160 * KIB // 9)
    scan = Scan("quadratic.pdf", LIMITS)
    with pytest.raises(ResourceLimit) as refused:
        scan.read_objects(data)
    assert refused.value.limit == "pdf_max_reread"
    assert scan.read <= LIMITS.pdf_max_reread * len(data) + 64 * KIB + len(data)


def _pdfminer_pages(path: Path) -> int:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    with path.open("rb") as handle:
        return sum(1 for _ in PDFPage.create_pages(PDFDocument(PDFParser(handle))))


PAGE_SPELLINGS = {
    "lowercase key": b"/type /Page",
    "escaped": b"/Ty#70e /P#61ge",
    "null Type": b"/Type null /type /Page",
    "vertical tab": b"/Type\x0b/Page\x0b",
    "no space": b"/Type/Page",
}


@pytest.mark.parametrize("spelling", PAGE_SPELLINGS.values(), ids=PAGE_SPELLINGS.keys())
def test_a_page_is_what_pdfminer_takes_for_one(tmp_path: Path, spelling: bytes) -> None:
    pages = 21
    kids = b" ".join(b"%d 0 R" % (4 + n) for n in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    objects += [b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages]
    objects += [stream(b"", b"0 0 1 1 re f")]
    objects += [b"<< " + spelling + b" /Parent 2 0 R /Contents 3 0 R >>"] * pages
    path = tmp_path / "pages.pdf"
    path.write_bytes(pdf(objects))
    assert _pdfminer_pages(path) == pages
    with pytest.raises(ResourceLimit) as refused:
        check(path, dataclasses.replace(LIMITS, pdf_max_pages=pages - 1))
    assert refused.value.limit == "pdf_max_pages" and "21 pages" in str(refused.value)


def test_a_flate_bomb_behind_a_lowercase_page_and_an_image_subtype(tmp_path: Path) -> None:
    bomb = stream(
        b"/Subtype /Image /Filter [/FlateDecode /FlateDecode]",
        zlib.compress(zlib_zeros(8 * GIB)),
    )
    path = tmp_path / "bomb.pdf"
    path.write_bytes(
        pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /type /Page /Parent 2 0 R /Contents 4 0 R >>",
                bomb,
            ]
        )
    )
    assert _pdfminer_pages(path) == 1  # pdfminer would inflate all 8 GiB as that page's content
    with pytest.raises(ResourceLimit) as refused:
        check(path, dataclasses.replace(LIMITS, pdf_max_inflated_bytes=16 << 20))
    assert refused.value.limit == "pdf_max_inflated_bytes"


def _rects_drawn(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as document:
        return sum(len(page.rects) for page in document.pages)


FORM = stream(b"/Type /XObject /Subtype /F#6frm /BBox [0 0 9 9]", b"0 0 1 1 re f")
CONTENT_TRICKS = {
    "comment hiding a string": b"/X Do %( not a string\n/X Do /X Do",
    "inline image ended as pdfminer ends it": b"BI /W 1 /H 1 ID (EEI /X Do EI /X Do /X Do",
    "hex string ended by a parenthesis": b"<41 ) /X Do /X Do > /X Do",
    "number operand": b"5 Do 5 Do /X\x0bDo",
    "escaped name": b"/#58 Do /X%c\nDo",
}


@pytest.mark.parametrize("content", CONTENT_TRICKS.values(), ids=CONTENT_TRICKS.keys())
def test_form_draws_counted_as_pdfminer_draws_them(tmp_path: Path, content: bytes) -> None:
    """Each draw of the form adds one rectangle to what pdfplumber reads: the pre-scan must
    count every one of them (or more), never fewer."""
    resources = b"<< /XObject << /X 5 0 R 5 5 0 R >> >>"
    path = tmp_path / "tricks.pdf"
    path.write_bytes(
        pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 99 99] /Resources "
                + resources
                + b" /Contents 4 0 R >>",
                stream(b"", content),
                FORM,
            ]
        )
    )
    assert check(path, LIMITS).uses == _rects_drawn(path) >= 2


def test_an_object_hidden_in_another_objects_string_is_counted(tmp_path: Path) -> None:
    """The cross-reference table may point into another object's string; pdfminer follows it."""
    hidden = b"5 0 obj\n" + FORM + b"\nendobj\n"
    head = b"%PDF-1.7\n"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 99 99]"
        b" /Resources << /XObject << /X 5 0 R >> >> /Contents 4 0 R >>",
        stream(b"", b"/X Do " * 40),
    ]
    body, offsets = bytearray(head), []
    for number, value in enumerate(objects, 1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + value + b"\nendobj\n"
    carrier = len(body)
    body += b"6 0 obj\n(" + hidden + b")\nendobj\n"
    offsets += [carrier + len(b"6 0 obj\n("), carrier]
    xref = len(body)
    body += b"xref\n0 7\n0000000000 65535 f \n"
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size 7 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    path = tmp_path / "hidden.pdf"
    path.write_bytes(bytes(body))
    assert _rects_drawn(path) == 40
    assert check(path, LIMITS).uses == 40


def test_objects_a_cross_reference_stream_packs_anywhere_are_counted(tmp_path: Path) -> None:
    """pdfminer unpacks any stream a cross-reference stream lists as holding objects (no
    /Type /ObjStm, no /N needed) and numbers them by the listing: here the page's resources."""
    head = b"%PDF-1.7\n"
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 99 99] /Resources 9 0 R"
        b" /Contents 4 0 R >>",
        4: stream(b"", b"/X Do " * 30),
        5: FORM,
        6: stream(b"", b"<< /XObject << /X 5 0 R >> >>"),
    }
    body, offsets = bytearray(head), {}
    for number, value in objects.items():
        offsets[number] = len(body)
        body += b"%d 0 obj\n" % number + value + b"\nendobj\n"
    offsets[7] = len(body)
    rows = [b"\x00" + bytes(6)]
    rows += [b"\x01" + offsets[n].to_bytes(4, "big") + bytes(2) for n in range(1, 8)]
    rows += [b"\x00" + bytes(6), b"\x02" + (6).to_bytes(4, "big") + bytes(2)]
    xref = stream(b"/Type /XRef /W [1 4 2] /Index [0 10] /Size 10 /Root 1 0 R", b"".join(rows))
    body += b"7 0 obj\n" + xref + b"\nendobj\n"
    body += b"startxref\n%d\n%%%%EOF\n" % offsets[7]
    path = tmp_path / "packed.pdf"
    path.write_bytes(bytes(body))
    assert _rects_drawn(path) == 30
    assert check(path, LIMITS).uses == 30


def test_an_lzw_bomb_is_counted_as_it_decodes(tmp_path: Path) -> None:
    """pdfminer undoes LZW too, whose table grows a byte a code: 110 KB decode to 276 MB."""
    path = tmp_path / "lzw.pdf"
    path.write_bytes(lzw_page_bomb(70_000))
    with pytest.raises(ResourceLimit) as refused:
        check(path, dataclasses.replace(LIMITS, pdf_max_inflated_bytes=16 << 20))
    assert refused.value.limit == "pdf_max_inflated_bytes"
