"""Extraction in a resource-limited child process: each bomb, with the pre-scan switched off so
that pdfminer itself meets it, ends at the limit it passes as a typed ``ResourceLimit``; with
the pre-scan on it is refused before parsing. Nothing is written in either case."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest
from bombkit import GIB, form_bomb, glyph_bomb, stream_bomb
from samplekit import cached_extraction

from scorecard.extract import CorruptPdfError, NotAPdfError
from scorecard.pdf.isolation import extract_isolated
from scorecard.pdf.limits import ResourceLimit
from scorecard.settings import PROJECT_DIR
from scorecard.settings.limits import SETTING_NAMES, Limits

SAMPLE = PROJECT_DIR / "samples" / "reports" / "derby-scorecard-2018-03-31.pdf"
SMALL = PROJECT_DIR / "samples" / "reports" / "derby-scorecard-2016-09-30.pdf"
TIGHT = Limits(extract_cpu_seconds=1, extract_wall_seconds=60, extract_memory_bytes=384 << 20)


def bomb(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "hostile.pdf"
    path.write_bytes(data)
    return path


def limit_passed(path: Path, limits: Limits, *, prescan: bool = False) -> ResourceLimit:
    before = sorted(path.parent.iterdir())
    with pytest.raises(ResourceLimit) as caught:
        extract_isolated(path, limits=limits, prescan=prescan)
    assert str(caught.value).startswith(f"{path}: refused: ")
    assert "\n" not in str(caught.value)
    assert sorted(path.parent.iterdir()) == before  # nothing written beside it
    return caught.value


def test_the_child_extracts_what_the_extractor_does() -> None:
    assert extract_isolated(SMALL) == cached_extraction(SMALL)


def test_typed_errors_come_back_with_their_type(tmp_path: Path) -> None:
    text = tmp_path / "notes.pdf"
    text.write_text("not a PDF")
    with pytest.raises(NotAPdfError, match=r"notes\.pdf: expected a PDF file"):
        extract_isolated(text)
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(SAMPLE.read_bytes()[:5000])
    with pytest.raises(CorruptPdfError, match="truncated"):
        extract_isolated(cut)


def test_memory_limit_stops_a_stream_bomb(tmp_path: Path) -> None:
    roomy_cpu = dataclasses.replace(TIGHT, extract_cpu_seconds=30)  # only memory can stop it
    error = limit_passed(bomb(tmp_path, stream_bomb(8 * GIB)), roomy_cpu)
    assert error.limit == "extract_memory_bytes"
    assert "SCORECARD_EXTRACT_MEMORY_MB" in str(error)


@pytest.mark.parametrize("hostile", [form_bomb, glyph_bomb])
def test_cpu_limit_stops_a_form_or_glyph_bomb(tmp_path: Path, hostile: Callable[[], bytes]) -> None:
    error = limit_passed(bomb(tmp_path, hostile()), TIGHT)
    assert error.limit in {"extract_cpu_seconds", "extract_memory_bytes"}
    assert SETTING_NAMES[error.limit] in str(error)


def test_wall_limit_stops_a_form_bomb(tmp_path: Path) -> None:
    slow = dataclasses.replace(TIGHT, extract_cpu_seconds=60, extract_wall_seconds=1.5)
    error = limit_passed(bomb(tmp_path, form_bomb(23)), slow)
    assert error.limit == "extract_wall_seconds"


def test_the_prescan_refuses_before_parsing(tmp_path: Path) -> None:
    error = limit_passed(bomb(tmp_path, form_bomb(23)), TIGHT, prescan=True)
    assert error.limit == "pdf_max_xobject_uses"


def test_a_passed_limit_fails_the_task_without_retries() -> None:
    """Retrying a refused report cannot help: the DAG fails its task at once."""
    from scorecard.orchestration.runs import is_permanent

    assert is_permanent(ResourceLimit("x.pdf", "pdf_max_glyphs", 500_000, "1,000,000 glyphs"))
