"""Fixtures for the extractor tests: the sample corpus rendered in the generator's second style."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scorecard.settings import PROJECT_DIR


@pytest.fixture(scope="session")
def alt_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus rendered in the generator's second style (fonts, sizes, widths, page)."""
    out = tmp_path_factory.mktemp("alt-style")
    subprocess.run(
        [sys.executable, "-m", "samples.generate", "--style", "alt", "--out", str(out)],
        cwd=PROJECT_DIR,
        check=True,
        capture_output=True,
    )
    return out
