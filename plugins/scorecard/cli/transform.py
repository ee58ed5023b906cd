"""``scorecard transform``: build the marts with dbt against the configured warehouse."""

from __future__ import annotations

import click


@click.command()
@click.option(
    "--select",
    "-s",
    "select",
    multiple=True,
    help="dbt node selection (repeatable), e.g. -s fct_measure_quarter+ ; default: everything.",
)
@click.option(
    "--full-refresh",
    is_flag=True,
    help="Rebuild the incremental facts from scratch (same result, slower).",
)
@click.option(
    "--docs", is_flag=True, help="Also generate the dbt docs site (under .scorecard/docs/dbt)."
)
@click.option(
    "--parse-only", is_flag=True, help="Only write the manifest (dbt parse), build nothing."
)
def transform(select: tuple[str, ...], full_refresh: bool, docs: bool, parse_only: bool) -> None:
    """Run `dbt build` (seeds, staging, intermediate, marts, tests) on the warehouse.

    Connects as the transformer role; the marts are built and tested in `marts_audit` and swapped
    into `marts` (what the BI reader reads) only when the whole build passed; a --select build
    is not published. Exits 1 naming the failed models/tests, with `marts` unchanged.
    """
    from rich.console import Console

    from scorecard import transform as tf
    from scorecard.settings import get_settings
    from scorecard.warehouse import ensure_running

    console = Console(stderr=True)
    settings = get_settings()
    ensure_running(settings)
    try:
        if parse_only:
            with console.status("dbt parse"):
                manifest = tf.parse(settings)
            click.echo(f"manifest: {manifest}")
            return
        with console.status("dbt build: seeds, models, tests"):
            summary = tf.build(settings, select=select, full_refresh=full_refresh)
        click.echo(summary.describe())
        if docs:
            with console.status("dbt docs generate"):
                site = tf.docs_generate(settings)
            click.echo(f"dbt docs: {site / 'index.html'}")
    except tf.TransformError as error:
        raise click.ClickException(str(error)) from error
