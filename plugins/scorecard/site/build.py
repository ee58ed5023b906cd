"""Write the static site: an overview of every quarter, a page per measure and per directorate,
the CSV of every table, one stylesheet; per council, with a page listing them when the marts
hold several.

Pages are rendered with Jinja2 with autoescaping on for every template, so any text that came
from a report (titles, commentary, statuses, directorates, codes) reaches the page as text.
Only the charts are inserted as markup, after :func:`scorecard.site.charts.to_svg` checked
them. The site is written to a sibling folder and swapped in, so a reader never sees half a
site, and it references nothing outside its own folder.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from scorecard.settings import Settings, get_settings
from scorecard.site import charts, tables
from scorecard.site.blocks import share_rows, share_table
from scorecard.site.data import SiteData, read_site_data
from scorecard.site.directorate import directorate_context
from scorecard.site.figures import slugs
from scorecard.site.measure import measure_context
from scorecard.site.notices import (
    EXCEPTION_REPORT,
    IN_THE_REPORT,
    councils_notice,
    sample_notice,
)
from scorecard.site.overview import overview_context
from scorecard.site.palette import stylesheet

HERE = Path(__file__).parent
CHART_KEYS = ("share_chart", "quarterly_chart", "forecast_chart")
SHARE_CSV = "csv/share-on-target.csv"


@dataclass(frozen=True)
class SiteResult:
    """Where the site was written and what it holds."""

    index: Path
    measures: int
    directorates: int
    seconds: float
    quarters: int = 0
    csv_files: int = 0
    sample_notice: str | None = None
    councils: int = 1

    @property
    def pages(self) -> int:
        """The HTML pages written: a front page and an overview per quarter, a page per
        measure and per directorate, of each council; the councils page when several."""
        per_council = self.quarters + self.measures + self.directorates + self.councils
        return per_council + (1 if self.councils > 1 else 0)

    def describe(self) -> str:
        councils = f"{self.councils} councils: " if self.councils > 1 else ""
        return (
            f"site: {councils}{self.quarters} quarter overviews, {self.measures} measure pages, "
            f"{self.directorates} directorate pages, {self.csv_files} CSV files "
            f"in {self.seconds:.1f}s: {self.index}"
        )


def site_dir(settings: Settings) -> Path:
    """Where the published site lives: ``<docs>/site`` (open ``index.html``)."""
    return settings.docs_dir / "site"


def build_site(settings: Settings | None = None, out_dir: Path | None = None) -> SiteResult:
    """Read the marts as the BI reader and write the site (default: :func:`site_dir`)."""
    s = settings or get_settings()
    started = time.perf_counter()
    data = read_site_data(s)
    return write_site(data, out_dir or site_dir(s), started=started)


def write_site(data: SiteData, out_dir: Path, *, started: float | None = None) -> SiteResult:
    """Render every page and table of ``data`` into ``out_dir`` (replaced as a whole).

    One council: its pages at the top of the site, as they have always been. Several: a page
    listing the councils at the top, and each council's own pages, drawn from its rows only,
    under ``councils/<council_id>/`` (:func:`council_folder`); they share the stylesheets."""
    started = time.perf_counter() if started is None else started
    env = environment()
    building = out_dir.with_name(out_dir.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    shutil.copytree(HERE / "static", building / "static")
    (building / "static" / "status.css").write_text(stylesheet(), encoding="utf-8")
    built_at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    # a council with no measure in the marts has nothing to draw (a report without measures)
    with_facts = {row["council_id"] for row in data.facts if "council_id" in row}
    councils = [c for c in data.councils if c["council_id"] in with_facts]
    if len(councils) <= 1:
        one = data.for_council(councils[0]["council_id"]) if councils else data
        shown = [_write_council(env, one, building, "", built_at)]
        notice = shown[0].sample_notice
    else:
        shown = [
            _write_council(
                env,
                data.for_council(council["council_id"]),
                building / council_folder(council["council_id"]),
                "../../",
                built_at,
                council,
            )
            for council in councils
        ]
        notice = councils_notice(councils)
        context = {
            "councils": [
                {
                    **council,
                    "href": f"{council_folder(council['council_id'])}index.html",
                    **vars(one),
                }
                for council, one in zip(councils, shown, strict=True)
            ],
            "directorates": [],
            "council_name": None,
            "built_at": built_at,
            "sample_notice": notice,
        }
        _write(env, "councils.html", building / "index.html", "", context)
    _swap(building, out_dir)
    return SiteResult(
        index=out_dir / "index.html",
        measures=sum(one.measures for one in shown),
        directorates=sum(one.directorates for one in shown),
        seconds=time.perf_counter() - started,
        quarters=sum(one.quarters for one in shown),
        csv_files=sum(one.csv_files for one in shown),
        sample_notice=notice,
        councils=len(shown),
    )


def council_folder(council_id: str) -> str:
    """Where a council's pages are, relative to the site's root, when there are several."""
    return f"councils/{council_id}/"


@dataclass(frozen=True)
class CouncilPages:
    """What was written of one council (the councils page lists it)."""

    measures: int
    directorates: int
    quarters: int
    csv_files: int
    sample_notice: str | None
    latest_label: str


def _write_council(
    env: Environment,
    data: SiteData,
    folder: Path,
    up: str,
    built_at: str,
    council: dict[str, Any] | None = None,
) -> CouncilPages:
    """One council's overviews, measure and directorate pages and CSV files into ``folder``;
    ``up`` leads from there to the site's root (the stylesheets, the councils page)."""
    for name in ("measures", "directorates", "quarters", "csv"):
        (folder / name).mkdir(parents=True)
    measure_slugs = slugs([m["measure_code"] for m in data.measures])
    names = sorted({row["directorate"] for row in data.directorates})
    directorate_slugs = slugs(names)
    reported = data.reported_quarters
    latest = reported[-1]
    common = {
        "directorates": [(name, directorate_slugs[name]) for name in names],
        "latest_code": latest["quarter_code"],
        "built_at": built_at,
        "sample_notice": sample_notice(reported),
        "exception_note": EXCEPTION_REPORT,
        "in_the_report": IN_THE_REPORT,
        "up": up,
        "council_name": council["council_name"] if council else None,
    }
    written: list[tables.Table] = []
    axis = [charts.short_quarter(q["quarter_label"]) for q in data.quarters]
    every_share = share_rows(data.directorates)
    share_svg = _share_chart(every_share, axis)
    written.append(share_table(SHARE_CSV, every_share))
    for quarter in reported:
        context = overview_context(data, quarter, measure_slugs, share_svg)
        context["share_csv"] = SHARE_CSV
        written += context["tables"].values()
        path = folder / "quarters" / f"{quarter['quarter_code']}.html"
        _write(env, "overview.html", path, "../", common | context)
        if quarter is latest:
            _write(env, "overview.html", folder / "index.html", "", common | context)
    for measure in data.measures:
        slug = measure_slugs[measure["measure_code"]]
        context = measure_context(data, measure, data.quarters, f"csv/measure-{slug}.csv")
        written.append(context["table"])
        _write(env, "measure.html", folder / "measures" / f"{slug}.html", "../", common | context)
    for name in names:
        slug = directorate_slugs[name]
        rows = [row for row in data.directorates if row["directorate"] == name]
        context = directorate_context(
            data, name, slug, measure_slugs, _share_chart(share_rows(rows), axis)
        )
        written += context["tables"].values()
        path = folder / "directorates" / f"{slug}.html"
        _write(env, "directorate.html", path, "../", common | context)
    for table in written:
        tables.write(table, folder)
    return CouncilPages(
        measures=len(data.measures),
        directorates=len(names),
        quarters=len(reported),
        csv_files=len(written),
        sample_notice=common["sample_notice"],
        latest_label=latest["quarter_label"],
    )


def _share_chart(rows: list[dict[str, Any]], axis: list[str]) -> str | None:
    if not rows:
        return None
    short = [{**row, "quarter": charts.short_quarter(row["quarter"])} for row in rows]
    return charts.share_chart(short, axis)


def environment() -> Environment:
    """The site's Jinja2 environment: autoescape everywhere, undefined names are errors."""
    return Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _write(env: Environment, template: str, path: Path, root: str, context: dict[str, Any]) -> None:
    drawn: dict[str, Any] = {}
    for key in CHART_KEYS:
        if context.get(key):
            drawn[key] = Markup(context[key])
            drawn[f"{key}_min"] = charts.min_width(context[key])
    # root: from the page to its council's pages; assets and home: to the site's own root
    up = root + context.get("up", "")
    html = env.get_template(template).render(context | drawn, root=root, assets=up, home=up)
    path.write_text(html, encoding="utf-8")


def _swap(building: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` with the freshly built folder."""
    old = out_dir.with_name(out_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if out_dir.exists():
        out_dir.rename(old)
    building.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)
