"""Parsing of the printed cell values: targets/actuals, units, statuses, direction of travel.

The report prints values as text (``98.0%``, ``1,000.0``, ``13.5 per 100,000 population``,
``On Track``); the warehouse wants both the text as printed and a number where there is one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scorecard.profiles import Profile, load_profile

_WS = re.compile(r"\s+")
_PER_UNIT = re.compile(r"\s*\bper\s+(\d{1,3}(?:,\d{3})*|\d+)\s+population\s*$", re.IGNORECASE)
_NUMBER = re.compile(
    r"^(?P<sign>[-+\u2212]?)\s*(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)\s*(?P<pct>%?)$"
)


@dataclass(frozen=True, slots=True)
class Value:
    """A target or actual: the printed text, its number (if numeric) and its unit (if any)."""

    text: str | None
    number: float | None
    unit: str | None


def normalise_space(text: str) -> str:
    """Collapse runs of whitespace to one space and trim: what 'as printed' means here."""
    return _WS.sub(" ", text).strip()


def parse_value(raw: str | None) -> Value:
    """Parse one printed value such as ``12,345.6``, ``-2.5%`` or ``57.00 per 10,000 population``.

    The trailing ``per N population`` unit is moved out of the text into ``unit``; text values
    (``On Track``, ``N/A``) keep their text and get no number; an empty cell gives all ``None``.
    """
    text = normalise_space(raw or "")
    if not text:
        return Value(None, None, None)
    unit: str | None = None
    per = _PER_UNIT.search(text)
    if per:
        unit = f"per {per.group(1)} population"
        text = text[: per.start()].strip()
        if not text:
            return Value(None, None, unit)
    number = parse_number(text)
    if number is not None and text.endswith("%"):
        unit = "%"
    return Value(text, number, unit)


def parse_number(text: str) -> float | None:
    """The float a printed number stands for (``1,000.0`` -> 1000.0, ``98.0%`` -> 98.0), else None."""
    match = _NUMBER.match(normalise_space(text))
    if not match:
        return None
    value = float(match.group("num").replace(",", ""))
    return -value if match.group("sign") in ("-", "\u2212") else value


def parse_status(raw: str | None, profile: Profile | None = None) -> str | None:
    """The canonical status for printed text (``Annual\\nCollection`` -> ``Annual Collection``)
    in ``profile`` (the default one when None).

    Returns None for an empty cell; raises ValueError for text that is not a known status.
    """
    if not _WS.sub("", raw or ""):
        return None
    found = (profile or load_profile()).status_of(raw or "")
    if found is None:
        raise ValueError(f"not a status label: {normalise_space(raw or '')!r}")
    return found


def parse_direction(raw: str | None, profile: Profile | None = None) -> str | None:
    """The canonical direction of travel (Improving, Deteriorating, N/A) or None if empty."""
    if not _WS.sub("", raw or ""):
        return None
    found = (profile or load_profile()).direction_of(raw or "")
    if found is None:
        raise ValueError(f"not a direction of travel: {normalise_space(raw or '')!r}")
    return found


def measure_unit(values: list[Value]) -> str | None:
    """The unit of a measure: the first unit any of its printed values carries."""
    for value in values:
        if value.unit is not None:
            return value.unit
    return None
