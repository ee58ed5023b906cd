"""Publish everything a reader opens after a transform: the site, the dbt docs, and one home.

The docs home (``<docs>/index.html``) links the scorecard site, the dbt docs (the
self-contained ``--static`` page) and the GX Data Docs with relative links, so the folder can be
copied anywhere and still open from disk; it says first whether the newest quarter loaded is as
fresh as the schedule expects (dbt source freshness, :mod:`scorecard.transform.freshness`).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from scorecard.settings import Settings, get_settings


def publish_all(settings: Settings | None = None) -> dict[str, str]:
    """Build the site, generate the dbt docs and write the docs home (re-rendering Data Docs
    pages left from before they were made offline); return where each is."""
    from scorecard.site.build import build_site
    from scorecard.transform.dbt import docs_generate
    from scorecard.transform.freshness import source_freshness
    from scorecard.validate.gx_runner import data_docs_dir, rebuild_stale_data_docs

    s = settings or get_settings()
    rebuild_stale_data_docs(s)
    site = build_site(s)
    try:
        dbt_docs = docs_generate(s) / "index.html"
        freshness = source_freshness(s)
    finally:
        release_dbt_adapters()
    data_docs = data_docs_dir(s) / "index.html"
    home = write_docs_home(
        s.docs_dir,
        site=site.index,
        dbt_docs=dbt_docs,
        data_docs=data_docs,
        notice=site.sample_notice,
        freshness=(freshness.state, freshness.describe()),
    )
    return {
        "home": str(home),
        "site": str(site.index),
        "dbt_docs": str(dbt_docs),
        "data_docs": str(data_docs),
        "freshness": freshness.describe(),
    }


def release_dbt_adapters() -> None:
    """Drop the adapters dbt keeps for the life of the process, and their locks with them.

    Each holds multiprocessing locks backed by named semaphores; an Airflow task process ends
    with ``os._exit``, so unreleased ones were reported as leaked, at error level, in the task's
    log. Released here, the next dbt call simply registers a fresh adapter.
    """
    import gc

    from dbt.adapters.factory import reset_adapters

    reset_adapters()
    gc.collect()


def docs_home(settings: Settings) -> Path:
    """Where the docs home page is written."""
    return settings.docs_dir / "index.html"


def write_docs_home(
    docs_dir: Path,
    *,
    site: Path,
    dbt_docs: Path,
    data_docs: Path,
    notice: str | None = None,
    freshness: tuple[str, str] | None = None,
) -> Path:
    """Write ``<docs_dir>/index.html`` linking the three; a missing one is shown as not built.
    ``notice``: the sample-data notice of the data they describe, shown at the top, if any.
    ``freshness`` is dbt's source freshness of ``raw`` (its state and its one-line summary)."""
    from scorecard.site.build import environment

    links = [
        (
            "Scorecard site",
            "The latest quarter at a glance, a page per measure and directorate.",
            site,
        ),
        ("dbt docs", "Every model and column of the marts described, with lineage.", dbt_docs),
        ("Data Docs", "Great Expectations: every validation of every report, rendered.", data_docs),
    ]
    entries = [
        {
            "title": title,
            "about": about,
            "href": _relative(target, docs_dir) if target.exists() else None,
        }
        for title, about, target in links
    ]
    stylesheet = site.parent / "static" / "site.css"
    html = (
        environment()
        .get_template("home.html")
        .render(
            entries=entries,
            freshness=freshness,
            stylesheet=_relative(stylesheet, docs_dir) if stylesheet.exists() else None,
            sample_notice=notice,
            built_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        )
    )
    docs_dir.mkdir(parents=True, exist_ok=True)
    path = docs_dir / "index.html"
    path.write_text(html, encoding="utf-8")
    return path


def _relative(target: Path, start: Path) -> str:
    """A relative link when both are on one tree (always, by default), else a file URI."""
    try:
        return Path(os.path.relpath(target.resolve(), start.resolve())).as_posix()
    except ValueError:
        return target.resolve().as_uri()
