"""Data Docs: report values escaped, every asset local (vendored, with licences), odd run names
stored safely, and GX's INFO chatter kept out of logs. (The browser opens them in tests/site.)"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pytest
from datadocskit import HOSTILE_CODE, HOSTILE_STATUS, validate_into
from samplekit import BASE_SAMPLE

from scorecard.validate.data_docs_assets import CDN_ASSETS, VENDOR_DIR
from scorecard.validate.gx_runner import quiet_third_party_logs, safe_run_name


@pytest.fixture(scope="module")
def data_docs(
    tmp_path_factory: pytest.TempPathFactory, sample_extractions: dict[str, dict[str, Any]]
) -> Path:
    landing = tmp_path_factory.mktemp("landing")
    summaries = validate_into(landing, sample_extractions[BASE_SAMPLE])
    assert summaries["good"].success and not summaries["hostile"].success
    return landing / "data_docs"


def test_hostile_values_are_escaped(data_docs: Path) -> None:
    pages = list(data_docs.rglob("*.html"))
    assert len(pages) == 4  # index, suite, two validations
    for page in pages:
        text = page.read_text()
        assert HOSTILE_STATUS not in text and HOSTILE_CODE not in text, page
    hostile = next(p for p in pages if "2018_03_31_b" in str(p))
    text = hostile.read_text()
    assert "&lt;script&gt;window.PWNED=1&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=" in text


def test_pages_load_only_local_assets(data_docs: Path) -> None:
    for page in data_docs.rglob("*.html"):
        text = page.read_text()
        loads = re.findall(r'<(?:script|link|img)\b[^>]*?(?:src|href)="([^"]+)"', text)
        assert loads, page
        for ref in loads:
            assert "://" not in ref, f"{page.name} loads {ref}"
            assert (page.parent / ref.split("?")[0]).resolve().is_file(), f"{page.name}: {ref}"


def test_every_vendored_asset_has_its_licence_and_is_listed() -> None:
    readme = (VENDOR_DIR / "README.md").read_text()
    packages = {local.split("/")[0] for local in CDN_ASSETS.values()}
    assert packages == {p.name for p in VENDOR_DIR.iterdir() if p.is_dir()}
    for package in packages:
        assert list((VENDOR_DIR / package).glob("LICENSE*")), package
        assert f"`{package}`" in readme, package
    for local in CDN_ASSETS.values():
        assert (VENDOR_DIR / local).is_file(), local


@pytest.mark.parametrize(
    ("name", "stored"),
    [("2018-03-31_60eb1b91d81d", "2018-03-31_60eb1b91d81d"), ("a/b<c>", "a_b_c_"), ("", "run")],
)
def test_run_names_are_safe_for_paths_and_pages(name: str, stored: str) -> None:
    assert safe_run_name(name) == stored


def test_gx_info_chatter_is_kept_out_of_logs() -> None:
    quiet_third_party_logs()
    chatty = logging.getLogger("great_expectations._docs_decorators")
    assert not chatty.isEnabledFor(logging.INFO)
    assert chatty.isEnabledFor(logging.WARNING)


def test_pages_from_before_are_rendered_again(data_docs: Path) -> None:
    import dataclasses

    from scorecard.settings import get_settings
    from scorecard.validate.data_docs_assets import is_stale_page
    from scorecard.validate.gx_runner import rebuild_stale_data_docs

    page = next(data_docs.glob("validations/*/*/*/*.html"))
    old = '<script src="https://code.jquery.com/jquery-3.7.1.min.js"></script>'
    page.write_text(page.read_text().replace("</head>", old + "</head>"))
    settings = dataclasses.replace(get_settings(), landing_url=data_docs.parent.as_uri())
    assert rebuild_stale_data_docs(settings) == 1
    assert not any(is_stale_page(p) for p in data_docs.rglob("*.html"))
    assert rebuild_stale_data_docs(settings) == 0
