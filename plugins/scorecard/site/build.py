"""Write the static site: an overview, a page per measure and per directorate, one stylesheet.

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
from scorecard.site.data import SiteData, read_site_data
from scorecard.site.figures import slugs
from scorecard.site.measure import measure_context
from scorecard.site.overview import directorate_context, overview_context, reported_quarters

HERE = Path(__file__).parent
CHART_KEYS = ("status_chart", "share_chart", "trend_chart", "quarterly_chart", "forecast_chart")


@dataclass(frozen=True)
class SiteResult:
    """Where the site was written and what it holds."""

    index: Path
    measures: int
    directorates: int
    seconds: float

    def describe(self) -> str:
        return (
            f"site: {self.measures} measure pages, {self.directorates} directorate pages "
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
    """Render every page of ``data`` into ``out_dir`` (replaced as a whole)."""
    started = time.perf_counter() if started is None else started
    env = environment()
    building = out_dir.with_name(out_dir.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    (building / "measures").mkdir(parents=True)
    (building / "directorates").mkdir()
    shutil.copytree(HERE / "static", building / "static")
    measure_slugs = slugs([m["measure_code"] for m in data.measures])
    names = sorted({row["directorate"] for row in data.directorates})
    directorate_slugs = slugs(names)
    common = {
        "directorates": [(name, directorate_slugs[name]) for name in names],
        "built_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
    quarters = reported_quarters(data)
    _write(
        env,
        "overview.html",
        building / "index.html",
        "",
        common | overview_context(data, measure_slugs),
    )
    for measure in data.measures:
        context = measure_context(data, measure, quarters)
        path = building / "measures" / f"{measure_slugs[measure['measure_code']]}.html"
        _write(env, "measure.html", path, "../", common | context)
    for name in names:
        context = directorate_context(data, name, measure_slugs)
        path = building / "directorates" / f"{directorate_slugs[name]}.html"
        _write(env, "directorate.html", path, "../", common | context)
    _swap(building, out_dir)
    return SiteResult(
        index=out_dir / "index.html",
        measures=len(data.measures),
        directorates=len(names),
        seconds=time.perf_counter() - started,
    )


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
    charts = {key: Markup(context[key]) for key in CHART_KEYS if context.get(key)}
    html = env.get_template(template).render(context | charts, root=root)
    path.write_text(html, encoding="utf-8")


def _swap(building: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` with the freshly built folder."""
    old = out_dir.with_name(out_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if out_dir.exists():
        out_dir.rename(old)
    building.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)
