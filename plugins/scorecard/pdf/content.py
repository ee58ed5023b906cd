"""Counting what a PDF content stream asks a renderer to do, fed in pieces of any size.

:class:`ContentCounter` lexes just enough of a content stream to count glyphs (the bytes of its
text strings), operators, and which named XObjects it draws (``/Name Do``), the way pdfminer's
content parser reads it: comments are skipped, a hex string ends at its first byte that is not a
hex digit or whitespace, an inline image's data (``BI ... ID data EI``) is skipped exactly as
pdfminer finds its end, names have their ``#xx`` escapes decoded and ``Do`` takes whatever token
precedes it (``5 Do`` draws XObject ``5``). It keeps its state between pieces (a string may span
many) and counts at C speed (``bytes.translate`` and ``bytes.count``), so a 256 MiB stream is
counted in about a second.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from scorecard.pdf.objects import Name, Reader, decode_name

SATURATE = 10**15
"""Counts stop growing here (nested fan-out multiplies)."""

_SPACE = b"\x00\t\n\x0b\x0c\r "
_END = rb"#/%\[\]()<>{}\t\n\x0b\x0c\r "
_HEX_END = re.compile(rb"[^0-9A-Fa-f\t\n\x0b\x0c\r ]")
_CLASSES = bytes(
    ord("a")
    if chr(b).isascii() and (chr(b).isalpha() or chr(b) in "'\"")
    else ord(" ")
    if bytes([b]) in _SPACE + b"()<>[]{}%"
    else b
    if b == ord("/")
    else ord("0")
    for b in range(256)
)
"""Bytes by class, to count operators at C speed: a letter after a delimiter starts one."""
_GAP = rb"[\x00\t\n\x0b\x0c\r ]*+"
_DO = re.compile(
    rb"/((?:[^" + _END + rb"]++|#[0-9A-Fa-f]{0,2})*+)" + _GAP + rb"Do(?![^" + _END + rb"])"
)
_DO_NUMBER_REVERSED = re.compile(
    rb"(?<![^" + _END + rb"])oD" + _GAP + rb"([0-9.]++[+-]?)(?=[\x00\t\n\x0b\x0c\r ()<>\[\]{}]|\Z)"
)
"""``5 Do`` (a number as the operand), found in the reversed text: a search that starts with a
literal runs at C speed, where a lookbehind at every byte would not."""
_TF = re.compile(
    rb"/((?:[^"
    + _END
    + rb"]++|#[0-9A-Fa-f]{0,2})*+)"
    + _GAP
    + rb"[-+.0-9]++"
    + _GAP
    + rb"Tf(?![^"
    + _END
    + rb"])"
)
_ID = re.compile(rb"ID(?![^" + _END + rb"])")
_BI = re.compile(rb"(?<![^\x00\t\n\x0b\x0c\r ()<>\[\]{}])BI(?![^" + _END + rb"])")
_LAST_TWO_TOKENS = re.compile(
    rb"[^\x00\t\n\x0b\x0c\r ]+[\x00\t\n\x0b\x0c\r ]+[^\x00\t\n\x0b\x0c\r ]+[\x00\t\n\x0b\x0c\r ]*\Z"
)
_WHITESPACE = frozenset(b" \t\n\r\x0b\x0c")
"""What pdfminer's inline-image reader accepts after ``EI`` (``bytes.isspace``)."""


class _Finder:
    """Where the next of some bytes is in one piece, by ``bytes.find`` (C speed, where a regex
    character class is not), each byte's last answer kept: every byte of a piece is looked at
    about once per sought byte, however many times the lexer asks."""

    def __init__(self, piece: bytes) -> None:
        self.piece = piece
        self.found: dict[int, tuple[int, int]] = {}  # byte -> (searched from, found at or -1)

    def first(self, wanted: bytes, pos: int) -> int:
        """The position of the first of the ``wanted`` bytes at or after ``pos``, or -1."""
        found, best = self.found, -1
        for byte in wanted:
            entry = found.get(byte)
            if entry is None or entry[0] > pos or -1 < entry[1] < pos:
                at = self.piece.find(_BYTES[byte], pos)
                found[byte] = (pos, at)
            else:
                at = entry[1]
            if at != -1 and (best == -1 or at < best):
                best = at
        return best


_BYTES = [bytes((byte,)) for byte in range(256)]


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
    bytes_read: int = 0
    """Bytes the pre-scan lexed and inflated to reach this (its work; linear in the file)."""

    def add(self, other: Work, times: int = 1) -> None:
        self.glyphs = min(SATURATE, self.glyphs + times * other.glyphs)
        self.operators = min(SATURATE, self.operators + times * other.operators)
        self.uses = min(SATURATE, self.uses + times * other.uses)


def _keyword_starts(text: bytes, at: int) -> bool:
    """Whether a keyword token starts at ``text[at]`` (pdfminer: after whitespace, a delimiter
    or a number's last digit, not inside a name or another keyword)."""
    i = at
    while i > 0 and text[i - 1 : i] in b"0123456789.":
        i -= 1
    if i > 0 and i < at and text[i - 1 : i] in b"+-":
        i -= 1
    if i == 0:
        return True
    before = text[i - 1 : i]
    return before in _SPACE or before in b"()<>[]{}"


class ContentCounter:
    """Counts string bytes (per font selected with ``Tf``), operators and ``Do`` draws in a
    content stream, piece by piece (see the module docstring). ``glyphs`` counts a byte a glyph;
    the caller corrects it per font. Strings and comments count as operators too: each is a
    token pdfminer must read, and a stream of nothing else must not pass as costing nothing."""

    def __init__(self) -> None:
        self.work = Work()
        self._mode = "out"  # "out", "string", "hex", "comment" or "inline"
        self._depth = 0
        self._escape = False
        self._hex_digits = 0
        self._carry = b""
        self._recent = bytearray()  # the last bytes outside strings: an inline image's dict
        self._font = ""
        self._target = b"EI"
        self._matched = 0  # how much of the inline image's end marker has been seen
        self._skip = 0  # bytes still to skip after ``ID``
        self._finder = _Finder(b"")

    def feed(self, piece: bytes) -> None:
        self.work.bytes_read += len(piece)
        self._finder = _Finder(piece)
        pos = 0
        while pos < len(piece):
            if self._mode == "string":
                pos = self._in_string(piece, pos)
            elif self._mode == "hex":
                pos = self._in_hex(piece, pos)
            elif self._mode == "comment":
                end = self._finder.first(b"\r\n", pos)
                if end < 0:
                    return
                pos, self._mode = end, "out"
            elif self._mode == "inline":
                pos = self._in_inline(piece, pos)
            else:
                pos = self._outside(piece, pos)

    def close(self) -> Work:
        self._count(self._carry)
        self._carry = b""
        return self.work

    def _outside(self, piece: bytes, pos: int) -> int:
        special = self._finder.first(b"(<%", pos)
        found = special >= 0
        special = special if found else len(piece)
        text = self._carry + piece[pos:special]
        offset = pos - len(self._carry)  # text[i] is piece[offset + i]
        for inline in _ID.finditer(text):
            if _keyword_starts(text, inline.start()):
                self._count(text[: inline.start()])
                self.work.operators += 1
                self._carry = b""
                self._begin_inline()
                start = offset + inline.start()  # "ID" may have begun in the carried bytes
                self._skip -= max(0, pos - start)
                return max(start, pos)
        if not found or piece[special] == ord("%"):
            cut = _tail(text)
            self._count(text[:cut])
            self._carry = text[cut:]
            if not found:
                return len(piece)
            self._carry += b" "  # a comment separates tokens but ends no operand
            self._mode = "comment"
            self.work.operators += 1  # a token all the same (see the class docstring)
            return special + 1
        char = piece[special : special + 1]
        self._count(text)
        self._carry = b""
        if piece[special + 1 : special + 2] == b"<":
            return special + 2  # a dictionary, not a hex string
        self.work.operators += 1
        if char == b"(":
            self._mode, self._depth = "string", 1
            return special + 1
        self._mode = "hex"
        return special + 1

    def _begin_inline(self) -> None:
        """After ``ID``: pdfminer skips one byte, then the data up to ``EI`` (``~>`` when the
        image's ``/F`` filter is ASCII85) followed by whitespace."""
        head = bytes(self._recent[-4096:])
        starts = [m.start() for m in _BI.finditer(head)]
        self._target = b"~>" if starts and _ascii85(head[starts[-1] + 2 :]) else b"EI"
        self._mode, self._matched, self._skip = "inline", 0, 3  # "ID" and the byte after it

    def _in_inline(self, piece: bytes, pos: int) -> int:
        """pdfminer's own search for the end of an inline image (it restarts after a mismatch
        without looking at the mismatched byte again)."""
        if self._skip:
            step = min(self._skip, len(piece) - pos)
            self._skip -= step
            return pos + step
        target, matched = self._target, self._matched
        while pos < len(piece):
            if matched == 0:
                found = piece.find(target[:1], pos)
                if found < 0:
                    self._matched = 0
                    return len(piece)
                pos, matched = found + 1, 1
                continue
            byte = piece[pos]
            pos += 1
            if matched >= len(target):
                matched = matched + 1 if byte in _WHITESPACE else 0
            else:
                matched = matched + 1 if byte == target[matched] else 0
            if matched > len(target):
                self._mode, self._recent = "out", bytearray()
                return pos
        self._matched = matched
        return pos

    def _in_hex(self, piece: bytes, pos: int) -> int:
        found = _HEX_END.search(piece, pos)
        digits = piece[pos : len(piece) if found is None else found.start()]
        self._hex_digits += len(digits.translate(None, _SPACE))
        if found is None:
            return len(piece)
        self._shown((self._hex_digits + 1) // 2)
        self._mode, self._hex_digits = "out", 0
        return found.start() + (piece[found.start()] == ord(">"))

    def _in_string(self, piece: bytes, pos: int) -> int:
        if self._escape:
            self._escape, pos = False, pos + 1
            self._shown(1)
        while (special := self._finder.first(b"()\\", pos)) >= 0:
            self._shown(special - pos)
            char, pos = piece[special], special + 1
            if char == ord("\\"):
                if pos >= len(piece):
                    self._escape = True
                    return pos
                pos += 1
                self._shown(1)
            elif char == ord("("):
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
        if not text:
            return
        self._recent += text
        if len(self._recent) > 8192:
            del self._recent[:-4096]
        classes = text.translate(_CLASSES)
        if b"a" in classes:  # (counting " a" in long blank runs is slow: skip those)
            self.work.operators += classes.count(b" a") + classes.startswith(b"a")
        if b"Do" in text:
            for name, times in Counter(_DO.findall(text)).items():
                self.work.draws[decode_name(name)] += times
            for number, times in Counter(_DO_NUMBER_REVERSED.findall(text[::-1])).items():
                if (operand := _number(number[::-1])) is not None:
                    self.work.draws[operand] += times
        if b"Tf" in text and (fonts := _TF.findall(text)):
            self._font = decode_name(fonts[-1])

    def _shown(self, count: int) -> None:
        """``count`` bytes of a string shown in the current font."""
        self.work.glyphs += count
        self.work.string_bytes[self._font] += count


def _number(text: bytes) -> str | None:
    """A number operand as pdfminer names it (``str`` of the int or float it reads)."""
    try:
        return str(float(text) if b"." in text else int(text))
    except ValueError:
        return None


def _ascii85(inline_dict: bytes) -> bool:
    """Whether an inline image's dictionary says ``/F /A85`` (or ``[/ASCII85Decode ...]``)."""
    reader = Reader(inline_dict, 4 * len(inline_dict) + 64)
    tokens: list[object] = []
    pos = 0
    try:
        while len(tokens) < 256:
            token, pos = reader.token(pos)
            if token == "":
                break
            tokens.append(token)
    except Exception:  # a broken dictionary: pdfminer would not find /F either
        return False
    for index, token in enumerate(tokens[:-1]):
        if isinstance(token, Name) and token == "F":
            following = tokens[index + 1 : index + 3]
            first = following[1] if following and following[0] == "[" else following[0]
            return isinstance(first, Name) and first in ("A85", "ASCII85Decode")
    return False


def _tail(text: bytes) -> int:
    """Where the last two tokens of ``text`` start: kept for the next piece, so that a
    ``/Name Do`` or an operator cut by a piece boundary is counted whole, once."""
    if len(text) <= 128:
        return 0
    found = _LAST_TWO_TOKENS.search(text, len(text) - 128)
    return found.start() if found is not None else len(text) - 64
