"""The site and the published docs in headless Chromium, opened from disk with the network cut:
no request leaves the folder, nothing fails, no console error, and the charts are drawn with
one point per reported figure. Every page at a phone's 390 px and a desktop's 1400 px: nothing
scrolls the page sideways, nothing leaves its card, chart text stays at least 10 px, no two
value labels collide; and the status colours, as the page draws them, stay apart under a
simulated deuteranopia and protanopia. Screenshots go to ``.scorecard/test/artifacts``."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from chromium_kit import OfflineBrowser
from cvdkit import MACHADO, closest_pair, delta_e, parse
from sitekit import HOSTILE, hostile_data, mart_rows, on_database

from scorecard.settings import Settings
from scorecard.site.build import SiteResult
from scorecard.site.figures import slugs
from scorecard.site.palette import PATTERNS


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
    overviews = [site.index, *sorted(root.glob("quarters/*.html"))]
    for path in [*overviews, *sorted(root.glob("directorates/*.html"))]:
        with browser.visit(path, wait_ms=0) as (page, visit):
            problems[str(path.relative_to(root))] = visit.problems
            assert page.locator("figure.chart svg .role-mark path").count() > 0, path.name
            assert page.locator(".bars .segment").count() > 0, path.name
    for path in sorted(root.glob("measures/*.html")):
        expected = pages[path.stem]
        with browser.visit(path, wait_ms=0) as (page, visit):
            problems[str(path.relative_to(root))] = visit.problems
            drawn = page.locator("#quarterly-chart g.actual_marks path").count()
            assert drawn == expected["quarterly"], f"{path.name}: {drawn} points drawn"
            drawn = page.locator("#forecast-chart g.actual_marks path").count()
            assert drawn == expected["forecast"], f"{path.name}: {drawn} forecast points"
    assert not {name: found for name, found in problems.items() if found}
    assert len(problems) == site.measures + site.directorates + site.quarters + 1


SCREENSHOTS = {
    "index": "index.html",
    "quarter-2017Q4": "quarters/2017Q4.html",
    "year-to-date": "measures/ya-h-pm05-dh.html",
    "lower-is-better": "measures/eiiss-pm04.html",
    "text-figures": "measures/fpa-pm22b.html",
    "annual": "measures/dh-local-62b.html",
    "directorate": "directorates/people-services.html",
}


@pytest.mark.parametrize("width", [390, 1400])
@pytest.mark.parametrize("which", [*SCREENSHOTS, "revised"])
def test_screenshots(
    which: str,
    width: int,
    browser: OfflineBrowser,
    site: SiteResult,
    site_marts: Settings,
    artifacts: Path,
) -> None:
    root = site.index.parent
    if which == "revised":
        code = mart_rows(
            site_marts,
            "select measure_code from marts.fct_measure_quarter where is_revised limit 1",
        )[0]["measure_code"]
        path = root / "measures" / f"{slugs([code])[code]}.html"
    else:
        path = root / SCREENSHOTS[which]
    with browser.visit(path, wait_ms=0, width=width) as (page, visit):
        page.screenshot(path=str(artifacts / f"site-{which}-{width}.png"), full_page=True)
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
    from scorecard.site.notices import SAMPLE_DATA

    with browser.visit(published["home"], wait_ms=0) as (page, visit):
        page.screenshot(path=str(artifacts / "docs-home.png"), full_page=True)
        assert page.locator(".sample-notice").inner_text() == SAMPLE_DATA
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
        text = page.inner_text("body")
        assert "marts.fct_measure_quarter" in text and "marts_audit" not in text
        assert page.locator("td", has_text="change_better").count() >= 1
        page.locator(".launcher-btn").first.click()
        page.locator("canvas").first.wait_for(timeout=15_000)
        page.wait_for_timeout(500)
        page.screenshot(path=str(artifacts / "dbt-docs-lineage.png"))
        assert not visit.problems


# Every element of a card (a section or a tile) must lie within it, unless it is inside a
# scrolling container (a table's or a chart's), which must itself lie within the card and
# scroll; visually hidden text (.sr) is left out.
OUTSIDE_CARDS = """() => {
  const out = [];
  const inside = (r, c) =>
    r.left >= c.left - 0.5 && r.right <= c.right + 0.5 && r.top >= c.top - 0.5 && r.bottom <= c.bottom + 0.5;
  for (const card of document.querySelectorAll('section, .tile')) {
    const c = card.getBoundingClientRect();
    for (const el of card.querySelectorAll('*')) {
      if (el.closest('.sr')) continue;
      const scroller = el.parentElement && el.parentElement.closest('.scroll, .chart');
      if (scroller && card.contains(scroller)) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (!inside(r, c)) {
        out.push(`${el.tagName.toLowerCase()}.${el.className} in ${card.tagName.toLowerCase()}`
          + ` (${Math.round(r.left)}-${Math.round(r.right)} of ${Math.round(c.left)}-${Math.round(c.right)})`);
      }
    }
    for (const scroller of card.querySelectorAll('.scroll, .chart')) {
      const overflow = getComputedStyle(scroller).overflowX;
      if (scroller.scrollWidth > scroller.clientWidth + 1 && overflow !== 'auto' && overflow !== 'scroll') {
        out.push(`${scroller.className} overflows without scrolling`);
      }
    }
  }
  return out;
}"""

CHART_TEXT = """() => {
  const out = [];
  for (const svg of document.querySelectorAll('figure.chart svg')) {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    for (const text of svg.querySelectorAll('text')) {
      if (!text.textContent.trim()) continue;
      out.push([svg.closest('figure').id, text.textContent, parseFloat(getComputedStyle(text).fontSize) * scale]);
    }
  }
  return out;
}"""

LABEL_BOXES = """() => Array.from(document.querySelectorAll('figure.chart')).map(figure => ({
  chart: figure.id,
  labels: Array.from(figure.querySelectorAll('g.labels_marks text')).map(t => {
    const r = t.getBoundingClientRect(); return [t.textContent, r.left, r.top, r.right, r.bottom];
  }),
  points: Array.from(figure.querySelectorAll('g.actual_marks path')).map(p => {
    const r = p.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom];
  }),
}))"""


def _every_page(site: SiteResult) -> list[Path]:
    root = site.index.parent
    return [
        site.index,
        *sorted(root.glob("quarters/*.html")),
        *sorted(root.glob("measures/*.html")),
        *sorted(root.glob("directorates/*.html")),
    ]


def _overlap(one: list[float], other: list[float]) -> float:
    width = min(one[2], other[2]) - max(one[0], other[0])
    height = min(one[3], other[3]) - max(one[1], other[1])
    return max(width, 0) * max(height, 0)


@pytest.mark.parametrize("width", [390, 1400])
def test_every_page_fits_its_screen(width: int, browser: OfflineBrowser, site: SiteResult) -> None:
    """No sideways scroll, nothing out of its card, chart text of 10 px or more, no colliding
    labels: on a phone and on a desktop, every page."""
    pages = _every_page(site)
    assert len(pages) == 1 + site.quarters + site.measures + site.directorates
    problems: dict[str, list[str]] = {}
    smallest = 99.0
    labels = 0
    for path in pages:
        name = str(path.relative_to(site.index.parent))
        with browser.visit(path, wait_ms=0, width=width) as (page, visit):
            found = list(visit.problems)
            scroll = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if scroll[0] > scroll[1]:
                found.append(f"page is {scroll[0]} px wide in a {scroll[1]} px window")
            found += page.evaluate(OUTSIDE_CARDS)
            for chart, text, size in page.evaluate(CHART_TEXT):
                smallest = min(smallest, size)
                if size < 10:
                    found.append(f"{chart}: '{text}' drawn at {size:.1f} px")
            for chart in page.evaluate(LABEL_BOXES):
                boxes = chart["labels"]
                labels += len(boxes)
                for i, one in enumerate(boxes):
                    for other in boxes[i + 1 :]:
                        if _overlap(one[1:], other[1:]) > 1:
                            found.append(f"{chart['chart']}: '{one[0]}' collides with '{other[0]}'")
                    for point in chart["points"]:
                        shrunk = [point[0] + 1, point[1] + 1, point[2] - 1, point[3] - 1]
                        if _overlap(one[1:], shrunk) > 1:
                            found.append(f"{chart['chart']}: '{one[0]}' covers a point")
            if found:
                problems[name] = found
    assert not problems
    assert smallest >= 10 and labels > 100


SEGMENTS = """() => Array.from(document.querySelectorAll('.bars .segment')).map(s => {
  const style = getComputedStyle(s); const r = s.getBoundingClientRect();
  return [s.dataset.status, style.backgroundColor, style.backgroundImage, s.innerText.trim(),
          r.left, r.top, r.width, r.height];
})"""


def _filter(vision: str) -> str:
    """An SVG colour-matrix filter simulating ``vision`` (in linear RGB, as the matrices are)."""
    rows = [" ".join(f"{v:.6f}" for v in row) + " 0 0" for row in MACHADO[vision]]
    matrix = " ".join(rows) + " 0 0 0 1 0"
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0" style="position:absolute">'
        f'<filter id="cvd" color-interpolation-filters="linearRGB"><feColorMatrix type="matrix"'
        f' values="{matrix}"/></filter></svg>'
    )


@pytest.mark.parametrize("vision", ["deuteranopia", "protanopia"])
def test_statuses_stay_apart_for_colour_blind_readers(
    vision: str, browser: OfflineBrowser, site: SiteResult, artifacts: Path
) -> None:
    """The colours the page draws (read from the page, simulated), and the page itself seen
    through a simulation filter (sampled from a screenshot): every pair of statuses apart, and
    every segment labelled with its count and patterned."""
    from io import BytesIO

    from PIL import Image

    root = site.index.parent
    with browser.visit(root / "directorates" / "people-services.html", wait_ms=0, width=1400) as (
        page,
        visit,
    ):
        segments = page.evaluate(SEGMENTS)
        statuses = {status: colour for status, colour, *_ in segments}
        assert len(statuses) >= 5, statuses  # Red, Amber, Green, Blue, N/A, Annual Collection
        distance, one, other = closest_pair({s: parse(c) for s, c in statuses.items()}, vision)
        assert distance >= 12, f"{one} and {other} look alike with {vision} ({distance:.1f})"
        for status, _, pattern, text, *_ in segments:
            # its count shown, its status named for screen readers
            assert text.split()[-1].isdigit() and status in text, f"{status} segment: {text!r}"
            if PATTERNS[status] != "none":
                assert pattern != "none", f"a {status} segment without its pattern"
        page.evaluate(
            "html => { document.body.insertAdjacentHTML('beforeend', html);"
            " document.documentElement.style.filter = 'url(#cvd)'; }",
            _filter(vision),
        )
        page.wait_for_timeout(100)
        shot = Image.open(BytesIO(page.screenshot(full_page=True))).convert("RGB")
        shot.save(artifacts / f"site-directorate-{vision}.png")
        seen: dict[str, list[tuple[int, int, int]]] = {}
        for status, _, _, _, left, top, width, height in segments:
            # the segment's fill, beside its count and between its stripes: the darkest third
            box = shot.crop(
                (int(left) + 2, int(top) + 2, int(left + width) - 2, int(top + height) - 2)
            )
            pixels = sorted(box.get_flattened_data(), key=sum)
            seen.setdefault(status, []).extend(pixels[: max(len(pixels) // 3, 1)])
        mean = {
            status: tuple(sum(p[i] for p in pixels) / len(pixels) / 255 for i in range(3))
            for status, pixels in seen.items()
        }
        nearest = min(
            (delta_e(mean[a], mean[b]), a, b)  # type: ignore[arg-type]
            for i, a in enumerate(sorted(mean))
            for b in sorted(mean)[i + 1 :]
        )
        assert nearest[0] >= 10, (
            f"on screen with {vision}: {nearest[1]} and {nearest[2]} ({nearest[0]:.1f})"
        )
        assert not visit.problems
