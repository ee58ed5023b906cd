"""The site built from real marts: every page, the figures and their sources, empty states,
hostile report values kept as text, and the command's one-line errors."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from click.testing import CliRunner
from sitekit import few, hostile_data, mart_rows, on_database

from scorecard.settings import Settings
from scorecard.site.build import SiteResult, write_site
from scorecard.site.data import read_site_data
from scorecard.site.figures import slugs


def _page(site: SiteResult, code: str) -> str:
    slug = slugs([code])[code]
    return (site.index.parent / "measures" / f"{slug}.html").read_text()


def test_every_measure_and_directorate_has_a_page(site: SiteResult, site_marts: Settings) -> None:
    measures = mart_rows(site_marts, "select measure_code from marts.dim_measure")
    directorates = mart_rows(site_marts, "select distinct directorate from marts.dim_measure")
    assert site.measures == len(measures) > 20
    assert len(list((site.index.parent / "measures").glob("*.html"))) == len(measures)
    assert len(list((site.index.parent / "directorates").glob("*.html"))) == len(directorates)
    overview = site.index.read_text()
    latest = mart_rows(
        site_marts,
        "select quarter_label from marts.dim_quarter where period_end ="
        " (select max(period_end) from marts.fct_measure_quarter)",
    )[0]["quarter_label"]
    assert f"Scorecard for {latest}" in overview
    for heading in ("Measures by status in each directorate", "Red for the longest", "movers"):
        assert heading in overview


def test_site_references_only_its_own_folder(site: SiteResult) -> None:
    root = site.index.parent
    for page in root.rglob("*.html"):
        for ref in re.findall(r'(?:src|href)="([^"]+)"', page.read_text()):
            if ref.startswith("file:"):  # links to the source reports, not loaded by the page
                continue
            assert "://" not in ref, f"{page.name} references {ref}"
            assert (page.parent / ref.split("#")[0]).resolve().is_file(), f"{page.name}: {ref}"


def test_measure_page_states_polarity_flags_and_sources(
    site: SiteResult, site_marts: Settings
) -> None:
    revised = mart_rows(
        site_marts,
        "select f.measure_code, f.quarter_label, q.current_report_source_uri, f.first_page,"
        " v.quarterly_actual_text as earlier from marts.fct_measure_quarter f"
        " join marts.dim_quarter q using (period_end)"
        " join marts.fct_measure_quarter_versions v using (measure_code, period_end)"
        " where f.is_revised and not v.is_current_version order by 1 limit 1",
    )[0]
    page = _page(site, revised["measure_code"])
    assert f"Revised: first reported as {revised['earlier']}" in page
    assert Path(revised["current_report_source_uri"]).name in page
    assert f"p. {revised['first_page']}" in page
    polarity = mart_rows(
        site_marts,
        "select polarity from marts.dim_measure where measure_code = %s",
        revised["measure_code"],
    )[0]["polarity"]
    assert {"higher_is_better": "Higher is better", "lower_is_better": "Lower is better"}[
        polarity
    ] in page
    provisional = mart_rows(
        site_marts,
        "select measure_code, count(*) as n from marts.fct_measure_quarter"
        " where is_provisional group by 1 order by 1 limit 1",
    )[0]
    assert _page(site, provisional["measure_code"]).count(">Provisional<") == provisional["n"]


def test_report_values_reach_the_pages_as_text(site_marts: Settings, tmp_path: Path) -> None:
    result = write_site(hostile_data(read_site_data(site_marts)), tmp_path / "hostile")
    pages = list(result.index.parent.rglob("*.html"))
    assert len(pages) == 5  # overview, three measures, one (hostile) directorate
    for page in pages:
        text = page.read_text()
        assert "<script>window" not in text and "<img src=x" not in text, page.name
        assert "javascript:" not in text.replace("window.PWNED=3", ""), page.name
    assert "&lt;script&gt;window.PWNED=1&lt;/script&gt;" in result.index.read_text()


def test_empty_states_say_why(site_marts: Settings, tmp_path: Path) -> None:
    data = few(read_site_data(site_marts))
    code = data.measures[0]["measure_code"]
    only = [row for row in data.facts if row["measure_code"] == code][:1]
    annual = {
        **only[0],
        "quarterly_status": "Annual Collection",
        "forecast_status": "Annual Collection",
        "quarterly_actual": None,
        "quarterly_actual_text": "Annual",
        "quarterly_target": None,
        "quarterly_target_text": "Annual",
        "forecast_actual": None,
        "forecast_actual_text": None,
    }
    others = [row for row in data.facts if row["measure_code"] != code]
    result = write_site(dataclasses.replace(data, facts=[*others, annual]), tmp_path / "empty")
    page = (result.index.parent / "measures" / f"{slugs([code])[code]}.html").read_text()
    assert "Reported in one quarter only" in page
    assert "Collected annually" in page
    assert "printed as text (&#39;Annual&#39;)" in page
    assert "No quarterly figure to chart" in page and "No year-end forecast figure" in page


def test_site_command_prints_one_line(site_marts: Settings, tmp_path: Path) -> None:
    from scorecard.cli import main

    out = tmp_path / "cli-site"
    with on_database(site_marts.db_name):
        result = CliRunner().invoke(main, ["site", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.count("\n") == 1 and str(out / "index.html") in result.output


def test_site_command_on_a_warehouse_without_marts(
    scratch_warehouse: Settings, tmp_path: Path
) -> None:
    from scorecard.cli import main

    result = CliRunner().invoke(main, ["site", "--out", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "BI reader" in result.output, result.output
    assert "Traceback" not in result.output
