"""Fixtures for the site tests: marts built from the bundled samples, the site, a real browser.

``site_marts`` loads every sample's truth file through the load stage into a database of its
own (``<test db>_site``) and runs one real ``dbt build`` as the transformer role; the site is
then built from it as the BI reader. ``chromium`` is the machine's Chromium (the browser tests
skip, saying how to install it, where there is none); ``artifacts`` is where screenshots go.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from chromium_kit import HOW_TO_INSTALL, OfflineBrowser, chromium_path, offline_browser
from dbtkit import load_truths, on_database, recreate_database
from samplekit import SAMPLES_DIR

from scorecard.settings import PROJECT_DIR, Settings
from scorecard.site.build import SiteResult

ARTIFACTS = PROJECT_DIR / ".scorecard" / "test" / "artifacts"


@pytest.fixture(scope="session")
def site_marts(warehouse: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A database with every bundled quarter loaded and the marts built by dbt."""
    from scorecard import transform
    from scorecard.warehouse.migrations import migrate

    name = f"{warehouse.db_name}_site"[:63]
    recreate_database(warehouse, name)
    with on_database(name) as settings:
        migrate(settings)
        load_truths(settings, sorted(SAMPLES_DIR.glob("derby-scorecard-*.json")))
        transform.build(settings, target_path=tmp_path_factory.mktemp("dbt-site"))
    return settings


@pytest.fixture(scope="session")
def site(site_marts: Settings, tmp_path_factory: pytest.TempPathFactory) -> SiteResult:
    """The site built from ``site_marts`` into a temporary folder."""
    from scorecard.site.build import build_site

    return build_site(site_marts, tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where the browser tests keep their screenshots (kept after the run)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def chromium() -> str:
    """The Chromium binary, or a skip that says how to get one."""
    path = chromium_path()
    if path is None:
        pytest.skip(HOW_TO_INSTALL)
    return path


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[OfflineBrowser]:
    """One headless Chromium for the session, every non-file request aborted and recorded."""
    with offline_browser(chromium) as opened:
        yield opened
