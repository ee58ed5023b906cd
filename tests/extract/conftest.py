"""Fixtures for the extractor tests: the committed sample corpus and the alt-style rendering."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scorecard.extract import Extraction, extract_report

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples" / "reports"
REAL_SAMPLE = SAMPLES / "derby-scorecard-2018-03-31.pdf"


def sample_pdfs() -> list[Path]:
    """The committed sample reports (default style)."""
    return sorted(SAMPLES.glob("derby-scorecard-*.pdf"))


@pytest.fixture(scope="session")
def real_report() -> Extraction:
    """The 31-Mar-2018 sample (the real report reproduced), extracted once per session."""
    if not REAL_SAMPLE.exists():
        pytest.fail(f"missing sample {REAL_SAMPLE}: run `uv run python -m samples.generate`")
    return extract_report(REAL_SAMPLE)


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
