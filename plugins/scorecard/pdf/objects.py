"""A small, bounded reader of a PDF's objects, for pre-scanning untrusted files.

It reads tokens as pdfminer's lexer does (so a name, a page or a form means to it what it means
to pdfminer): names end at whitespace or a delimiter and ``#xx`` escapes are decoded (``/Ty#70e``
is ``/Type``), whitespace is pdfminer's (a vertical tab separates, a NUL between tokens is
skipped), ``N G R`` inside an array or dictionary is a reference, ``null`` values drop their key.

Every ``obj`` keyword starts a definition, wherever it is: pdfminer follows the offsets of the
cross-reference table, which may point anywhere, even into another object's string. Reading
from every ``obj`` could read the same bytes again and again (a file of ``1 0 obj (`` repeated
is one string from each of them to the end), so the reader counts every byte it reads and stops
at :attr:`Reader.budget` (a multiple of the file's size): the work is linear in the file's size,
whatever the file. Nesting is bounded too. Nothing is decompressed here (the caller inflates
streams, piece by piece, under a cap). It is not a PDF parser for extraction: pdfminer does
that, afterwards, in a resource-limited child process.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from scorecard.errors import LimitExceeded, Refused

MAX_DEPTH = 64

_SPACE = rb"\x00\t\n\x0b\x0c\r "
_END = rb"#/%\[\]()<>{}\t\n\x0b\x0c\r "
"""What ends a name or a keyword for pdfminer (NUL does not: it is part of the token)."""
_SKIP = re.compile(rb"(?:[" + _SPACE + rb"]++|%[^\r\n]*+)*+")
_NAME = re.compile(rb"/((?:[^" + _END + rb"]++|#[0-9A-Fa-f]{0,2})*+)")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{0,2})")
_NUMBER = re.compile(rb"[+-]?(?:\d++(?:\.\d*+)?|\.\d++)")
_KEYWORD = re.compile(rb"[A-Za-z][^" + _END + rb"]*+")
_HEX = re.compile(rb"<([0-9A-Fa-f\t\n\x0b\x0c\r ]*+)>?")
_STRING_SPECIAL = re.compile(rb"[()\\]")
_GAP = rb"(?:[" + _SPACE + rb"]|%[^\r\n]{0,1024}+)"
_OBJ = re.compile(rb"(?<![A-Za-z])obj(?![^" + _END + rb"])")
_MARKER = re.compile(
    rb"(?<![0-9])(\d++)"
    + _GAP
    + rb"++(?:(\d++)"
    + _GAP
    + rb"*+|[^\s%/\[\]()<>{}\d][^\s%/\[\]()<>{}]*+"
    + _GAP
    + rb"++)obj(?![^"
    + _END
    + rb"])"
)
"""``N G obj`` (whitespace and comments between; a generation that is not a number too, as
pdfminer's cross-reference path allows): object number N, and G when it is one."""
_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")
_ENDSTREAM = re.compile(rb"(?:\r\n|\n|\r)?endstream")


class Name(str):
    """A PDF name, ``#xx`` escapes decoded (``/Type`` and ``/Ty#70e`` are ``Name("Type")``)."""


class Keyword(str):
    """A bare keyword inside an array or dictionary (pdfminer keeps it as a value)."""


class Delimiter(str):
    """``[``, ``]``, ``<<``, ``>>``, ``{`` or ``}``: a token that is not a value."""


@dataclass(frozen=True)
class Ref:
    """An indirect reference ``num gen R``."""

    num: int


@dataclass(frozen=True)
class PdfObject:
    """An indirect object: the numbers it may be known by (none found: unnumbered), its value
    (usually a dict) and, for a stream, its raw bytes."""

    numbers: tuple[int, ...]
    value: Any
    stream: bytes | None = None

    @property
    def dict(self) -> dict[str, Any]:
        return self.value if isinstance(self.value, dict) else {}


END_OF_DATA = Delimiter("")
"""What :meth:`Reader.token` returns past the last token."""


class Malformed(Refused):
    """The bytes at a position are not PDF syntax this reader understands."""


class OverBudget(LimitExceeded):
    """The reader read more bytes than its budget allows (see the module docstring); the scan
    turns it into a :class:`~scorecard.pdf.limits.ResourceLimit` naming the file."""


def decode_name(raw: bytes) -> str:
    """A name's text as pdfminer reads it: ``#xx`` decoded (``#`` with no hex digit dropped)."""
    text = _ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]) if m.group(1) else b"", raw)
    try:
        return text.decode("utf-8")
    except UnicodeDecodeError:
        return text.decode("latin-1") + "\ufffd"  # not a name pdfminer could match either


def kind(entries: dict[str, Any], key: str) -> str | None:
    """The name an entry holds (``kind(d, "Subtype") == "Form"``), else ``None``."""
    value = entries.get(key)
    return str(value) if isinstance(value, Name) else None


def _key(value: Any) -> str | None:
    """A dictionary key as pdfminer names it (a name's text, a number's digits)."""
    if isinstance(value, Name):
        return str(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _close_dict(items: list[Any]) -> dict[str, Any]:
    """Pairs of key and value; ``null`` values drop their key (pdfminer does)."""
    result: dict[str, Any] = {}
    for index in range(0, len(items) - 1, 2):
        key, value = _key(items[index]), items[index + 1]
        if key is not None and value is not None:
            result[key] = value
    return result


class Reader:
    """Reads values out of one buffer, counting every byte read against ``budget``."""

    def __init__(self, data: bytes, budget: int) -> None:
        self.data = data
        self.budget = budget
        self.work = 0

    def charge(self, count: int) -> None:
        self.work += count
        if self.work > self.budget:
            raise OverBudget()

    def _string_end(self, pos: int) -> int:
        """The position after the literal string that starts at ``pos`` (balanced parentheses)."""
        data, depth, i = self.data, 0, pos
        while (special := _STRING_SPECIAL.search(data, i)) is not None:
            i = special.end()
            if special.group() == b"\\":
                i += 1  # the next byte is escaped
            elif special.group() == b"(":
                depth += 1
            else:
                depth -= 1
                if depth == 0:
                    self.charge(i - pos)
                    return i
        self.charge(len(data) - pos)
        raise Malformed("unterminated string")

    def token(self, pos: int) -> tuple[Any, int]:
        """The token at ``pos`` (after whitespace and comments) and the position after it;
        a string comes back as bytes, the end of data as :data:`END_OF_DATA`."""
        data = self.data
        start = _SKIP.match(data, pos).end()  # type: ignore[union-attr]
        self.charge(start - pos)
        if start >= len(data):
            return END_OF_DATA, start
        head = data[start : start + 2]
        if head in (b"<<", b">>"):
            return Delimiter(head.decode()), start + 2
        char = head[:1]
        if char in b"[]{}":
            return Delimiter(char.decode()), start + 1
        if char == b"(":
            end = self._string_end(start)
            return data[start + 1 : end - 1], end
        if char == b"<":
            found = _HEX.match(data, start)
            assert found is not None
            self.charge(found.end() - start)
            return bytes.fromhex(_hex_digits(found.group(1))), found.end()
        match = (
            _NAME.match(data, start) or _NUMBER.match(data, start) or _KEYWORD.match(data, start)
        )
        if match is None:
            return Keyword(char.decode("latin-1")), start + 1
        self.charge(match.end() - start)
        text = match.group()
        if char == b"/":
            return Name(decode_name(match.group(1))), match.end()
        if match.re is _NUMBER:
            return (float(text) if b"." in text else int(text)), match.end()
        word = text.decode("latin-1")
        return {"true": True, "false": False, "null": None}.get(word, Keyword(word)), match.end()

    def value(self, pos: int) -> tuple[Any, int]:
        """The value starting at ``pos`` and the position after it (pdfminer's reading: a bare
        token at the top, ``N G R`` inside arrays and dictionaries)."""
        stack: list[tuple[str, list[Any]]] = []
        while True:
            token, pos = self.token(pos)
            if token is END_OF_DATA:
                raise Malformed("unterminated value")
            if isinstance(token, Delimiter):
                if token in ("{", "}"):
                    continue
                if token in ("[", "<<"):
                    if len(stack) >= MAX_DEPTH:
                        raise Malformed(f"nested deeper than {MAX_DEPTH}")
                    stack.append((token, []))
                    continue
                if not stack:
                    raise Malformed(f"unexpected {token}")
                kind, items = stack.pop()
                token = _close_dict(items) if kind == "<<" else items
            elif stack and isinstance(token, Keyword) and token == "R":
                items = stack[-1][1]
                if len(items) >= 2:
                    number = items[-2]
                    del items[-2:]
                    if isinstance(number, int) and not isinstance(number, bool):
                        items.append(Ref(number))
                continue
            if not stack:
                return token, pos
            stack[-1][1].append(token)

    def values(self, pos: int = 0) -> Iterator[Any]:
        """Every value from ``pos`` to the end, in order (an object stream's content)."""
        while True:
            try:
                value, pos = self.value(pos)
            except Malformed:
                return
            yield value


def _hex_digits(text: bytes) -> str:
    digits = re.sub(rb"[^0-9A-Fa-f]", b"", text).decode()
    return digits + "0" * (len(digits) % 2)


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


def indirect_objects(reader: Reader) -> Iterator[PdfObject]:
    """Every definition that follows an ``obj`` keyword, in file order (see the module
    docstring), numbered by the ``N G`` before it (both numbers: pdfminer may take either)."""
    data = reader.data
    numbers: dict[int, tuple[int, ...]] = {}
    for marker in _MARKER.finditer(data):
        found = [int(marker.group(1))] + ([int(marker.group(2))] if marker.group(2) else [])
        numbers[marker.end()] = tuple(found)
    for keyword in _OBJ.finditer(data):
        try:
            value, pos = reader.value(keyword.end())
        except (Malformed, IndexError, ValueError):
            continue
        stream = None
        after = _SKIP.match(data, pos).end()  # type: ignore[union-attr]
        if isinstance(value, dict) and (opening := _STREAM.match(data, after)) is not None:
            stream, _ = _stream_bytes(data, opening.end(), value.get("Length"))
        yield PdfObject(numbers.get(keyword.end(), ()), value, stream)


def packed_objects(header: dict[str, Any], reader: Reader) -> Iterator[PdfObject]:
    """The objects of a decompressed object stream (``reader``'s data), read as pdfminer reads
    them: every value in order, the first ``2 N`` being (number, offset) pairs; the k-th object
    after them is the k-th pair's number."""
    count = header.get("N")
    count = count if isinstance(count, int) and count >= 0 else 0
    values = list(reader.values())
    pairs, objects = values[: 2 * count], values[2 * count :]
    for index, value in enumerate(objects):
        number = pairs[2 * index] if 2 * index < len(pairs) else None
        known = (number,) if isinstance(number, int) and not isinstance(number, bool) else ()
        yield PdfObject(known, value)
