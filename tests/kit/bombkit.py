"""Hostile PDFs and bodies, built in memory in well under a second, for the limit tests and bench.

- :func:`stream_bomb`: a page whose content stream is compressed twice (``/Filter [/FlateDecode
  /FlateDecode]``): a few KB that inflate to gigabytes of zeros.
- :func:`form_bomb`: nested Form XObjects, each drawing the next twice: fan-out ``2**depth``.
- :func:`glyph_bomb`: one page showing a million glyphs from a compressed content stream.
- :func:`gzip_bomb`: an HTTP body that is a PDF's start followed by gigabytes of zeros,
  gzipped twice (sent as ``Content-Encoding: gzip, gzip``).
- :func:`overlap_bomb`: ``1 0 obj (`` repeated, quadratic for a reader that reads every
  definition in full; :func:`hidden_page_bomb`: a stream bomb behind a lowercase ``/type
  /Page`` and an ``/Image`` subtype; :func:`many_pages`: twenty thousand pages so spelt.

Big zero runs are compressed without ever being made: after a full flush, zlib compresses
the same block to the same bytes, so the compressed stream is one block repeated (and the
Adler-32 of n zeros is known in closed form).
"""

from __future__ import annotations

import gzip
import zlib

GIB = 1024**3
BLOCK = 1024 * 1024


def zlib_zeros(total: int) -> bytes:
    """A valid zlib stream of ``total`` zero bytes (a multiple of 1 MiB), made in milliseconds."""
    blocks = total // BLOCK
    compressor = zlib.compressobj(9)
    first = compressor.compress(bytes(BLOCK)) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(bytes(BLOCK)) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.flush()[:-4]  # final empty block; its Adler-32 is replaced below
    adler = ((blocks * BLOCK) % 65521) << 16 | 1
    return first + again * (blocks - 1) + end + adler.to_bytes(4, "big")


def gzip_zeros_members(total: int) -> bytes:
    """Gzip members of 1 MiB of zeros each, ``total`` bytes in all (a multi-member gzip)."""
    return gzip.compress(bytes(BLOCK), 9) * (total // BLOCK)


def pdf(objects: list[bytes]) -> bytes:
    """A PDF of these object bodies (object 1 is the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def stream(entries: bytes, data: bytes) -> bytes:
    """A stream object body: the dictionary ``entries`` plus ``/Length``, then the data."""
    return b"<< " + entries + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def one_page(
    content: bytes, filters: bytes, xobjects: bytes = b"", extra: list[bytes] | None = None
) -> bytes:
    """A one-page PDF: objects 1-5 are catalog, pages, page, font F1, content; then ``extra``."""
    resources = b"<< /Font << /F1 4 0 R >> /XObject << " + xobjects + b" >> >>"
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
            + resources
            + b" /Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            stream(b"/Filter " + filters if filters else b"", content),
            *(extra or []),
        ]
    )


def stream_bomb(inflated: int = 8 * GIB) -> bytes:
    """A content stream compressed twice that inflates to ``inflated`` bytes (8 GiB: ~9 KB)."""
    inner = zlib_zeros(inflated)
    return one_page(zlib.compress(inner, 9), b"[/FlateDecode /FlateDecode]")


def form_bomb(depth: int = 23) -> bytes:
    """Form XObjects nested ``depth`` deep, each drawing the next twice (``2**depth`` draws)."""
    forms = []
    for level in range(depth):
        number = 6 + level
        inner = b"/X Do /X Do" if level < depth - 1 else b"0 0 1 1 re f"
        target = b"/X %d 0 R" % (number + 1) if level < depth - 1 else b""
        forms.append(
            stream(
                b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << "
                + target
                + b" >> >>",
                inner,
            )
        )
    return one_page(b"/X Do", b"", b"/X 6 0 R", forms)


def glyph_bomb(glyphs: int = 1_000_000) -> bytes:
    """One page showing ``glyphs`` glyphs in one text string (a million: about 3 KB)."""
    content = b"BT /F1 1 Tf 10 10 Td (" + b"A" * glyphs + b") Tj ET"
    return one_page(zlib.compress(content, 9), b"/FlateDecode")


def gzip_bomb(inflated: int = 10 * GIB) -> bytes:
    """A body starting like a PDF, then zeros to ``inflated`` bytes, gzipped twice."""
    inner = gzip.compress(b"%PDF-1.7\n", 9) + gzip_zeros_members(inflated)
    return gzip.compress(inner, 9)


def overlap_bomb(size: int = 160 * 1024) -> bytes:
    """``1 0 obj (`` repeated: every definition a string to the end of the file (a reader that
    reads each definition in full reads the file once per definition: quadratic)."""
    return b"%PDF-1.7\n" + b"1 0 obj (" * (size // 9)


def hidden_page_bomb(inflated: int = 8 * GIB) -> bytes:
    """A page spelt ``/type /Page`` whose content stream says ``/Subtype /Image`` and inflates
    to ``inflated`` bytes (pdfminer opens the page and inflates it all)."""
    bomb = stream(
        b"/Subtype /Image /Filter [/FlateDecode /FlateDecode]",
        zlib.compress(zlib_zeros(inflated), 9),
    )
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            bomb,
        ]
    )


def many_pages(pages: int = 20_000, spelling: bytes = b"/type /Page") -> bytes:
    """``pages`` pages, each spelt ``spelling`` (pdfminer opens every one)."""
    kids = b" ".join(b"%d 0 R" % (4 + n) for n in range(pages))
    page = b"<< " + spelling + b" /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>"
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
            stream(b"", b"0 0 1 1 re f"),
            *[page] * pages,
        ]
    )


def lzw_codes(codes: list[int]) -> bytes:
    """LZW codes packed as PDF readers read them (9 to 12 bits, widening as the table grows;
    the table starts at 258 entries after the first code, a clear)."""
    bits, held, out, size = 0, 0, bytearray(), 258
    for index, code in enumerate(codes):
        width = 12 if size >= 2047 else 11 if size >= 1023 else 10 if size >= 511 else 9
        bits, held = (bits << width) | code, held + width
        while held >= 8:
            held -= 8
            out.append((bits >> held) & 0xFF)
        bits &= (1 << held) - 1
        if index >= 2:  # the clear and the first code add no entry
            size += 1
    return bytes(out + (bytes([bits << (8 - held) & 0xFF]) if held else b""))


def lzw_bomb(repeats: int) -> bytes:
    """An LZW stream whose table grows by one byte a code up to 4,095 entries, then names the
    longest entry ``repeats`` times: a few KB that decode to ``repeats`` times ~3,800 bytes."""
    codes = [256, ord("A"), *range(258, 4096), *[4095] * repeats]
    return lzw_codes(codes)


def lzw_page_bomb(repeats: int = 70_000) -> bytes:
    """One page whose content stream is :func:`lzw_bomb` (110 KB that decode to 276 MB)."""
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            stream(b"/Filter /LZWDecode", lzw_bomb(repeats)),
        ]
    )
