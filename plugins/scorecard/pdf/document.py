"""One PDF's object definitions for the pre-scan (:mod:`.scan`): every definition read (as
:mod:`.objects` reads them, object streams unpacked), every stream inflated piece by piece under
the document's cap, content streams counted once however often they are drawn.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable, Iterator
from typing import Any

from scorecard.pdf.content import ContentCounter, Work
from scorecard.pdf.inflate import InflateError, inflate, pieces
from scorecard.pdf.legacy import lzw, run_length
from scorecard.pdf.limits import ResourceLimit
from scorecard.pdf.objects import (
    Name,
    OverBudget,
    PdfObject,
    Reader,
    Ref,
    indirect_objects,
    kind,
    packed_objects,
)
from scorecard.pdf.xref import MAX_BYTES as MAX_XREF_BYTES
from scorecard.pdf.xref import compressed_objects
from scorecard.settings.limits import Limits

OBJECT_STREAM_CAP = 64 * 1024 * 1024
SLACK = 64 * 1024
"""Bytes every reader may read beyond its multiple of the input (small files, headers)."""


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
        elif name in ("LZWDecode", "LZW"):
            stream = lzw(stream)
        elif name in ("RunLengthDecode", "RL"):
            stream = run_length(stream)
        elif name in ("ASCIIHexDecode", "AHx") and index == 0:
            digits = re.sub(rb"[^0-9A-Fa-f]", b"", raw.split(b">")[0])
            stream = pieces(binascii.unhexlify(digits + b"0" * (len(digits) % 2)))
        elif name in ("ASCII85Decode", "A85") and index == 0:
            stream = pieces(base64.a85decode(raw.strip().removesuffix(b"~>"), adobe=False))
        else:
            break
    yield from stream


class Scan:
    """One pass over a document's definitions, with running totals checked against the limits."""

    def __init__(self, name: str, limits: Limits) -> None:
        self.name = name
        self.limits = limits
        self.inflated = 0
        self.read = 0
        self.definitions: list[PdfObject] = []
        self.numbered: dict[int, list[PdfObject]] = {}
        self.decoded: set[int] = set()
        self.unpacked: set[int] = set()
        self.works: dict[int, Work] = {}

    def refuse(self, limit: str, what: str) -> ResourceLimit:
        return ResourceLimit(self.name, limit, getattr(self.limits, limit), what)

    def reader(self, data: bytes) -> Reader:
        return Reader(data, self.limits.pdf_max_reread * len(data) + SLACK)

    def stream_pieces(self, obj: PdfObject) -> Iterator[bytes]:
        """The decoded stream, its bytes added to the document's total as they appear."""
        self.decoded.add(id(obj))
        try:
            for piece in _decoded(obj):
                self.inflated += len(piece)
                if self.inflated > self.limits.pdf_max_inflated_bytes:
                    raise self.refuse(
                        "pdf_max_inflated_bytes",
                        f"its streams decompress to more than {self.inflated:,} bytes "
                        f"(one stream alone from {len(obj.stream or b''):,})",
                    )
                yield piece
        except (InflateError, ValueError, binascii.Error):
            return  # damaged data: pdfminer will say so, in its limited process

    def add(self, obj: PdfObject) -> None:
        self.definitions.append(obj)
        for number in obj.numbers:
            self.numbered.setdefault(number, []).append(obj)

    def read_objects(self, data: bytes) -> None:
        """Every definition of the file, object streams unpacked: those typed or shaped so,
        and those a cross-reference stream lists (:mod:`.xref`), numbered as it says."""
        reader = self.reader(data)
        try:
            for obj in indirect_objects(reader):
                self.add(obj)
                if obj.stream is not None and _object_stream(obj.dict):
                    self._unpack(obj, {})
            listed: dict[tuple[int, int], int] = {}
            for obj in [d for d in self.definitions if kind(d.dict, "Type") == "XRef"]:
                if obj.stream is not None:
                    head = bytearray()
                    for piece in self.stream_pieces(obj):
                        head += piece
                        if len(head) > MAX_XREF_BYTES:
                            break
                    listed |= compressed_objects(obj.dict, bytes(head))
            for number in sorted({stream for stream, _ in listed}):
                for obj in self.numbered.get(number, []):
                    if obj.stream is not None and id(obj) not in self.unpacked:
                        self._unpack(obj, listed)
        except OverBudget:
            raise self.refuse(
                "pdf_max_reread",
                f"its objects overlap: reading each of them once meant reading over "
                f"{reader.budget:,} bytes of a {len(data):,}-byte file",
            ) from None
        finally:
            self.read += reader.work

    def _unpack(self, obj: PdfObject, listed: dict[tuple[int, int], int]) -> None:
        """The objects of one object stream, numbered by its pairs and by ``listed``."""
        self.unpacked.add(id(obj))
        content = bytearray()
        for piece in self.stream_pieces(obj):
            content += piece
            if len(content) > OBJECT_STREAM_CAP:
                raise self.refuse(
                    "pdf_max_inflated_bytes",
                    f"an object stream decompresses past {OBJECT_STREAM_CAP:,} bytes",
                )
        inner = self.reader(bytes(content))
        for index, packed in enumerate(packed_objects(obj.dict, inner)):
            extra = {listed[n, index] for n in obj.numbers if (n, index) in listed}
            numbers = tuple(dict.fromkeys((*packed.numbers, *sorted(extra))))
            self.add(PdfObject(numbers, packed.value))
        self.read += inner.work

    def candidates(self, value: Any, hops: int = 0) -> list[Any]:
        """Every value ``value`` may stand for: itself, or every definition of the object it
        refers to (references followed a few hops)."""
        if not isinstance(value, Ref):
            return [value]
        if hops >= 8:
            return []
        found: list[Any] = []
        for obj in self.numbered.get(value.num, []):
            found += self.candidates(obj.value, hops + 1)
        return found

    def streams(self, value: Any) -> list[PdfObject]:
        """The stream definitions a reference may stand for."""
        if not isinstance(value, Ref):
            return []
        return [obj for obj in self.numbered.get(value.num, []) if obj.stream is not None]

    def content(self, obj: PdfObject) -> Work:
        """What a content stream that is drawn costs to run once (decoded once, however often
        it is drawn); one stream alone past a limit stops the count there."""
        if id(obj) not in self.works:
            counter = ContentCounter()
            for piece in self.stream_pieces(obj):
                counter.feed(piece)
                self._over(counter.work)
            self.works[id(obj)] = counter.close()
        return self.works[id(obj)]

    def _over(self, work: Work) -> None:
        """Refuse as soon as one drawn stream alone passes the operator or glyph limit (a glyph
        takes at most two bytes)."""
        if work.operators > self.limits.pdf_max_operators:
            what = f"one content stream alone runs over {work.operators:,} operators"
            raise self.refuse("pdf_max_operators", what)
        if work.glyphs > 2 * self.limits.pdf_max_glyphs:
            what = f"one content stream alone shows over {work.glyphs // 2:,} glyphs"
            raise self.refuse("pdf_max_glyphs", what)

    def inflate_the_rest(self) -> None:
        """Count every other stream pdfminer may decode (fonts, CMaps...), images excepted:
        text extraction never decodes an image."""
        for obj in self.definitions:
            image = kind(obj.dict, "Subtype") == "Image"
            if obj.stream is not None and id(obj) not in self.decoded and not image:
                for _ in self.stream_pieces(obj):
                    pass


def _object_stream(header: dict[str, Any]) -> bool:
    """An object stream, as pdfminer may take one: typed so, or shaped so (``/N``, ``/First``)."""
    typed = kind(header, "Type") == "ObjStm"
    return typed or (isinstance(header.get("N"), int) and isinstance(header.get("First"), int))
