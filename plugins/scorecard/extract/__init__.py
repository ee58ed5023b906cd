"""Extract the measures of a council scorecard PDF (pdfplumber geometry, no fixed coordinates).

``extract_report(path)`` returns an ``Extraction`` (``to_dict()`` gives the JSON contract of
docs/ARCHITECTURE.md) or raises a subclass of ``ExtractionError`` naming file, page and what was
expected: a report is extracted completely or not at all.
"""

from __future__ import annotations

from scorecard.extract.errors import (
    CorruptPdfError,
    EmptyPdfError,
    EncryptedPdfError,
    ExtractionError,
    NotAPdfError,
    NotAScorecardError,
    TableError,
)
from scorecard.extract.model import Extraction, Measure, ReportMeta
from scorecard.extract.report import extract_report

# Bumped whenever a change could alter the output for the same PDF (stored with each load).
# 2.1: columns known by their header labels (layout profiles), extra columns kept.
EXTRACTOR_VERSION = "2.1.0"

__all__ = [
    "EXTRACTOR_VERSION",
    "CorruptPdfError",
    "EmptyPdfError",
    "EncryptedPdfError",
    "Extraction",
    "ExtractionError",
    "Measure",
    "NotAPdfError",
    "NotAScorecardError",
    "ReportMeta",
    "TableError",
    "extract_report",
]
