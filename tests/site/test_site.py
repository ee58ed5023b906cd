"""The site built from real marts: every page, the figures and their sources, the CSV of every
table, the sample-data and exception-report notices, charts that draw what a measure counts
(steps, year-to-date years apart, no chart for text figures), empty states, hostile report
values kept as text, and the command's one-line errors."""

from __future__ import annotations

import csv
import dataclasses
import itertools
import re
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner
from sitekit import few, hostile_data, mart_rows, on_database

from scorecard.settings import Settings
from scorecard.site.build import SiteResult, write_site
from scorecard.site.data import read_site_data
from scorecard.site.figures import slugs
from scorecard.site.notices import EXCEPTION_REPORT, SAMPLE_DATA


def _page(site: SiteResult, code: str) -> str:
    slug = slugs([code])[code]
    return (site.index.parent / "measures" / f"{slug}.html").read_text()


def test_every_measure_directorate_and_quarter_has_a_page(
    site: SiteResult, site_marts: Settings
) -> None:
    measures = mart_rows(site_marts, "select measure_code from marts.dim_measure")
    directorates = mart_rows(site_marts, "select distinct directorate from marts.dim_measure")
    quarters = mart_rows(
        site_marts, "select quarter_code from marts.dim_quarter where has_report order by 1"
    )
    root = site.index.parent
    assert site.measures == len(measures) > 20
    assert len(list((root / "measures").glob("*.html"))) == len(measures)
    assert len(list((root / "directorates").glob("*.html"))) == len(directorates)
    assert sorted(p.stem for p in (root / "quarters").glob("*.html")) == [
        q["quarter_code"] for q in quarters
    ]
    assert site.quarters == len(quarters) == 12
    overview = site.index.read_text()
    assert overview == (root / "quarters" / "2018Q4.html").read_text().replace(
        'href="../', 'href="'
    )
    latest = mart_rows(
        site_marts,
        "select quarter_label from marts.dim_quarter where period_end ="
        " (select max(period_end) from marts.fct_measure_quarter)",
    )[0]["quarter_label"]
    assert f"Scorecard for {latest}" in overview
    for heading in ("Measures by status in each directorate", "Red for the longest", "movers"):
        assert heading in overview
    older = (root / "quarters" / "2017Q4.html").read_text()
    assert "Scorecard for Q4 2017/18" in older
    assert 'aria-current="page" href="../quarters/2017Q4.html"' in older
    for code in (q["quarter_code"] for q in quarters):  # the picker links every quarter
        assert f'href="../quarters/{code}.html"' in older


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
    # front page, an overview per quarter, three measures, one (hostile) directorate
    assert len(pages) == 1 + result.quarters + 3 + 1
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
    assert "No quarter has a numeric figure" in page
    assert '<figure class="chart"' not in page and "Every reported quarter" in page


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


def test_every_page_says_the_figures_are_sample_data(site: SiteResult) -> None:
    """The bundled samples are recognised by provenance (their sha256), not by wording."""
    assert site.sample_notice == SAMPLE_DATA
    pages = list(site.index.parent.rglob("*.html"))
    assert len(pages) == 1 + site.quarters + site.measures + site.directorates
    for page in pages:
        text = page.read_text().replace("&#39;", "'")
        assert f'<p class="sample-notice" role="note">{SAMPLE_DATA}</p>' in text, page.name
        assert "as the council's quarterly reports printed them" not in text, page.name


def test_overviews_say_the_report_lists_only_measures_needing_improvement(
    site: SiteResult,
) -> None:
    for page in [site.index, *site.index.parent.glob("quarters/*.html")]:
        text = page.read_text().replace("&#39;", "'")
        assert EXCEPTION_REPORT in text, page.name
        assert "on target, of the measures in the report that could be assessed" in text
        assert "of the measures in the report</span>" in text  # the share chart's label


def test_every_table_has_its_csv_and_the_csv_is_the_marts(
    site: SiteResult, site_marts: Settings
) -> None:
    root = site.index.parent
    for page in root.rglob("*.html"):
        for section in re.findall(r"<section.*?</section>", page.read_text(), flags=re.S):
            if "<table" in section:
                links = re.findall(r'<a href="([^"]+\.csv)" download>', section)
                assert links, f"{page.name}: a table without its CSV"
                for link in links:
                    assert (page.parent / link).resolve().is_file(), f"{page.name}: {link}"
    code = "EIISS PM04"
    with (root / "csv" / f"measure-{slugs([code])[code]}.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    facts = mart_rows(
        site_marts,
        "select quarter_label, quarterly_actual, variance_better, change_better, change_since,"
        " direction_of_travel from marts.fct_measure_quarter where measure_code = %s"
        " order by quarter_index",
        code,
    )
    assert [r["quarter"] for r in rows] == [f["quarter_label"] for f in facts]
    for row, fact in zip(rows, facts, strict=True):
        assert Decimal(row["quarterly_actual"]) == fact["quarterly_actual"]
        assert Decimal(row["variance_better"]) == fact["variance_better"]
        assert row["direction_of_travel_council"] == fact["direction_of_travel"]
        assert row["change_since"] == (fact["change_since"] or "")
    movers = (root / "csv" / "quarter-2018Q4-movers.csv").read_text(encoding="utf-8-sig")
    assert movers.splitlines()[0].startswith("unit_kind,rank,measure_code")


def test_text_measure_shows_its_table_and_no_chart(site: SiteResult) -> None:
    page = _page(site, "FPA PM22b")
    assert '<figure class="chart"' not in page
    assert "Quarterly actual against target" not in page
    assert "Major Slippage" in page and "On Track" in page
    assert "Text: the reports print words, not numbers" in page
    assert "Unit</dt><dd>number" not in page


def _paths(page: str, chart: str, mark: str) -> list[str]:
    """The SVG path data of a chart's named line mark, one per line drawn."""
    svg = page[page.index(f'id="{chart}"') :]
    svg = svg[: svg.index("</figure>")]
    return re.findall(
        rf'<g class="mark-line role-mark {mark}_marks"[^>]*>\s*<path[^>]*\sd="([^"]+)"', svg
    )


def _points(path: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r"[ML]([-\d.]+),([-\d.]+)", path)]


def test_year_to_date_is_drawn_one_financial_year_at_a_time(site: SiteResult) -> None:
    page = _page(site, "YA&H PM05 (DH)")
    lines = _paths(page, "quarterly-chart", "actual_line")
    assert len(lines) == 3  # 2016/17, 2017/18, 2018/19: no line from a Q4 to the next Q1
    assert [len(_points(line)) for line in lines] == [4, 4, 4]
    for line in _paths(page, "forecast-chart", "actual_line"):
        assert len(_points(line)) <= 4  # forecasts of one year at a time


def test_a_change_of_target_is_a_step(site: SiteResult) -> None:
    page = _page(site, "EIISS PM04")  # 57 for 2016/17 and 2017/18, then 60
    (target,) = _paths(page, "quarterly-chart", "target_line")
    points = _points(target)
    rises = [(a, b) for a, b in itertools.pairwise(points) if a[1] != b[1]]
    assert len(rises) == 1 and rises[0][0][0] == rises[0][1][0]  # one vertical move
    assert all(a[1] == b[1] or a[0] == b[0] for a, b in itertools.pairwise(points))


def test_direction_of_travel_stands_beside_the_computed_change(site: SiteResult) -> None:
    overview = site.index.read_text().replace("&#39;", "'")
    assert 'Direction of travel <span class="sub">council\'s words</span>' in overview
    assert 'Change <span class="sub">computed, like for like</span>' in overview
    page = _page(site, "EIISS PM04").replace("&#39;", "'")
    row = re.search(r"<td>Q4 2018/19</td>.*?</tr>", page, flags=re.S)
    assert row is not None
    assert "+0.4% since Q3 (worse)" not in row.group(0)  # rose 0.43%: lower is better
    assert "-0.4% since Q3 (worse)" in row.group(0)
    assert '<td class="direction">Deteriorating</td>' in row.group(0)
