"""``scorecard fetch``: land one quarter's report from where ``sources.yml`` says it is.

Examples::

    scorecard fetch --period 2018-03-31
    scorecard fetch --quarter 2017Q4          # the same quarter (financial year 2017/18, Q4)
    scorecard fetch --quarter 2018Q2 --all-versions

Prints one line per version: ``landed|unchanged  <landed path>  sha256:<hex>``.
Exit codes: 0 landed or unchanged, 3 not published yet, 2 bad input (a period that is not a
quarter end, a malformed sources file), 1 a fetch that failed or was refused (the message names
the URL and the rule or limit).
"""

from __future__ import annotations

import contextlib
import sys
from datetime import date

import click

from scorecard.cli.exits import NOT_PUBLISHED, code_for
from scorecard.errors import ScorecardError


def _period_end(period: str | None, quarter: str | None) -> date:
    """The period end named by exactly one of ``--period`` / ``--quarter``."""
    from scorecard.quarters import Quarter

    if (period is None) == (quarter is None):
        raise click.UsageError("give exactly one of --period YYYY-MM-DD or --quarter 2017Q4")
    text = period if period is not None else quarter
    assert text is not None
    return Quarter.parse(text).period_end


@click.command("fetch")
@click.option("--period", metavar="YYYY-MM-DD", help="Period end (a quarter end), e.g. 2018-03-31.")
@click.option(
    "--quarter",
    metavar="YYYYQn",
    help="Quarter code: financial year start and quarter, e.g. 2017Q4 = Q4 2017/18.",
)
@click.option(
    "--version",
    "version",
    type=int,
    default=None,
    help="Which listed version (1 = first issue). Default: the latest published.",
)
@click.option("--all-versions", is_flag=True, help="Land every published version, in order.")
@click.option(
    "--council",
    metavar="NAME",
    default=None,
    help="Whose report, when sources.yml lists several councils (its name or key).",
)
def fetch(
    period: str | None,
    quarter: str | None,
    version: int | None,
    all_versions: bool,
    council: str | None,
) -> None:
    """Fetch a quarter's report and land it in the landing area (by sha256)."""
    from scorecard.ingest.fetch import NotPublished, fetch_all, fetch_report

    try:
        period_end = _period_end(period, quarter)
        if all_versions and version is not None:
            raise click.UsageError("--version and --all-versions exclude each other")
        # Airflow's logging prints to stdout; keep stdout for the result lines
        with contextlib.redirect_stdout(sys.stderr):
            outcome = (
                fetch_all(period_end, council=council)
                if all_versions
                else fetch_report(period_end, version=version, council=council)
            )
    except ScorecardError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(code_for(exc))
    if isinstance(outcome, NotPublished):
        click.echo(
            f"not published yet: {period_end.isoformat()}: {outcome.reason} "
            f"(looked at {', '.join(outcome.sources)})",
            err=True,
        )
        sys.exit(NOT_PUBLISHED)
    for result in outcome if isinstance(outcome, list) else [outcome]:
        status = "unchanged" if result.unchanged else "landed"
        click.echo(f"{status}  {result.landed_path}  sha256:{result.sha256}")
