"""Cleaning of free text: curly-quote repair and joining wrapped lines into paragraphs.

The report's font maps curly quotes to the wrong glyphs: ``$`` is a left single quote, ``!`` a
right single quote or apostrophe, ``"`` a left double quote and ``#`` a right double quote
(``$good!``, ``Council!s``, ``"Talking Points#``). We repair them to straight ASCII quotes from
context, so that a real exclamation mark at the end of a sentence survives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_WS = re.compile(r"\s+")
# $word ... word! : a single-quoted phrase (no other $ or ! inside, at most a few words).
_SINGLE = re.compile(r"(?<![\w$])\$(?=[\w(])([^$!\n]{0,80}?[\w.)?%])!(?![\w])")
# letter!letter : an apostrophe (Council!s, Derby!s, don!t).
_APOSTROPHE = re.compile(r"(?<=[A-Za-z])!(?=[A-Za-z])")
# letters! followed by s-less plural possessive context is ambiguous: left as printed.
# "phrase# : a double-quoted phrase opened by a (straight) left double quote.
_DOUBLE = re.compile(r"\"\s?([^\"#\n]{1,120}?)\s?#")
# A lone $ directly before a word is a left single quote even without its closing mark.
_LONE_LEFT = re.compile(r"(?<![\w$])\$(?=[A-Za-z])")


def repair_quotes(text: str) -> str:
    """Replace the mis-mapped quote glyphs with straight ASCII quotes where context shows them.

    ``$good!`` -> ``'good'``, ``Council!s`` -> ``Council's``, ``"Talking Points#`` ->
    ``"Talking Points"``; ``Well done!`` keeps its exclamation mark.
    """
    text = _SINGLE.sub(lambda m: f"'{m.group(1)}'", text)
    text = _APOSTROPHE.sub("'", text)
    text = _DOUBLE.sub(lambda m: f'"{m.group(1)}"', text)
    return _LONE_LEFT.sub("'", text)


def join_lines(lines: Iterable[str]) -> str:
    """Join wrapped lines with one space (words are kept as printed, hyphens included).

    A line that starts with a ``-`` bullet starts on its own line (joined with ``\n``), as the
    report's bullet lists do.
    """
    out = ""
    for raw in lines:
        line = _WS.sub(" ", raw).strip()
        if not line:
            continue
        if not out:
            out = line
        elif line.startswith("-"):
            out += "\n" + line
        else:
            out += " " + line
    return out


def join_paragraphs(paragraphs: Sequence[Sequence[str]]) -> str | None:
    """Paragraphs (each a list of wrapped lines) as one text: lines joined by a space,
    paragraphs by a blank line (``\\n\\n``), quotes repaired; None when there is no text."""
    parts = [join_lines(lines) for lines in paragraphs]
    parts = [p for p in parts if p]
    if not parts:
        return None
    return repair_quotes("\n\n".join(parts))
