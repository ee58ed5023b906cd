"""Splitting the Measure Details cell into the measure code and its title.

There is no list of known codes: new measures appear every year, and other councils number
theirs differently. A code is an open grammar: prefix tokens (``L&C``, ``AHH Local``,
``Regen``, ``ASCOF``) and an identifier with a digit (``PM28``, ``08f``, ``2A2``, ``1.2``), or a
code on its own (``PM28``, ``SC-01``); then optional qualifiers, attached or spaced (``2A(i)``,
``(NI 125)``, ``(DH)``) and optional ``/alternate`` codes (``EI 12/EI 3``). A year is no
identifier (``CQC 2017 rating`` is a title, not a code). A dash between code and title belongs
to neither (``SS PM07 - Children in Care`` -> ``SS PM07``, ``Children in Care``).
"""

from __future__ import annotations

import re

from scorecard.profiles import ProfileError

# A caps prefix: ``AHH``, ``L&C``, ``YA&H``, ``EI``; a word prefix: ``Regen``, ``Local``.
_CAPS = r"[A-Z][A-Z&]*[A-Z]"
_WORD = r"[A-Z][a-z]+"
_NOT_YEAR = r"(?!(?:19|20)\d\d(?![\w.(]))"
_IDENT = rf"{_NOT_YEAR}[A-Za-z]*\d[0-9A-Za-z]*(?:\.\d+[A-Za-z]?)*"
_UPPER_IDENT = r"[A-Z]+\d[0-9A-Za-z]*(?:\.\d+[A-Za-z]?)*"
_DASHED = r"[A-Z]{2,}(?:-\d[0-9A-Za-z]*(?:\.\d+[A-Za-z]?)*)+"
_ALONE = r"[A-Z]{1,5}\d+[A-Za-z]?"
_ATTACHED = r"(?:\((?:[ivxlc]+|[a-z]|\d+[a-z]?)\))?"
_QUALIFIER = r"\((?:[ivxlc]+|[A-Z][A-Z0-9&]*(?: [A-Z0-9]+)*)\)"
_PREFIXES = rf"(?:{_CAPS}|{_WORD})(?:\s+(?:{_CAPS}|{_WORD})){{0,2}}"
# A caps prefix with any identifier (``AHH Local 2A``, ``PH 1.2``, ``HW/02``); any prefix with
# an identifier in capitals (``Regen PM21``); one capital and a number (``R 7``); or a code
# alone (``PM28``, ``Q5``, ``SC-01``, ``PI-2018-03``).
_SIMPLE = (
    rf"(?:{_CAPS}(?:\s+(?:{_CAPS}|{_WORD})){{0,2}}(?:\s+|/){_IDENT}"
    rf"|{_PREFIXES}\s+(?:{_UPPER_IDENT}|{_DASHED})"
    rf"|[A-Z]\s+\d+[a-z]?|{_DASHED}|{_ALONE}){_ATTACHED}"
)
_CODE = rf"{_SIMPLE}(?:\s*/\s*(?:{_SIMPLE}|{_IDENT}))*(?:\s+{_QUALIFIER})*"
_SPLIT = re.compile(
    rf"^(?P<code>{_CODE})(?:\s+[-\u2013\u2014](?=\s|$))?(?:\s+(?P<title>.*))?$", re.DOTALL
)
_WS = re.compile(r"\s+")


def custom_grammar(pattern: str) -> re.Pattern[str]:
    """A layout profile's own code grammar (a regular expression for the code alone), made
    into a splitter like the open grammar's: code, an optional dash, the title."""
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ProfileError(
            f"measure_codes: not a regular expression ({exc}): {pattern!r}"
        ) from None
    return re.compile(
        rf"^(?P<code>(?:{pattern}))(?:\s+[-\u2013\u2014](?=\s|$))?(?:\s+(?P<title>.*))?$", re.DOTALL
    )


def split_code(details: str, grammar: re.Pattern[str] | None = None) -> tuple[str, str] | None:
    """Split ``'SS PM07 - Children in Care ...'`` into ``('SS PM07', 'Children in Care ...')``.

    Whitespace in both parts is normalised; returns None when the text does not start with a
    measure code (the caller decides whether that is a continued cell or an unreadable table).
    ``grammar`` is a profile's own (:func:`custom_grammar`); the open grammar by default.
    """
    text = _WS.sub(" ", details).strip()
    match = (grammar or _SPLIT).match(text)
    if not match:
        return None
    code = _WS.sub(" ", match.group("code"))
    code = re.sub(r"\s*/\s*", "/", code)
    return code, (match.group("title") or "").strip()


def starts_with_code(details: str, grammar: re.Pattern[str] | None = None) -> bool:
    """Whether a Measure Details cell begins a new measure (its text starts with a code)."""
    return split_code(details, grammar) is not None
