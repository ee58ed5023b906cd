"""``scorecard warehouse ...`` and ``scorecard env``: manage the (embedded) warehouse."""

from __future__ import annotations

import shlex

import click

from scorecard import warehouse as wh
from scorecard.settings import get_settings, libpq_url, runtime_environment


@click.group()
def warehouse() -> None:
    """Manage the warehouse: the embedded PostgreSQL unless SCORECARD_WAREHOUSE_URL is set."""


@warehouse.command()
def start() -> None:
    """Start the embedded PostgreSQL (created on first use; data kept across runs)."""
    try:
        current = wh.start()
    except wh.WarehouseError as error:
        raise click.ClickException(str(error)) from error
    click.echo(current.describe())


@warehouse.command()
def stop() -> None:
    """Stop the embedded PostgreSQL; its data is kept."""
    click.echo(wh.stop().describe())


@warehouse.command()
def status() -> None:
    """Say whether the warehouse is running and where its data is (exit 1 if stopped)."""
    current = wh.status()
    click.echo(current.describe())
    if not current.running:
        raise SystemExit(1)


@warehouse.command()
@click.option(
    "--role",
    type=click.Choice(["admin", "loader", "transformer", "reader"]),
    default="admin",
    show_default=True,
    help="Whose connection string to print.",
)
def url(role: str) -> None:
    """Print a connection string that psql accepts: psql "$(scorecard warehouse url)"."""
    s = get_settings()
    chosen = {
        "admin": s.warehouse_url,
        "loader": s.loader_url,
        "transformer": s.transformer_url,
        "reader": s.reader_url,
    }[role]
    click.echo(libpq_url(chosen))


@warehouse.command()
def migrate() -> None:
    """Apply the warehouse migrations (schemas, tables, roles); safe to re-run."""
    from scorecard.load.migrations import migrate as run_migrations

    wh.ensure_running()
    applied = run_migrations()
    click.echo(f"applied {len(applied)} migration(s): {', '.join(applied) or 'none pending'}")


@click.command()
def env() -> None:
    """Print the environment the pipeline runs with, as shell exports (eval "$(scorecard env)")."""
    for key, value in sorted(runtime_environment().items()):
        click.echo(f"export {key}={shlex.quote(value)}")
