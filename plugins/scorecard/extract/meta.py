"""What the title block and footers say about the report, and the checks across its pages.

The title block may be three lines (report name, council, period end) or one line with
separators; the period end may be printed ``31-Mar-2018``, ``31 March 2018`` or ``31/03/2018``
(day first, as UK reports print it). Every page's title block must name the same period end,
and every "Page N of M" footer must match the file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from scorecard.extract.errors import CorruptPdfError, NotAScorecardError
from scorecard.extract.model import ReportMeta
from scorecard.extract.plan import PagePlan
from scorecard.extract.reading import Reading
from scorecard.extract.values import normalise_space
from scorecard.extract.words import Line
from scorecard.quarters import Quarter, QuarterError

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_FULL = ("january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december")  # fmt: skip
_NAMED_DATE = re.compile(r"\b(\d{1,2})[-\s]([A-Za-z]{3,9})\.?[-\s,]+(\d{4})\b")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_ALL_FORMATS = ("day-month-year", "dd/mm/yyyy", "yyyy-mm-dd")
_SEPARATOR = re.compile(r"\s+[-\u2013\u2014|\u00b7]\s+|\s*\|\s*")
_PAGE_OF = re.compile(r"\bPage (\d+) of (\d+)\b")
_TIME_FETCHED = re.compile(
    r"Time Fetched\s*:\s*(?:[A-Za-z]+\s+)?(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})"
)
_DATA_SOURCE = re.compile(r"^Data Source\s*:\s*(.+)$")


def dates_in(text: str, formats: tuple[str, ...] = _ALL_FORMATS) -> list[date]:
    """The dates printed in a text in the given formats (a layout profile's; invalid dates
    ignored)."""
    found: list[date] = []
    if "day-month-year" in formats:
        for match in _NAMED_DATE.finditer(text):
            day, name, year = match.groups()
            month = _month(name)
            if month is not None:
                found += _valid(int(year), month, int(day))
    if "dd/mm/yyyy" in formats:
        for match in _NUMERIC_DATE.finditer(text):
            day, month_text, year = match.groups()
            found += _valid(int(year), int(month_text), int(day))
    if "yyyy-mm-dd" in formats:
        for match in _ISO_DATE.finditer(text):
            year, month_text, day = match.groups()
            found += _valid(int(year), int(month_text), int(day))
    return found


def _month(name: str) -> int | None:
    """1..12 for 'Mar', 'March', 'Sept' (any case), else None."""
    lower = name.lower()
    if lower in _FULL:
        return _FULL.index(lower) + 1
    if lower[:3] in _MONTHS and (len(lower) == 3 or lower == "sept"):
        return _MONTHS.index(lower[:3]) + 1
    return None


def _valid(year: int, month: int, day: int) -> list[date]:
    try:
        return [date(year, month, day)]
    except ValueError:
        return []


def title_lines(plans: Sequence[PagePlan], reading: Reading) -> tuple[int, list[Line]]:
    """The first page naming the report, and its title lines: a table page's title block,
    else a cover page; page 1 and no lines when no page names it."""
    candidates = [(p.number, p.title) for p in plans if p.is_table]
    candidates += [(p.number, p.lines) for p in plans if p.kind == "cover"]
    for number, lines in candidates:
        if any(reading.names_report(line.text) for line in lines):
            return number, lines
    return 1, []


def _report_name(reading: Reading) -> re.Pattern[str]:
    """The report's name: a title of the profile, with what precedes it after a dash."""
    titles = "|".join(re.escape(t) for t in reading.profile.titles)
    return re.compile(rf"(?:[A-Z][A-Za-z ]*?\s*[-\u2013\u2014]\s*)?(?:{titles})")


def report_meta(path: Path, plans: Sequence[PagePlan], sha256: str, reading: Reading) -> ReportMeta:
    """Report metadata from the title block and the footers."""
    page, lines = title_lines(plans, reading)
    texts = [normalise_space(line.text) for line in lines]
    pattern = _report_name(reading)
    title = next((m.group(0) for t in texts if (m := pattern.search(t))), None)
    if title is None:
        names = " or ".join(repr(t) for t in reading.profile.titles)
        raise NotAScorecardError(
            path,
            f"the page header naming the report ({names}, layout profile {reading.name!r})",
            page=1,
            detail="another document",
        )
    council = _council(texts, title)
    formats = reading.profile.period_formats
    periods = [d for t in texts for d in dates_in(t, formats)]
    if council is None or not periods:
        raise NotAScorecardError(
            path, "the council name and period end (such as 31-Mar-2018) in the page header",
            page=page,
        )  # fmt: skip
    period_end = periods[0]
    footer = [normalise_space(line.text) for p in plans for line in p.footer]
    segments = [s for p in plans for line in p.footer for s in line.segments()]
    try:
        quarter = Quarter.containing(period_end)
    except QuarterError as error:
        raise NotAScorecardError(path, "a period end of a financial quarter", page=page) from error
    return ReportMeta(
        council=council,
        report_name=title,
        period_end=period_end.isoformat(),
        financial_year=quarter.financial_year,
        quarter=quarter.number,
        time_fetched=_time_fetched(footer),
        data_source=next(
            (m.group(1).strip() for s in segments if (m := _DATA_SOURCE.match(s))), None
        ),
        page_count=len(plans),
        source_sha256=sha256,
    )


def _council(texts: list[str], title: str) -> str | None:
    """The part of the title block naming the council ('Derby City Council')."""
    for text in texts:
        rest = text.replace(title, " ")
        for match in [*_NAMED_DATE.finditer(rest), *_NUMERIC_DATE.finditer(rest)]:
            rest = rest.replace(match.group(0), " ")
        for part in _SEPARATOR.split(rest):
            part = part.strip(" -\u2013\u2014|,")
            if re.search(r"\bCouncil\b", part):
                return part
    return None


def _time_fetched(footer: list[str]) -> str | None:
    """ISO timestamp of 'Time Fetched: Monday 4 June 2018 12:07:08'."""
    for text in footer:
        match = _TIME_FETCHED.search(text)
        if match and match.group(2).lower() in _FULL:
            day, month, year, hh, mm, ss = match.groups()
            number = _FULL.index(month.lower()) + 1
            return f"{year}-{number:02d}-{int(day):02d}T{int(hh):02d}:{mm}:{ss}"
    return None


def check_page_numbers(path: Path, plans: Sequence[PagePlan]) -> None:
    """'Page N of M' footers must agree with the file: a missing page means a damaged PDF."""
    for plan in plans:
        for line in plan.footer:
            match = _PAGE_OF.search(line.text)
            if match and (int(match.group(1)) != plan.number or int(match.group(2)) != len(plans)):
                raise CorruptPdfError(
                    path,
                    f"page {plan.number} of {len(plans)}",
                    page=plan.number,
                    detail=f"its footer says {match.group(0)}: pages are missing",
                )


def printed(day: date) -> str:
    """A period end as the real report prints it (31-Mar-2018; not strftime: locale-free)."""
    return f"{day.day:02d}-{_MONTHS[day.month - 1].title()}-{day.year}"


def check_same_period(
    path: Path, plans: Sequence[PagePlan], period_end: str, reading: Reading
) -> None:
    """Every page's title block names the same period end: pages of two reports joined are
    rejected."""
    expected = date.fromisoformat(period_end)
    formats = reading.profile.period_formats
    for plan in plans:
        lines = plan.title if plan.is_table else plan.lines if plan.kind == "cover" else []
        found = {d for line in lines for d in dates_in(line.text, formats)}
        if found and expected not in found:
            raise NotAScorecardError(
                path,
                f"the period end {printed(expected)} in the page header, as on page 1",
                page=plan.number,
                detail=f"found {', '.join(printed(d) for d in sorted(found))}: pages of another report",
            )
