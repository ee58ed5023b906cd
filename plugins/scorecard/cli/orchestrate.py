"""``scorecard run``, ``scorecard backfill`` and ``scorecard report``: the DAGs end to end."""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from scorecard.cli.exits import FAILED
from scorecard.orchestration.status import NOT_AVAILABLE
from scorecard.quarters import Quarter, QuarterError, quarter_range


def _quarter(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Quarter | None:
    if value is None:
        return None
    try:
        return Quarter.parse(value)
    except QuarterError as error:
        raise click.BadParameter(str(error)) from error


def _run_backfill(
    first: Quarter, last: Quarter, transform: str, *, docs: bool = True
) -> tuple[bool, list[str]]:
    """Backfill and print progress; whether it all went well, and the quarters not available."""
    import os

    from scorecard.orchestration.backfill import backfill

    # without a scheduler a retry waits in this process: seconds, not the DAG's minutes for a
    # flaky council web site (a setting already made wins)
    os.environ.setdefault("SCORECARD_RETRY_DELAY_SECONDS", "5")
    console = Console(file=sys.stdout)
    total = len(list(quarter_range(first, last)))
    console.print(
        f"Backfilling {total} quarter(s), {first.label} to {last.label}, through scorecard_ingest"
    )
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        bar = progress.add_task("preparing", total=total)

        def on_stage(stage: str) -> None:
            progress.update(bar, description=stage)

        def on_quarter(outcome: object) -> None:
            progress.console.print(outcome.line())  # type: ignore[attr-defined]
            progress.update(bar, advance=1, description="scorecard_ingest")

        result = backfill(
            first, last, on_quarter=on_quarter, on_stage=on_stage, transform=transform, docs=docs
        )
        progress.update(bar, description="done")
    if result.transform_state is None:
        console.print("Nothing new loaded: the marts are already up to date (dbt not run).")
    else:
        console.print(f"scorecard_transform (dbt through Cosmos): {result.transform_state}")
    timings = ", ".join(
        f"{stage} {seconds:.1f}s" for stage, seconds in result.stage_seconds.items()
    )
    console.print(f"Timings: {timings}")
    console.print(f"Airflow and dbt logs: {result.log_file}")
    missing = [q.quarter.label for q in result.quarters if q.state == NOT_AVAILABLE]
    return result.ok, missing


def _print_report(
    not_available: list[str] | None = None,
    quarter: Quarter | None = None,
    council: str | None = None,
    *,
    every_council: bool = False,
) -> None:
    """The scorecard of ``quarter`` (default: the latest) of ``council`` (default: the only
    one), or of each council in turn (``every_council``); ``not_available`` defaults to what
    Airflow's runs say."""
    from scorecard.settings import get_settings
    from scorecard.site.build import site_dir
    from scorecard.site.publish import docs_home
    from scorecard.site.summary import read_councils, read_scorecard, render
    from scorecard.validate.gx_runner import data_docs_dir

    settings = get_settings()
    councils = [c["council_id"] for c in read_councils(settings)] if every_council else [council]
    # a quarter or a council without a report: one line
    cards = [read_scorecard(settings, quarter=quarter, council=one) for one in councils]
    if not_available is None:
        not_available = _unavailable_quarters()
    for card in cards:
        click.echo("")
        for line in render(card, not_available):
            click.echo(line)
    click.echo("")
    click.echo(f"Site:         {site_dir(settings) / 'index.html'}")
    click.echo(f"Docs home:    {docs_home(settings)} (the site, dbt docs and Data Docs)")
    click.echo(f"GX Data Docs: {data_docs_dir(settings) / 'index.html'}")
    click.echo(f"dbt docs:     {settings.docs_dir / 'dbt' / 'index.html'}")
    click.echo(
        'BI access:    psql "$(uv run scorecard warehouse url --role reader --show-password)" (schema marts)'
    )


def _unavailable_quarters() -> list[str]:
    """Labels of the quarters Airflow's runs found not available; none (and a note saying how
    to ask) when Airflow's API server cannot be reached."""
    from scorecard.orchestration.api import AirflowUnreachable
    from scorecard.orchestration.status import not_available

    try:
        return [missing.label for missing in not_available()]
    except AirflowUnreachable:
        click.echo("(quarters not available: ask Airflow's API server, `make airflow`)", err=True)
        return []


@click.command()
@click.option(
    "--from",
    "first",
    callback=_quarter,
    required=True,
    help="First quarter, e.g. 2016Q1 (= Q1 2016/17).",
)
@click.option(
    "--to",
    "last",
    callback=_quarter,
    required=True,
    help="Last quarter, e.g. 2018Q4 (= Q4 2018/19).",
)
@click.option(
    "--transform",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Run scorecard_transform afterwards: when anything was loaded (auto), always, or never.",
)
@click.option(
    "--docs/--no-docs",
    default=True,
    show_default=True,
    help="Run scorecard_docs (the site and the docs) after a transform.",
)
def backfill(first: Quarter, last: Quarter, transform: str, docs: bool) -> None:
    """Run scorecard_ingest once per quarter (dag.test, no scheduler needed), then the dbt DAG."""
    if first.period_end > last.period_end:
        raise click.BadParameter(f"--from {first.code} is after --to {last.code}")
    ok, _missing = _run_backfill(first, last, transform, docs=docs)
    if not ok:
        raise SystemExit(FAILED)


@click.command()
def run() -> None:
    """The main job: every bundled quarter through the DAGs into the marts, then the scorecard."""
    from scorecard.orchestration.backfill import bundled_range

    first, last = bundled_range()
    ok, missing = _run_backfill(first, last, "auto")
    _print_report(missing, every_council=True)
    if not ok:
        raise SystemExit(FAILED)


@click.command()
@click.option(
    "--quarter",
    callback=_quarter,
    default=None,
    help="The quarter, e.g. 2017Q4 (= Q4 2017/18, ending 31 March 2018); default: the latest.",
)
@click.option(
    "--council",
    default=None,
    help="The council, by its key (derby-city-council) or its name as its reports print it; "
    "default: the only council in the marts (with several, one must be named).",
)
def report(quarter: Quarter | None, council: str | None) -> None:
    """Print a council's scorecard of a quarter from the marts (as the BI reader role): the
    latest, or --quarter; the only council, or --council."""
    _print_report(quarter=quarter, council=council)
