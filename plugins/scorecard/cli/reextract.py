"""``scorecard reextract [--from 2016Q1 --to 2018Q4]``: bring loaded reports up to the current
extractor.

Every landed file of the quarters (all landed quarters by default) whose latest loaded version
came from an older extractor is extracted again; a new version is validated and loaded only
where the data changed. One line per file; exit 1 when a file was refused (nothing of it
changed). Run ``scorecard transform`` afterwards to rebuild the marts.
"""

from __future__ import annotations

import sys

import click

from scorecard.cli.exits import FAILED
from scorecard.cli.orchestrate import _quarter
from scorecard.quarters import Quarter


@click.command(name="reextract")
@click.option("--from", "first", callback=_quarter, help="First quarter, e.g. 2016Q1.")
@click.option("--to", "last", callback=_quarter, help="Last quarter, e.g. 2018Q4.")
def reextract(first: Quarter | None, last: Quarter | None) -> None:
    """Re-extract landed reports with the current extractor; load only what changed."""
    from scorecard.extract import EXTRACTOR_VERSION
    from scorecard.orchestration.reextract import landed_quarters, reextract_quarters
    from scorecard.warehouse import ensure_running

    ensure_running()
    quarters = [
        q
        for q in landed_quarters()
        if (first is None or q.period_end >= first.period_end)
        and (last is None or q.period_end <= last.period_end)
    ]
    if first is not None and last is not None and first.period_end > last.period_end:
        raise click.BadParameter(f"--from {first.code} is after --to {last.code}")
    click.echo(f"extractor {EXTRACTOR_VERSION}, {len(quarters)} landed quarters")
    results = []
    for result in reextract_quarters(quarters):
        click.echo(result.describe())
        results.append(result)
    reloaded = sum(r.outcome == "reloaded" for r in results)
    refused = sum(r.outcome == "refused" for r in results)
    click.echo(f"{len(results)} files: {reloaded} reloaded, {refused} refused")
    if reloaded:
        click.echo("run `scorecard transform` to rebuild the marts")
    if refused:
        sys.exit(FAILED)
