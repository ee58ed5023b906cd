"""Fixtures for the extractor tests: the committed sample corpus and the alt-style rendering."""

from __future__ import annotations

import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

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


@pytest.fixture(scope="session")
def alt_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus rendered in the generator's second style (fonts, sizes, widths, page)."""
    out = tmp_path_factory.mktemp("alt-style")
    subprocess.run(
        [sys.executable, "-m", "samples.generate", "--style", "alt", "--out", str(out)],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    return out
