"""The site and the published docs in headless Chromium, opened from disk with the network cut:
no request leaves the folder, nothing fails, no console error, and the charts are drawn with
one point per reported figure. Screenshots go to ``.scorecard/test/artifacts``."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from chromium_kit import OfflineBrowser
from sitekit import HOSTILE, hostile_data, mart_rows, on_database

from scorecard.settings import Settings
from scorecard.site.build import SiteResult
from scorecard.site.figures import slugs


def test_every_page_opens_offline_with_its_charts_drawn(
    browser: OfflineBrowser, site: SiteResult, site_marts: Settings, artifacts: Path
) -> None:
    root = site.index.parent
    figures = mart_rows(
        site_marts,
        "select measure_code, count(quarterly_actual) as quarterly,"
        " count(forecast_actual) as forecast from marts.fct_measure_quarter group by 1",
    )
    pages = {slugs([row["measure_code"]])[row["measure_code"]]: row for row in figures}
    problems: dict[str, list[str]] = {}
    for path in [site.index, *sorted(root.glob("directorates/*.html"))]:
        with browser.visit(path, wait_ms=0) as (page, visit):
            problems[path.name] = visit.problems
            assert page.locator("figure.chart svg .role-mark path").count() > 0, path.name
    for path in sorted(root.glob("measures/*.html")):
        expected = pages[path.stem]
        with browser.visit(path, wait_ms=0) as (page, visit):
            problems[path.name] = visit.problems
            drawn = page.locator("#quarterly-chart g.actual_marks path").count()
            assert drawn == expected["quarterly"], f"{path.name}: {drawn} points drawn"
            drawn = page.locator("#forecast-chart g.actual_marks path").count()
            assert drawn == expected["forecast"], f"{path.name}: {drawn} forecast points"
    assert not {name: found for name, found in problems.items() if found}
    assert len(problems) == site.measures + site.directorates + 1


@pytest.mark.parametrize("which", ["index", "revised", "directorate"])
def test_screenshots(
    which: str, browser: OfflineBrowser, site: SiteResult, site_marts: Settings, artifacts: Path
) -> None:
    root = site.index.parent
    if which == "index":
        path = site.index
    elif which == "directorate":
        path = sorted(root.glob("directorates/*.html"))[-1]
    else:
        code = mart_rows(
            site_marts,
            "select measure_code from marts.fct_measure_quarter where is_revised limit 1",
        )[0]["measure_code"]
        path = root / "measures" / f"{slugs([code])[code]}.html"
    with browser.visit(path, wait_ms=0) as (page, visit):
        page.screenshot(path=str(artifacts / f"site-{which}.png"), full_page=True)
        assert not visit.problems
        if which == "revised":
            assert page.get_by_text("first reported", exact=False).count() >= 2


def test_hostile_report_values_run_no_script(
    browser: OfflineBrowser, site_marts: Settings, tmp_path: Path
) -> None:
    from scorecard.site.build import write_site
    from scorecard.site.data import read_site_data

    result = write_site(hostile_data(read_site_data(site_marts)), tmp_path / "hostile")
    for path in [result.index, *result.index.parent.glob("measures/*.html")]:
        with browser.visit(path, wait_ms=0) as (page, visit):
            assert page.evaluate("window.PWNED") is None
            assert page.locator("img[src=x], a[href^=javascript]").count() == 0
            assert page.get_by_text(HOSTILE).count() >= 1, path.name
            assert not visit.problems, path.name


@pytest.fixture(scope="module")
def published(site_marts: Settings, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Everything publish_docs writes, into a home of its own (connections given explicitly)."""
    from scorecard.site.publish import publish_all

    home = tmp_path_factory.mktemp("home")
    settings = dataclasses.replace(
        site_marts,
        home=home,
        configured_reader_url=site_marts.reader_url.render_as_string(hide_password=False),
        configured_transformer_url=site_marts.transformer_url.render_as_string(hide_password=False),
    )
    with on_database(site_marts.db_name):
        published = publish_all(settings)
    return {name: Path(path) for name, path in published.items()}


def test_docs_home_links_the_site_and_both_docs(
    browser: OfflineBrowser, published: dict[str, Path], artifacts: Path
) -> None:
    with browser.visit(published["home"], wait_ms=0) as (page, visit):
        page.screenshot(path=str(artifacts / "docs-home.png"), full_page=True)
        links = page.locator("section.home-entry h2 a")
        hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
        shown = page.locator("p.freshness").inner_text()  # dbt source freshness of raw
        assert not visit.problems
    assert shown.startswith("Freshness: ") and "newest quarter loaded" in shown, shown
    assert [(published["home"].parent / href).resolve() for href in hrefs[:2]] == [
        published["site"].resolve(),
        published["dbt_docs"].resolve(),
    ]


def test_dbt_docs_open_from_disk_with_columns_and_lineage(
    browser: OfflineBrowser, published: dict[str, Path], artifacts: Path
) -> None:
    dbt_docs = published["dbt_docs"]
    with browser.visit(dbt_docs, wait_ms=0) as (page, visit):
        page.goto(dbt_docs.as_uri() + "#!/model/model.scorecard.fct_measure_quarter")
        page.locator("td", has_text="is_on_target").first.wait_for(timeout=15_000)
        page.screenshot(path=str(artifacts / "dbt-docs-model.png"))
        page.locator(".launcher-btn").first.click()
        page.locator("canvas").first.wait_for(timeout=15_000)
        page.wait_for_timeout(500)
        page.screenshot(path=str(artifacts / "dbt-docs-lineage.png"))
        assert not visit.problems
