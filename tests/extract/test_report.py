"""Every sample report, in both rendering styles, extracts to its truth file field for field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from samplekit import SAMPLES_DIR, extracted, sample_pdfs

from scorecard.extract import extract_report, pages, rulings


def _diff(actual: dict[str, Any], truth: dict[str, Any]) -> list[str]:
    """Readable list of the fields that differ (report fields, count, then measure fields)."""
    problems = [
        f"report.{key}: {actual['report'].get(key)!r} != {value!r}"
        for key, value in truth["report"].items()
        if actual["report"].get(key) != value
    ]
    if len(actual["measures"]) != len(truth["measures"]):
        problems.append(f"{len(actual['measures'])} measures != {len(truth['measures'])}")
    for got, want in zip(actual["measures"], truth["measures"], strict=False):
        problems += [
            f"{want['measure_code']}.{key}: {got.get(key)!r:.120} != {value!r:.120}"
            for key, value in want.items()
            if got.get(key) != value
        ]
    return problems


def _check(pdf: Path, fresh: bool = False) -> None:
    """Extract ``pdf`` and compare with the truth JSON beside it, field for field and in order."""
    truth = json.loads(pdf.with_suffix(".json").read_text())
    actual = (extract_report(pdf) if fresh else extracted(pdf)).to_dict()
    assert _diff(actual, truth) == []
    assert [k for k in actual["report"] if k != "pages"] == list(truth["report"])
    assert all(
        list(a) == list(t) for a, t in zip(actual["measures"], truth["measures"], strict=True)
    )


def test_corpus_is_complete() -> None:
    """Twelve quarters and the re-issued report."""
    assert len(sample_pdfs()) == 13


@pytest.mark.parametrize("pdf", sample_pdfs(), ids=lambda p: p.stem)
def test_default_style_matches_truth(pdf: Path) -> None:
    """The committed samples (the real report's look) extract exactly."""
    _check(pdf)


def test_alt_style_matches_truth(alt_reports: Path) -> None:
    """Other fonts, sizes, column widths, margins and page size extract exactly too."""
    pdfs = sorted(alt_reports.glob("*.pdf"))
    assert len(pdfs) == 13
    for pdf in pdfs:
        _check(pdf)


def test_rows_over_page_breaks_are_joined() -> None:
    """Some samples have measures spanning pages; each is one record listing its pages."""
    spanning = [
        m
        for pdf in sample_pdfs()
        for m in extracted(pdf).to_dict()["measures"]
        if len(m["pages"]) > 1
    ]
    assert spanning
    assert all(m["pages"] == list(range(m["pages"][0], m["pages"][-1] + 1)) for m in spanning)


@pytest.mark.parametrize("stem", ["2016-12-31", "2018-03-31", "2018-12-31"])
def test_without_rulings_or_fills(monkeypatch: pytest.MonkeyPatch, stem: str) -> None:
    """With every ruling line and fill ignored, text gaps alone give the same rows and columns
    (the fallback for reports drawn without a grid), including rows over page breaks."""
    monkeypatch.setattr(pages, "find_rulings", lambda lines, rects: rulings.Rulings())
    _check(SAMPLES_DIR / f"derby-scorecard-{stem}.pdf", fresh=True)
