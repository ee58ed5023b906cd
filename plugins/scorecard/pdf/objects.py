"""A small, bounded reader of a PDF's objects, for pre-scanning untrusted files.

Enough of the syntax to find every indirect object, its dictionary and its raw stream bytes, and
the objects packed into object streams, without decompressing anything itself (streams are
inflated by the caller, piece by piece, under a cap). Nesting is bounded, so a hostile file can
neither recurse nor allocate its way through this reader. It is not a PDF parser for
extraction: pdfminer does that, afterwards, in a resource-limited child process.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from scorecard.errors import Refused

MAX_DEPTH = 64

_WS = re.compile(rb"(?:[\x00\t\n\x0c\r ]+|%[^\r\n]*)*")
_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]*)")
_NUMBER = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)")
_REF_TAIL = re.compile(rb"\s+(\d+)\s+R(?![A-Za-z])")
_KEYWORD = re.compile(rb"[A-Za-z]+")
_OBJ = re.compile(rb"(\d+)\s+(\d+)\s+obj(?![A-Za-z])")
_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")
_ENDSTREAM = re.compile(rb"(?:\r\n|\n|\r)?endstream")
_STRING_SPECIAL = re.compile(rb"[()\\]")


class Name(str):
    """A PDF name (``/Type`` is ``Name("Type")``)."""


@dataclass(frozen=True)
class Ref:
    """An indirect reference ``num gen R``."""

    num: int
    gen: int = 0


@dataclass(frozen=True)
class PdfObject:
    """An indirect object: its value (usually a dict) and, for a stream, its raw bytes."""

    num: int
    value: Any
    stream: bytes | None = None

    @property
    def dict(self) -> dict[str, Any]:
        return self.value if isinstance(self.value, dict) else {}


class Malformed(Refused):
    """The bytes at a position are not PDF syntax this reader understands."""


def _string_end(data: bytes, pos: int) -> int:
    """The position after the literal string that starts at ``pos`` (balanced parentheses)."""
    depth, i = 0, pos
    while (special := _STRING_SPECIAL.search(data, i)) is not None:
        i = special.end()
        if special.group() == b"\\":
            i += 1  # the next byte is escaped
        elif special.group() == b"(":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return i
    raise Malformed("unterminated string")


def parse_value(data: bytes, pos: int, depth: int = 0) -> tuple[Any, int]:
    """The value starting at ``pos`` (after whitespace) and the position after it."""
    if depth > MAX_DEPTH:
        raise Malformed(f"nested deeper than {MAX_DEPTH}")
    pos = _WS.match(data, pos).end()  # type: ignore[union-attr]
    head = data[pos : pos + 2]
    if head == b"<<":
        result: dict[str, Any] = {}
        pos += 2
        while True:
            pos = _WS.match(data, pos).end()  # type: ignore[union-attr]
            if data[pos : pos + 2] == b">>":
                return result, pos + 2
            key, pos = parse_value(data, pos, depth + 1)
            if not isinstance(key, Name):
                raise Malformed("dictionary key is not a name")
            result[key], pos = parse_value(data, pos, depth + 1)
    if head[:1] == b"[":
        items: list[Any] = []
        pos += 1
        while True:
            pos = _WS.match(data, pos).end()  # type: ignore[union-attr]
            if data[pos : pos + 1] == b"]":
                return items, pos + 1
            if pos >= len(data):
                raise Malformed("unterminated array")
            item, pos = parse_value(data, pos, depth + 1)
            items.append(item)
    if head[:1] == b"(":
        end = _string_end(data, pos)
        return data[pos + 1 : end - 1], end
    if head[:1] == b"<":
        end = data.find(b">", pos)
        if end < 0:
            raise Malformed("unterminated hex string")
        return data[pos + 1 : end], end + 1
    if (match := _NAME.match(data, pos)) is not None:
        return Name(match.group(1).decode("latin-1")), match.end()
    if (match := _NUMBER.match(data, pos)) is not None:
        text = match.group()
        if text.isdigit() and (ref := _REF_TAIL.match(data, match.end())) is not None:
            return Ref(int(text), int(ref.group(1))), ref.end()
        return (float(text) if b"." in text else int(text)), match.end()
    if (match := _KEYWORD.match(data, pos)) is not None:
        word = match.group()
        return {b"true": True, b"false": False}.get(word), match.end()
    raise Malformed(f"unexpected byte {data[pos : pos + 1]!r}")


def _stream_bytes(data: bytes, start: int, length: Any) -> tuple[bytes, int]:
    """The raw stream starting at ``start`` and the position after ``endstream``."""
    if isinstance(length, int) and 0 <= length <= len(data) - start:
        end = _ENDSTREAM.match(data, start + length)
        if end is not None:
            return data[start : start + length], end.end()
    found = data.find(b"endstream", start)
    if found < 0:
        return data[start:], len(data)
    raw = data[start:found]
    return raw.removesuffix(b"\n").removesuffix(b"\r"), found + len(b"endstream")


def indirect_objects(data: bytes) -> Iterator[PdfObject]:
    """Every ``N G obj ... endobj`` in file order (later ones redefine earlier ones)."""
    pos = 0
    while (match := _OBJ.search(data, pos)) is not None:
        pos = match.end()
        try:
            value, pos = parse_value(data, pos)
        except (Malformed, IndexError):
            continue
        stream = None
        after = _WS.match(data, pos).end()  # type: ignore[union-attr]
        if (opening := _STREAM.match(data, after)) is not None:
            length = value.get("Length") if isinstance(value, dict) else None
            stream, pos = _stream_bytes(data, opening.end(), length)
        yield PdfObject(int(match.group(1)), value, stream)


def packed_objects(header: dict[str, Any], content: bytes) -> Iterator[PdfObject]:
    """The objects of a decompressed object stream (``/Type /ObjStm``)."""
    count, first = header.get("N"), header.get("First")
    if not isinstance(count, int) or not isinstance(first, int):
        return
    numbers = re.findall(rb"\d+", content[:first])
    for index in range(min(count, len(numbers) // 2)):
        num, offset = int(numbers[2 * index]), int(numbers[2 * index + 1])
        try:
            value, _ = parse_value(content, first + offset)
        except (Malformed, IndexError):
            continue
        yield PdfObject(num, value)
