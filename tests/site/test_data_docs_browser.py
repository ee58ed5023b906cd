"""GX Data Docs in headless Chromium from disk, network cut: tables drawn by the vendored
bootstrap-table, no request leaves the folder, and a hostile report value shows as text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from chromium_kit import OfflineBrowser
from datadocskit import HOSTILE_STATUS, validate_into
from samplekit import BASE_SAMPLE, SAMPLES_DIR


@pytest.fixture(scope="module")
def data_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import json

    landing = tmp_path_factory.mktemp("landing")
    base: dict[str, Any] = json.loads((SAMPLES_DIR / f"{BASE_SAMPLE}.json").read_text())
    validate_into(landing, base)
    return landing / "data_docs"


def test_data_docs_open_offline_and_show_values_as_text(
    browser: OfflineBrowser, data_docs: Path, artifacts: Path
) -> None:
    with browser.visit(data_docs / "index.html") as (page, visit):
        page.screenshot(path=str(artifacts / "data-docs-index.png"), full_page=True)
        assert page.locator(".bootstrap-table tbody tr:visible").count() == 2
        assert page.locator(".fa-times, .fa-check-circle").count() >= 2
        assert not visit.problems
    hostile = next(p for p in data_docs.glob("validations/*/*/*/*.html") if "_b_" in str(p))
    with browser.visit(hostile) as (page, visit):
        shown = page.get_by_text(HOSTILE_STATUS, exact=True)
        assert shown.count() == 1
        shown.first.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / "data-docs-hostile-value.png"))
        assert page.evaluate("window.PWNED") is None
        assert page.locator("img[src=x]").count() == 0
        assert not visit.problems
    with browser.visit(next(data_docs.glob("expectations/*.html"))) as (page, visit):
        page.screenshot(path=str(artifacts / "data-docs-suite.png"))
        assert page.get_by_text("values must belong to this set").count() >= 2
        assert not visit.problems
