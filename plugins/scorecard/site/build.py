"""Write the static site: an overview of every quarter, a page per measure and per directorate,
the CSV of every table, one stylesheet.

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
from scorecard.site.data import SiteData, read_site_data
from scorecard.site.figures import slugs
from scorecard.site.measure import measure_context
from scorecard.site.notices import EXCEPTION_REPORT, IN_THE_REPORT, sample_notice
from scorecard.site.overview import (
    directorate_context,
    overview_context,
    share_rows,
    share_table,
)
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

    def describe(self) -> str:
        return (
            f"site: {self.quarters} quarter overviews, {self.measures} measure pages, "
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
    """Render every page and table of ``data`` into ``out_dir`` (replaced as a whole)."""
    started = time.perf_counter() if started is None else started
    env = environment()
    building = out_dir.with_name(out_dir.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    for folder in ("measures", "directorates", "quarters", "csv"):
        (building / folder).mkdir(parents=True)
    shutil.copytree(HERE / "static", building / "static")
    (building / "static" / "status.css").write_text(stylesheet(), encoding="utf-8")
    measure_slugs = slugs([m["measure_code"] for m in data.measures])
    names = sorted({row["directorate"] for row in data.directorates})
    directorate_slugs = slugs(names)
    reported = data.reported_quarters
    latest = reported[-1]
    common = {
        "directorates": [(name, directorate_slugs[name]) for name in names],
        "latest_code": latest["quarter_code"],
        "built_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "sample_notice": sample_notice(reported),
        "exception_note": EXCEPTION_REPORT,
        "in_the_report": IN_THE_REPORT,
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
        path = building / "quarters" / f"{quarter['quarter_code']}.html"
        _write(env, "overview.html", path, "../", common | context)
        if quarter is latest:
            _write(env, "overview.html", building / "index.html", "", common | context)
    for measure in data.measures:
        slug = measure_slugs[measure["measure_code"]]
        context = measure_context(data, measure, data.quarters, f"csv/measure-{slug}.csv")
        written.append(context["table"])
        _write(env, "measure.html", building / "measures" / f"{slug}.html", "../", common | context)
    for name in names:
        slug = directorate_slugs[name]
        rows = [row for row in data.directorates if row["directorate"] == name]
        context = directorate_context(
            data, name, slug, measure_slugs, _share_chart(share_rows(rows), axis)
        )
        written += context["tables"].values()
        path = building / "directorates" / f"{slug}.html"
        _write(env, "directorate.html", path, "../", common | context)
    for table in written:
        tables.write(table, building)
    _swap(building, out_dir)
    return SiteResult(
        index=out_dir / "index.html",
        measures=len(data.measures),
        directorates=len(names),
        seconds=time.perf_counter() - started,
        quarters=len(reported),
        csv_files=len(written),
        sample_notice=common["sample_notice"],
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
    html = env.get_template(template).render(context | drawn, root=root)
    path.write_text(html, encoding="utf-8")


def _swap(building: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` with the freshly built folder."""
    old = out_dir.with_name(out_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if out_dir.exists():
        out_dir.rename(old)
    building.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)
