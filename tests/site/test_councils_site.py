"""The site and ``scorecard report`` of a warehouse with two councils (``councilkit``: the Derby
samples and the made-up Northfield, which shares Derby's measure codes and four quarters but
none of its figures): a page listing the councils, and each council's own pages, drawn from its
own rows only, in a folder of its own; the report names a council or refuses, listing them.
Opened in headless Chromium with the network cut, at a phone's and a desktop's width."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from chromium_kit import OfflineBrowser
from click.testing import CliRunner
from councilkit import DERBY, NORTHFIELD, TwoCouncils
from sitekit import on_database
from test_site_browser import OUTSIDE_CARDS

from scorecard.site.build import SiteResult, council_folder
from scorecard.site.figures import slugs
from scorecard.site.notices import SAMPLE_DATA

NAMES = {DERBY: "Derby City Council", NORTHFIELD: "Northfield Borough Council"}
FILES = {DERBY: "derby-scorecard-", NORTHFIELD: "northfield-scorecard-"}


@pytest.fixture(scope="module")
def councils_site(
    two_councils: TwoCouncils, tmp_path_factory: pytest.TempPathFactory
) -> SiteResult:
    from scorecard.site.build import build_site

    return build_site(two_councils.settings, tmp_path_factory.mktemp("councils") / "site")


def pages_of(site: SiteResult, council: str) -> list[Path]:
    return sorted((site.index.parent / council_folder(council)).rglob("*.html"))


def test_each_council_has_its_own_pages_from_its_own_rows(
    councils_site: SiteResult, two_councils: TwoCouncils
) -> None:
    root = councils_site.index.parent
    front = councils_site.index.read_text(encoding="utf-8")
    for council, name in NAMES.items():
        assert f'href="{council_folder(council)}index.html">{name}</a>' in front
    assert councils_site.councils == 2 and councils_site.sample_notice == SAMPLE_DATA
    assert len(list(root.rglob("*.html"))) == councils_site.pages
    for council, name in NAMES.items():
        folder = root / council_folder(council)
        quarters = two_councils.query(
            "select quarter_code from marts.dim_quarter where council_id = %s and has_report"
            " order by quarter_code",
            (council,),
        )
        measures = two_councils.query(
            "select measure_code from marts.dim_measure where council_id = %s", (council,)
        )
        assert sorted(p.stem for p in (folder / "quarters").glob("*.html")) == [
            q["quarter_code"] for q in quarters
        ]
        assert len(list((folder / "measures").glob("*.html"))) == len(measures)
        other = FILES[NORTHFIELD if council == DERBY else DERBY]
        for page in pages_of(councils_site, council):
            text = page.read_text(encoding="utf-8")
            assert f'<span class="council" data-council="{name}">' in text, page.name
            assert other not in text, f"{page} shows the other council's report"
            assert "../static/site.css" in text  # the site's one stylesheet
        # the same measure code, each council's own figures: the CSV is that council's rows
        table = folder / "csv" / f"measure-{slugs(['CM PM09a'])['CM PM09a']}.csv"
        with table.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        facts = two_councils.query(
            "select quarterly_actual from marts.fct_measure_quarter"
            " where council_id = %s and measure_code = 'CM PM09a' order by period_end",
            (council,),
        )
        assert [row["quarterly_actual"] for row in rows] == [
            str(f["quarterly_actual"]) for f in facts
        ]
    northfield = root / council_folder(NORTHFIELD) / "quarters"
    assert sorted(p.stem for p in northfield.glob("*.html")) == [f"2017Q{n}" for n in (1, 2, 3, 4)]
    assert len(list((root / council_folder(DERBY) / "quarters").glob("*.html"))) == 12


def test_the_two_council_site_references_only_its_own_folder(councils_site: SiteResult) -> None:
    root = councils_site.index.parent
    for page in root.rglob("*.html"):
        for ref in re.findall(r'(?:src|href)="([^"]+)"', page.read_text(encoding="utf-8")):
            if ref.startswith("file:"):  # links to the source reports, not loaded by the page
                continue
            assert "://" not in ref, f"{page.name} references {ref}"
            assert (page.parent / ref.split("#")[0]).resolve().is_file(), f"{page}: {ref}"


@pytest.mark.parametrize("width", [390, 1400])
def test_two_council_pages_open_offline_and_fit(
    width: int, browser: OfflineBrowser, councils_site: SiteResult, artifacts: Path
) -> None:
    root = councils_site.index.parent
    pages = [councils_site.index]
    for council in NAMES:
        folder = root / council_folder(council)
        pages += [
            folder / "index.html",
            sorted(folder.glob("quarters/*.html"))[0],
            folder / "measures" / f"{slugs(['CM PM09a'])['CM PM09a']}.html",
            sorted(folder.glob("directorates/*.html"))[0],
        ]
    problems: dict[str, list[str]] = {}
    for path in pages:
        with browser.visit(path, wait_ms=0, width=width) as (page, visit):
            found = list(visit.problems)
            scroll = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if scroll[0] > scroll[1]:
                found.append(f"page is {scroll[0]} px wide in a {scroll[1]} px window")
            found += page.evaluate(OUTSIDE_CARDS)
            if found:
                problems[str(path.relative_to(root))] = found
            if path.parent.name == NORTHFIELD and path.name == "index.html":
                page.screenshot(path=str(artifacts / f"site-council-{width}.png"), full_page=True)
    assert not problems
    with browser.visit(councils_site.index, wait_ms=0, width=width) as (page, visit):
        page.screenshot(path=str(artifacts / f"site-councils-{width}.png"), full_page=True)
        page.get_by_role("link", name=NAMES[NORTHFIELD]).click()
        assert page.locator(".masthead .council").inner_text() == NAMES[NORTHFIELD]
        assert "Scorecard for Q4 2017/18" in page.locator("h1").inner_text()
        page.get_by_role("link", name="All councils").click()
        assert page.locator("h1").inner_text() == "Councils"
        assert not visit.problems


def report(two_councils: TwoCouncils, *args: str) -> tuple[int, str]:
    from scorecard.cli import main

    with on_database(two_councils.settings.db_name):
        result = CliRunner().invoke(main, ["report", *args])
    return result.exit_code, result.output


def test_report_needs_a_council_when_there_are_two(two_councils: TwoCouncils) -> None:
    code, output = report(two_councils)
    assert code == 2
    assert [line for line in output.splitlines() if line.strip()] == [
        f"Error: the marts hold 2 councils: {DERBY} (Derby City Council), {NORTHFIELD}"
        " (Northfield Borough Council); name one with --council (its key or its name)"
    ]
    code, output = report(two_councils, "--council", "Eastshire")
    assert code == 2 and "no report of council 'Eastshire' (key 'eastshire')" in output


def test_report_of_each_council_is_its_own(two_councils: TwoCouncils) -> None:
    code, output = report(two_councils, "--council", "Derby City Council", "--quarter", "2017Q4")
    assert code == 0, output
    lines = output.splitlines()
    assert "Scorecard for Derby City Council, Q4 2017/18 (period end 2018-03-31)" in lines
    # the same figures as Derby's scorecard of the quarter with Derby alone
    assert (
        "Measures in the report by quarterly status: Red 14, Amber 5, Blue 1, Annual Collection 1"
        in lines
    )
    code, output = report(two_councils, "--council", NORTHFIELD)
    assert code == 0, output
    lines = output.splitlines()
    assert "Scorecard for Northfield Borough Council, Q4 2017/18 (period end 2018-03-31)" in lines
    assert SAMPLE_DATA in lines
    assert "Measures in the report by quarterly status: Red 8, Amber 4" in lines
    assert "since Q4 last year" not in output  # Northfield has no year before its first
    code, output = report(two_councils, "--council", NORTHFIELD, "--quarter", "2018Q4")
    assert code == 2
    assert "no report of Northfield Borough Council is loaded for Q4 2018/19" in output
