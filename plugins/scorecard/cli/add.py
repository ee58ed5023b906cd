"""``scorecard add FILE.pdf``: a quarter's report a person downloaded, through the whole pipeline.

    scorecard add ~/Downloads/scorecard-q1-2019.pdf
    scorecard add report.pdf --quarter 2019Q1           # and check it is that quarter's
    scorecard add report.pdf --profile spreadsheet      # read with another layout profile

The same path as a fetched report: the file is pre-scanned and landed by content with the
provenance "added by hand" (the next version of its quarter, or unchanged if that content is
already there), extracted in the resource-limited child process, validated, loaded through the
same gate, then the marts are rebuilt (dbt, published only when every test passed) and the
site and docs with them (``--no-transform`` stops after the load). Exit codes as every command:
1 refused (unreadable, failing validation), 2 bad input (no file, another quarter), 4 a wrong
profile or sources file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from scorecard.errors import BadInput

if TYPE_CHECKING:
    from scorecard.settings import Settings

ADDED_BY_HAND = "added by hand"


class WrongQuarter(BadInput):
    """The report is for another quarter than the one given."""


@click.command(name="add")
@click.argument("pdf", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--quarter", metavar="2019Q1", help="The quarter the report must be for.")
@click.option(
    "--profile", "profile_name", metavar="NAME", help="Layout profile (profiles/NAME.yml)."
)
@click.option("--no-transform", is_flag=True, help="Land, extract, validate and load only.")
@click.option(
    "--council",
    metavar="NAME",
    default=None,
    help="Whose report, when sources.yml lists several councils (its name or key).",
)
def add(
    pdf: Path,
    quarter: str | None,
    profile_name: str | None,
    no_transform: bool,
    council: str | None,
) -> None:
    """Add a downloaded report: land, extract, validate, load, then rebuild the marts and site."""
    from scorecard.cli.inputs import BadFile
    from scorecard.extract import ExtractionError
    from scorecard.ingest.fetch import FetchResult, fetch_uri
    from scorecard.ingest.sources import load_sources
    from scorecard.orchestration import pipeline
    from scorecard.pdf.isolation import extract_isolated
    from scorecard.profiles import load_profile
    from scorecard.quarters import Quarter
    from scorecard.settings import get_settings
    from scorecard.warehouse import ensure_running

    settings = get_settings()
    if not pdf.is_file():
        raise BadFile(f"{pdf}: no such file")
    wanted = Quarter.parse(quarter) if quarter else None
    sources = load_sources(settings=settings, council=council)
    default = sources.profile_for(wanted.period_end) if wanted else sources.profile
    profile = load_profile(profile_name or default)
    try:
        extraction = extract_isolated(pdf, limits=settings.limits, profile=profile)
    except ExtractionError as error:
        raise BadFile(str(error)) from error
    found = Quarter.parse(extraction["report"]["period_end"])
    if wanted is not None and found != wanted:
        raise WrongQuarter(
            f"{pdf}: the report is for {found.label} ({found.code}), not {wanted.label} "
            f"({wanted.code}); nothing was added"
        )
    details = {"found_by": ADDED_BY_HAND, "file_name": pdf.name, "profile": profile.name}
    ensure_running(settings)
    landed = fetch_uri(
        pdf.resolve().as_uri(),
        found.period_end,
        version=_next_version(found.period_end, settings),
        settings=settings,
        source_details=details,
    )
    assert isinstance(landed, FetchResult)  # the file exists: it is never "not published"
    state = "unchanged" if landed.unchanged else "landed"
    click.echo(f"{state:<10} {found.code} {landed.sha256[:12]} {ADDED_BY_HAND}")
    item = {**landed.to_dict(), "source_details": details, "council": sources.council}
    extracted = pipeline.extract_reports([item], settings)
    loaded = pipeline.load_reports(pipeline.validate_reports(extracted, settings), settings)
    for result in loaded:
        click.echo(result["line"])
    if no_transform:
        return
    from scorecard import transform

    summary = transform.build(settings)
    click.echo(summary.describe())
    for what, where in pipeline.publish_docs(settings).items():
        click.echo(f"{what}: {where}")


def _next_version(period_end: date, settings: Settings) -> int:
    """The version number a new file of the quarter gets (after those already landed)."""
    from scorecard.ingest.landing import landed_reports

    return len(landed_reports(period_end, settings=settings)) + 1
