"""Counting what a PDF content stream asks a renderer to do, fed in pieces of any size.

:class:`ContentCounter` lexes just enough of a content stream to count glyphs (the bytes of its
text strings), operators, and which named XObjects it draws (``/Name Do``). It keeps its state
between pieces (a string may span many), and counts at C speed (``bytes.translate`` and
``bytes.count``), so a 256 MiB stream is counted in about a second.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

SATURATE = 10**15
"""Counts stop growing here (nested fan-out multiplies)."""

_STRING_SPECIAL = re.compile(rb"[()\\]")
_DELIMS = rb"\x00\t\n\x0c\r ()<>\[\]{}/%"
_CLASSES = bytes(
    ord("a")
    if chr(b).isascii() and (chr(b).isalpha() or chr(b) in "'\"")
    else ord(" ")
    if bytes([b]) in b"\x00\t\n\x0c\r ()<>[]{}%"
    else b
    if b == ord("/")
    else ord("0")
    for b in range(256)
)
"""Bytes by class, to count operators at C speed: a letter after a delimiter starts one."""
_LAST_TWO_TOKENS = re.compile(
    rb"[^\x00\t\n\x0c\r ]+[\x00\t\n\x0c\r ]+[^\x00\t\n\x0c\r ]+[\x00\t\n\x0c\r ]*\Z"
)
_DO = re.compile(rb"/([^" + _DELIMS + rb"]+)[\x00\t\n\x0c\r ]*Do(?![^" + _DELIMS + rb"])")
_TF = re.compile(
    rb"/([^"
    + _DELIMS
    + rb"]+)[\x00\t\n\x0c\r ]+[-+.0-9]+[\x00\t\n\x0c\r ]*Tf(?![^"
    + _DELIMS
    + rb"])"
)


@dataclass
class Work:
    """What drawing one content stream (or a page, or a Form XObject) costs."""

    glyphs: int = 0
    operators: int = 0
    uses: int = 0
    draws: Counter[str] = field(default_factory=Counter)
    """``/Name Do`` counts: which XObjects are drawn, how often."""
    string_bytes: Counter[str] = field(default_factory=Counter)
    """Bytes shown per font name (a composite font takes two bytes a glyph)."""

    def add(self, other: Work, times: int = 1) -> None:
        self.glyphs = min(SATURATE, self.glyphs + times * other.glyphs)
        self.operators = min(SATURATE, self.operators + times * other.operators)
        self.uses = min(SATURATE, self.uses + times * other.uses)


class ContentCounter:
    """Counts string bytes (per font selected with ``Tf``), operators and ``/Name Do`` in a
    content stream, piece by piece: strings may span pieces, so the lexer keeps its state
    between them. ``glyphs`` counts a byte a glyph; the caller corrects it per font."""

    def __init__(self) -> None:
        self.work = Work()
        self._mode = "out"  # "out", "string" or "hex"
        self._depth = 0
        self._escape = False
        self._hex_digits = 0
        self._carry = b""
        self._font = ""

    def feed(self, piece: bytes) -> None:
        pos = 0
        while pos < len(piece):
            if self._mode == "string":
                pos = self._in_string(piece, pos)
            elif self._mode == "hex":
                end = piece.find(b">", pos)
                digits = piece[pos : len(piece) if end < 0 else end]
                self._hex_digits += len(digits.translate(None, b"\x00\t\n\x0c\r "))
                if end < 0:
                    return
                self._shown((self._hex_digits + 1) // 2)
                pos, self._mode, self._hex_digits = end + 1, "out", 0
            else:
                pos = self._outside(piece, pos)

    def close(self) -> Work:
        self._count(self._carry)
        self._carry = b""
        return self.work

    def _outside(self, piece: bytes, pos: int) -> int:
        special = _next_special(piece, pos)
        if special < 0:
            text = self._carry + piece[pos:]
            cut = _tail(text)
            self._count(text[:cut])
            self._carry = text[cut:]
            return len(piece)
        self._count(self._carry + piece[pos:special])
        self._carry = b""
        if piece[special] == ord("("):
            self._mode, self._depth = "string", 1
            return special + 1
        if piece[special + 1 : special + 2] == b"<":
            return special + 2  # a dictionary, not a hex string
        self._mode = "hex"
        return special + 1

    def _in_string(self, piece: bytes, pos: int) -> int:
        if self._escape:
            self._escape, pos = False, pos + 1
            self._shown(1)
        while (special := _STRING_SPECIAL.search(piece, pos)) is not None:
            self._shown(special.start() - pos)
            pos = special.end()
            if special.group() == b"\\":
                if pos >= len(piece):
                    self._escape = True
                    return pos
                pos += 1
                self._shown(1)
            elif special.group() == b"(":
                self._depth += 1
                self._shown(1)
            else:
                self._depth -= 1
                if self._depth == 0:
                    self._mode = "out"
                    return pos
                self._shown(1)
        self._shown(len(piece) - pos)
        return len(piece)

    def _count(self, text: bytes) -> None:
        if text:
            classes = text.translate(_CLASSES)
            if b"a" in classes:  # (counting " a" in long blank runs is slow: skip those)
                self.work.operators += classes.count(b" a") + classes.startswith(b"a")
            self.work.draws.update(m.decode("latin-1") for m in _DO.findall(text))
            if fonts := _TF.findall(text):
                self._font = fonts[-1].decode("latin-1")

    def _shown(self, count: int) -> None:
        """``count`` bytes of a string shown in the current font."""
        self.work.glyphs += count
        self.work.string_bytes[self._font] += count


def _next_special(piece: bytes, pos: int) -> int:
    """Where the next string (``(`` or ``<``) starts, or -1."""
    found = [i for i in (piece.find(b"(", pos), piece.find(b"<", pos)) if i >= 0]
    return min(found) if found else -1


def _tail(text: bytes) -> int:
    """Where the last two tokens of ``text`` start: kept for the next piece, so that a
    ``/Name Do`` or an operator cut by a piece boundary is counted whole, once."""
    if len(text) <= 128:
        return 0
    found = _LAST_TWO_TOKENS.search(text, len(text) - 128)
    return found.start() if found is not None else len(text) - 64
