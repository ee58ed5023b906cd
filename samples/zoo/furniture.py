"""The words around the table, shared by every producer: page header, footer, and the pages
that are not table pages (cover, RAG key, notes). Only their look differs between producers."""

from __future__ import annotations

from datetime import date

from samples.model import (
    COUNCIL,
    DATA_SOURCE,
    FOOTER_DIRECTORATE,
    MONTHS,
    REPORT_NAME,
    TEAM,
    Report,
    fetched_label,
    financial_year,
    period_label,
    quarter,
)
from samples.zoo.styles import ZooStyle

RAG_KEY = (
    ("Red", "Performance is worse than target by more than 5%"),
    ("Amber", "Performance is worse than target by up to 5%"),
    ("Green", "Performance meets target, or beats it by less than 2%"),
    ("Blue", "Performance beats target by 2% or more"),
    ("N/A", "No target applies this quarter"),
    ("Annual Collection", "Measure collected once a year"),
)
NOTES = (
    "Notes",
    "Measures are listed only where the quarterly or the forecast year end status is Red or"
    " Amber. Figures marked provisional may change when final data is published.",
    "Targets are set at the start of each financial year and reviewed at year end.",
)


def period_text(day: date, style: ZooStyle) -> str:
    """The period end in the style's date format."""
    if style.period == "31 March 2018":
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    if style.period == "31/03/2018":
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    return period_label(day)


def title_block(report: Report, style: ZooStyle) -> list[str]:
    """The page header's three items (name, council, period); the producer puts them on three
    lines or spreads them along one."""
    period = period_text(report.period_end, style)
    return [REPORT_NAME, COUNCIL, period]


def footer_lines(report: Report, page: int, count: int) -> list[tuple[str, str, str]]:
    """The footer's three lines, each as (left, centre, right)."""
    return [
        (f"Data Source: {DATA_SOURCE}", FOOTER_DIRECTORATE, f"Page {page} of {count}"),
        (f"Time Fetched: {fetched_label(report.time_fetched)}", "", TEAM),
        (f"Report Name: {REPORT_NAME}", "", ""),
    ]


def cover_lines(report: Report, style: ZooStyle) -> list[str]:
    """The cover page's lines (largest first)."""
    return [
        REPORT_NAME,
        COUNCIL,
        f"Quarter {quarter(report.period_end)} {financial_year(report.period_end)}",
        f"Period ending {period_text(report.period_end, style)}",
        TEAM,
    ]


def front_pages(style: ZooStyle) -> list[str]:
    """The non-table pages before the table: "cover" (with the RAG key), "title" and "key"."""
    return {"none": [], "cover": ["cover"], "cover-key": ["title", "key"]}[style.front]


def back_pages(style: ZooStyle) -> list[str]:
    """The non-table pages after the table."""
    return ["notes"] if style.back == "notes" else []
