"""The data a sample report is drawn from, and its truth (the extraction contract in docs/ARCHITECTURE.md).

Commentary strings use the truth layout: paragraphs separated by a blank line ("\\n\\n"), a line
beginning with a "-" bullet on its own line ("\\n" before it), all other wrapped lines joined by
one space. Curly quotes (U+2018, U+2019, U+201C, U+201D) mark the places where the real PDF has a
curly quote: the renderer draws them mis-mapped ($, !, ", #) as the real PDF's text layer does,
the truth stores straight ASCII (' and ").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

COUNCIL = "Derby City Council"
REPORT_NAME = "Improvement Report - Council Scorecard"
DATA_SOURCE = "DORIS"
TEAM = "Performance and Intelligence Team"
FOOTER_DIRECTORATE = "Organisation and Governance"

STATUSES = ("Red", "Amber", "Green", "Blue", "N/A", "Annual Collection")
DIRECTIONS = ("Improving", "Deteriorating", "N/A")
UNITS = ("%", "per 100,000 population", "per 10,000 population")

# Curly quote -> the character the real PDF's text layer gives for it.
MISMAPPED_QUOTES = {"\u2018": "$", "\u2019": "!", "\u201c": '"', "\u201d": "#"}
# Curly quote -> the straight ASCII quote stored in the truth.
STRAIGHT_QUOTES = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}

_NUMBER = re.compile(r"^-?\d{1,3}(,\d{3})*(\.\d+)?%?$|^-?\d+(\.\d+)?%?$")


@dataclass(frozen=True)
class Measure:
    """One row of the scorecard table, as printed (values without their population unit)."""

    directorate: str
    code: str
    title: str
    quarterly_status: str | None
    forecast_status: str | None
    quarterly_target: str | None
    quarterly_actual: str | None
    forecast_target: str | None
    forecast_actual: str | None
    unit: str | None
    direction: str | None
    context: str
    actions: str
    intervention: str
    code_separator: str = " "


@dataclass(frozen=True)
class Report:
    """One issued report: a period end, when DORIS produced it, and its measures in order."""

    period_end: date
    time_fetched: datetime
    measures: tuple[Measure, ...]
    suffix: str = ""
    notes: tuple[str, ...] = field(default=())
    council: str = COUNCIL
    file_prefix: str = "derby"

    @property
    def stem(self) -> str:
        """The file name without extension, e.g. ``derby-scorecard-2018-09-30-v2``."""
        return f"{self.file_prefix}-scorecard-{self.period_end.isoformat()}{self.suffix}"


MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def period_label(day: date) -> str:
    """The page-header date, e.g. "31-Mar-2018" (English whatever the locale)."""
    return f"{day.day:02d}-{MONTHS[day.month - 1][:3]}-{day.year}"


def fetched_label(moment: datetime) -> str:
    """The footer timestamp, e.g. "Monday 4 June 2018 12:07:08" (English whatever the locale)."""
    return (
        f"{DAYS[moment.weekday()]} {moment.day} {MONTHS[moment.month - 1]} {moment.year}"
        f" {moment:%H:%M:%S}"
    )


def straighten(text: str) -> str:
    """Replace curly quotes with the straight ASCII quotes stored in the truth."""
    return text.translate(
        str.maketrans("".join(STRAIGHT_QUOTES), "".join(STRAIGHT_QUOTES.values()))
    )


def mismap(text: str) -> str:
    """Replace curly quotes with the characters the real PDF's text layer gives for them."""
    return text.translate(
        str.maketrans("".join(MISMAPPED_QUOTES), "".join(MISMAPPED_QUOTES.values()))
    )


def parse_number(text: str | None) -> float | None:
    """Parse a printed value: "98.0%" -> 98.0, "1,000.0" -> 1000.0, "-2.5%" -> -2.5, text -> None."""
    if text is None or not _NUMBER.match(text):
        return None
    return float(text.rstrip("%").replace(",", ""))


def financial_year(period_end: date) -> str:
    """The April-March financial year of a quarter end, e.g. 2018-03-31 -> "2017/18"."""
    start = period_end.year if period_end.month > 3 else period_end.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def quarter(period_end: date) -> int:
    """The financial-year quarter of a quarter end (Q1 ends 30-Jun, Q4 ends 31-Mar)."""
    return {6: 1, 9: 2, 12: 3, 3: 4}[period_end.month]
