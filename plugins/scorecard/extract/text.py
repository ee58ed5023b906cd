"""Free text as a reader reads it: wrapped lines joined, quotes repaired where mis-mapped.

Wrapped lines join with one space; a word wrapped after its hyphen joins without one, keeping
the hyphen (``pre-`` / ``16`` -> ``pre-16``); a soft hyphen or a producer's hyphenation
hyphen (U+2010) at a wrap joins the word halves and is dropped; any other soft hyphen is
dropped and any other U+2010 read as ``-``. A line that starts with a ``-`` bullet
starts on its own line.

The real report's font maps curly quotes to the wrong glyphs: ``$`` is a left single quote,
``!`` a right single quote or apostrophe, ``"`` a left double quote and ``#`` a right double
quote (``$good!``, ``Council!s``, ``"Talking Points#``). The repair runs only for a document
that shows that mapping (``Council!s``, ``$good!``, ``"Talking Points#``, and no curly quote
printed), so a real ``!``, ``$`` or ``#`` from other producers survives. Genuine
curly quotes are written as straight ASCII quotes, as the contract says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from scorecard.extract.glyphs import SOFT_HYPHEN

_WS = re.compile(r"\s+")
# $word ... word! : a single-quoted phrase (no other $ or ! inside, at most a few words).
_SINGLE = re.compile(r"(?<![\w$])\$(?=[\w(])([^$!\n]{0,80}?[\w.)?%])!(?![\w])")
# letter!letter : an apostrophe (Council!s, Derby!s, don!t).
_APOSTROPHE = re.compile(r"(?<=[A-Za-z])!(?=[A-Za-z])")
# "phrase# : a double-quoted phrase opened by a (straight) left double quote.
_DOUBLE = re.compile(r"\"\s?([^\"#\n]{1,120}?)\s?#(?!\w)")
# A lone $ directly before a word is a left single quote even without its closing mark.
_LONE_LEFT = re.compile(r"(?<![\w$])\$(?=[A-Za-z])")
_CURLY_QUOTES = frozenset("\u2018\u2019\u201c\u201d")
_EVIDENCE = (
    re.compile(r"[A-Za-z]![a-z]"),
    re.compile(r"(?<![\w$])\$[A-Za-z][^$!\n]{0,80}?[\w.)?%]!(?!\w)"),
    re.compile(r"\"[^\"#\n]{1,120}?#(?!\w)"),
)
_CURLY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_HYPHEN_WRAP = re.compile(r"[A-Za-z0-9]-$")
# U+2010 HYPHEN: what producers draw where they hyphenate a word themselves (report text
# prints "-"), so at a line end it is dropped and the halves joined, like a soft hyphen.
HYPHENATION = "\u2010"


def shows_quote_mapping(texts: Iterable[str]) -> bool:
    """Whether a document's text shows the mis-mapped quotes: an apostrophe printed as ``!``
    inside a word (``Council!s``), a phrase quoted as ``$good!`` or ``"Talking Points#``, and
    no curly quote printed anywhere. ``$5m`` and ``Well done!`` are no such evidence."""
    mapped = False
    for text in texts:
        if any(c in _CURLY_QUOTES for c in text):
            return False
        mapped = mapped or any(p.search(text) for p in _EVIDENCE)
    return mapped


def repair_quotes(text: str) -> str:
    """Replace the mis-mapped quote glyphs with straight ASCII quotes where context shows them.

    ``$good!`` -> ``'good'``, ``Council!s`` -> ``Council's``, ``"Talking Points#`` ->
    ``"Talking Points"``; ``Well done!`` keeps its exclamation mark.
    """
    text = _SINGLE.sub(lambda m: f"'{m.group(1)}'", text)
    text = _APOSTROPHE.sub("'", text)
    text = _DOUBLE.sub(lambda m: f'"{m.group(1)}"', text)
    return _LONE_LEFT.sub("'", text)


def reader_text(text: str, mismapped: bool) -> str:
    """Quotes as a reader reads them: repaired when mis-mapped, curly ones made straight."""
    return (repair_quotes(text) if mismapped else text).translate(_CURLY)


def join_lines(lines: Iterable[str]) -> str:
    """Join wrapped lines with one space (or none after a wrap hyphen), bullets on new lines."""
    out = ""
    for raw in lines:
        line = _WS.sub(" ", raw).strip()
        if not line:
            continue
        if not out:
            out = line
        elif line.startswith("-") and not _HYPHEN_WRAP.search(out):
            out += "\n" + line
        elif out.endswith((SOFT_HYPHEN, HYPHENATION)):
            out = out[:-1] + line
        elif _HYPHEN_WRAP.search(out):
            out += line
        else:
            out += " " + line
    return out.replace(SOFT_HYPHEN, "").replace(HYPHENATION, "-")


def join_paragraphs(paragraphs: Sequence[Sequence[str]], mismapped: bool = True) -> str | None:
    """Paragraphs (each a list of wrapped lines) as one text: lines joined as ``join_lines``
    does, paragraphs by a blank line (``\\n\\n``), quotes as a reader reads them; None when
    there is no text."""
    parts = [join_lines(lines) for lines in paragraphs]
    parts = [p for p in parts if p]
    if not parts:
        return None
    return reader_text("\n\n".join(parts), mismapped)
