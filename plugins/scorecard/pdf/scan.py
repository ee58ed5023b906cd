"""Refuse a PDF that would make extraction explode, before any PDF library opens it.

:func:`check` reads the file's objects (:mod:`scorecard.pdf.objects`), inflates every stream
piece by piece while counting (:mod:`scorecard.pdf.inflate`; nothing is ever inflated whole), and
counts what drawing the pages would cost: glyphs and operators of every content stream, with a
Form XObject counted each time it is drawn, nesting multiplied out (memoised, so a fan-out of
2^23 costs 23 steps here). A :class:`~scorecard.pdf.limits.ResourceLimit` names the first limit
passed: ``pdf_max_inflated_bytes``, ``pdf_max_pages``, ``pdf_max_glyphs``,
``pdf_max_operators`` or ``pdf_max_xobject_uses``.

The counts are upper bounds for pdfminer's work, not exact: a scorecard report is far below
every cap, a decompression, glyph or Form XObject bomb far above.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from scorecard.pdf.content import SATURATE, ContentCounter, Work
from scorecard.pdf.inflate import InflateError, inflate, pieces
from scorecard.pdf.limits import ResourceLimit
from scorecard.pdf.objects import Name, PdfObject, Ref, indirect_objects, packed_objects
from scorecard.settings.limits import Limits

MAX_NESTING = 100
OBJECT_STREAM_CAP = 64 * 1024 * 1024


def _filters(obj: PdfObject) -> list[str]:
    value = obj.dict.get("Filter")
    items = value if isinstance(value, list) else [value] if value is not None else []
    return [str(item) for item in items if isinstance(item, Name)]


def _decoded(obj: PdfObject) -> Iterator[bytes]:
    """A stream's data with the filters we can undo undone, lazily, in bounded pieces.

    The ASCII filters are undone only on the stored bytes (bounded by the file's size); images
    and rarer filters stop the chain: those bytes are counted as they are.
    """
    raw = obj.stream or b""
    stream: Iterable[bytes] = pieces(raw)
    for index, name in enumerate(_filters(obj)):
        if name in ("FlateDecode", "Fl"):
            stream = inflate(stream)
        elif name in ("ASCIIHexDecode", "AHx") and index == 0:
            digits = re.sub(rb"[^0-9A-Fa-f]", b"", raw.split(b">")[0])
            stream = pieces(binascii.unhexlify(digits + b"0" * (len(digits) % 2)))
        elif name in ("ASCII85Decode", "A85") and index == 0:
            stream = pieces(base64.a85decode(raw.strip().removesuffix(b"~>"), adobe=False))
        else:
            break
    yield from stream


class _Scan:
    """One pass over a document's objects, with running totals checked against the limits."""

    def __init__(self, name: str, limits: Limits) -> None:
        self.name = name
        self.limits = limits
        self.inflated = 0
        self.objects: dict[int, PdfObject] = {}
        self.decoded: set[int] = set()
        self.works: dict[int, Work] = {}

    def refuse(self, limit: str, what: str) -> ResourceLimit:
        return ResourceLimit(self.name, limit, getattr(self.limits, limit), what)

    def stream_pieces(self, obj: PdfObject) -> Iterator[bytes]:
        """The decoded stream, its bytes added to the document's total as they appear."""
        self.decoded.add(obj.num)
        try:
            for piece in _decoded(obj):
                self.inflated += len(piece)
                if self.inflated > self.limits.pdf_max_inflated_bytes:
                    raise self.refuse(
                        "pdf_max_inflated_bytes",
                        f"its streams decompress to more than {self.inflated:,} bytes "
                        f"(object {obj.num} alone from {len(obj.stream or b''):,})",
                    )
                yield piece
        except (InflateError, ValueError, binascii.Error):
            return  # damaged data: pdfminer will say so, in its limited process

    def read_objects(self, data: bytes) -> None:
        for obj in indirect_objects(data):
            self.objects[obj.num] = obj
            if obj.dict.get("Type") == "ObjStm" and obj.stream is not None:
                content = bytearray()
                for piece in self.stream_pieces(obj):
                    content += piece
                    if len(content) > OBJECT_STREAM_CAP:
                        raise self.refuse(
                            "pdf_max_inflated_bytes",
                            f"object stream {obj.num} decompresses past {OBJECT_STREAM_CAP:,} bytes",
                        )
                for packed in packed_objects(obj.dict, bytes(content)):
                    self.objects.setdefault(packed.num, packed)

    def resolve(self, value: Any, hops: int = 0) -> Any:
        while isinstance(value, Ref) and hops < 32:
            found = self.objects.get(value.num)
            value, hops = (found.value if found else None), hops + 1
        return value

    def content(self, obj: PdfObject) -> Work:
        """What a content stream costs to run once (decoded once, however often it is used)."""
        if obj.num not in self.works:
            counter = ContentCounter()
            for piece in self.stream_pieces(obj):
                counter.feed(piece)
            self.works[obj.num] = counter.close()
        return self.works[obj.num]

    def inflate_the_rest(self) -> None:
        """Count every other stream pdfminer may decode (fonts, CMaps...), images excepted:
        text extraction never decodes an image."""
        for number, obj in self.objects.items():
            image = obj.dict.get("Subtype") == "Image"
            if obj.stream is not None and number not in self.decoded and not image:
                for _ in self.stream_pieces(obj):
                    pass


def _resources(scan: _Scan, owner: dict[str, Any], kind: str) -> dict[str, Any]:
    """Name -> reference of an owner's ``kind`` resources (``XObject``, ``Font``), inherited
    from page-tree parents."""
    seen = 0
    while owner and seen < 64:
        resources = scan.resolve(owner.get("Resources"))
        if isinstance(resources, dict):
            found = scan.resolve(resources.get(kind))
            return found if isinstance(found, dict) else {}
        owner, seen = scan.resolve(owner.get("Parent")) or {}, seen + 1
    return {}


def _glyphs(scan: _Scan, work: Work, owner: dict[str, Any]) -> int:
    """Glyphs shown: a string's bytes, halved for a composite (Type0) font's two-byte codes."""
    fonts = _resources(scan, owner, "Font")
    total = 0
    for name, count in work.string_bytes.items():
        font = scan.resolve(fonts.get(name))
        wide = isinstance(font, dict) and font.get("Subtype") == "Type0"
        total += (count + 1) // 2 if wide else count
    return total


def _costs(scan: _Scan) -> Work:
    """The cost of drawing every page, Form XObjects multiplied out by their uses."""
    own: dict[int, Work] = {}
    forms = {n for n, o in scan.objects.items() if o.dict.get("Subtype") == "Form" and o.stream}
    for number in forms:
        own[number] = scan.content(scan.objects[number])
    memo: dict[int, Work] = {}

    def total(work: Work, owner: dict[str, Any], chain: tuple[int, ...]) -> Work:
        result = Work(_glyphs(scan, work, owner), work.operators, work.uses)
        names = _resources(scan, owner, "XObject")
        for name, times in work.draws.items():
            target = names.get(name)
            if isinstance(target, Ref) and target.num in forms:
                result.add(form(target.num, chain), times)
        return result

    def form(number: int, chain: tuple[int, ...]) -> Work:
        """The cost of one use of a Form XObject (memoised: once per form, not per use)."""
        if number in chain or len(chain) > MAX_NESTING:
            what = f"Form XObject {number} is drawn inside itself or nested over {MAX_NESTING} deep"
            raise scan.refuse("pdf_max_xobject_uses", what)
        if number not in memo:
            memo[number] = total(own[number], scan.objects[number].dict, (*chain, number))
        once = memo[number]
        return Work(once.glyphs, once.operators, min(SATURATE, once.uses + 1))

    pages = Work()
    for obj in scan.objects.values():
        if obj.dict.get("Type") != "Page":
            continue
        contents = scan.resolve(obj.dict.get("Contents"))
        refs = contents if isinstance(contents, list) else [obj.dict.get("Contents")]
        page = Work()
        for ref in refs:
            stream = scan.objects.get(ref.num) if isinstance(ref, Ref) else None
            if stream is not None and stream.stream is not None:
                part = scan.content(stream)
                page.add(part)
                page.draws.update(part.draws)
                page.string_bytes.update(part.string_bytes)
        pages.add(total(page, obj.dict, ()))
    return pages


def check(path: str | Path, limits: Limits, *, name: str | None = None) -> Work:
    """Pre-scan a PDF file; raise :class:`ResourceLimit` if drawing it would pass a limit.

    ``name`` is how the file is named in errors (the source URL at fetch time).
    """
    scan = _Scan(name or str(path), limits)
    scan.read_objects(Path(path).read_bytes())
    pages = sum(1 for obj in scan.objects.values() if obj.dict.get("Type") == "Page")
    if pages > limits.pdf_max_pages:
        raise scan.refuse("pdf_max_pages", f"it has {pages:,} pages")
    work = _costs(scan)
    scan.inflate_the_rest()
    for limit, count, what in (
        ("pdf_max_xobject_uses", work.uses, "Form XObjects drawn"),
        ("pdf_max_glyphs", work.glyphs, "glyphs drawn"),
        ("pdf_max_operators", work.operators, "content operators run"),
    ):
        if count > getattr(limits, limit):
            raise scan.refuse(limit, f"its pages would need {count:,} {what}")
    return work
