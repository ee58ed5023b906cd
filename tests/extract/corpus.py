"""The sample corpus as the extractor tests see it (paths, and extraction cached per session)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from scorecard.extract import Extraction, extract_report

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples" / "reports"
REAL_SAMPLE = SAMPLES / "derby-scorecard-2018-03-31.pdf"


def sample_pdfs() -> list[Path]:
    """The committed sample reports (default style)."""
    return sorted(SAMPLES.glob("derby-scorecard-*.pdf"))


@cache
def extracted(pdf: Path) -> Extraction:
    """Extract a PDF once per test session (several tests read the same sample)."""
    return extract_report(pdf)
