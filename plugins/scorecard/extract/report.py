"""Extracting a whole report: open the PDF once, read each page, join rows into measures.

The steps: check the file is a complete, readable PDF (``pdf``); per page, group glyphs into
lines and find the table header (``pages``); classify the pages and cut the table pages into
title block, header, row bands and footer (``pages``, ``furniture``, ``table``); account for
every glyph (``accounting``); read the report's identity (``meta``); walk the bands into
measures (``rows``) and parse their cells (``cells``).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from scorecard.extract import accounting, cells, meta, rows
from scorecard.extract.errors import EmptyPdfError
from scorecard.extract.model import Extraction
from scorecard.extract.pages import HeaderCache, plan_pages, read_page
from scorecard.extract.pdf import read_bytes, read_pages
from scorecard.extract.plan import PagePlan
from scorecard.extract.reading import Reading
from scorecard.extract.text import shows_quote_mapping
from scorecard.profiles import Profile


def extract_report(path: str | Path, profile: Profile | None = None) -> Extraction:
    """Extract every measure of a scorecard PDF as ``profile`` (the default layout profile
    when None) declares its layout, or raise an ``ExtractionError`` subclass."""
    path = Path(path)
    reading = Reading.of(profile)
    plans, sha256 = read_plans(path, reading)
    plan_pages(path, plans, reading)
    report = meta.report_meta(path, plans, sha256, reading)
    if not any(p.is_table for p in plans):
        raise _no_table(path, plans, reading)
    meta.check_page_numbers(path, plans)
    meta.check_same_period(path, plans, report.period_end, reading)
    found, repeated = rows.assemble(path, plans, reading)
    accounts = [accounting.account(path, p, repeated.get(p.number, 0)) for p in plans]
    mismapped = shows_quote_mapping(_cell_texts(plans))
    pitch = rows.line_pitch(found)
    measures = [cells.measure(path, row, pitch, mismapped, reading) for row in found]
    return Extraction(replace(report, pages=[a.to_dict() for a in accounts]), measures)


def read_plans(path: Path, reading: Reading, strict: bool = True) -> tuple[list[PagePlan], str]:
    """Every page read (lines, rulings, header row) and the file's sha256; typed errors for an
    unreadable or empty PDF (``strict``: and for a header row the profile cannot read)."""
    data = read_bytes(path)
    cache: HeaderCache = {}
    plans = [
        read_page(path, objects, n, reading, cache, strict)
        for n, objects in enumerate(read_pages(path, data), 1)
    ]
    if not plans:
        raise EmptyPdfError(path, "at least one page", detail="the PDF has no pages")
    if not any(p.lines for p in plans):
        raise EmptyPdfError(path, "text on the pages of a scorecard report", detail="no text found")
    return plans, hashlib.sha256(data).hexdigest()


def _no_table(path: Path, plans: list[PagePlan], reading: Reading) -> Exception:
    """The error for a report in which no page carries the table."""
    from scorecard.extract.errors import TableError
    from scorecard.extract.header import expected_header

    kinds = ", ".join(f"page {p.number}: {p.kind}" for p in plans)
    return TableError(
        path, expected_header(reading), page=plans[0].number, detail=f"no table ({kinds})"
    )


def _cell_texts(plans: list[PagePlan]) -> list[str]:
    """The text of every table line (for document-wide decisions such as the quote mapping)."""
    return [line.text for p in plans if p.is_table for line in p.body]
