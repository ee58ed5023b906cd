"""``scorecard warehouse ...`` and ``scorecard env``: manage the (embedded) warehouse.

Errors are one line with an exit code of :mod:`scorecard.cli.exits` (a warehouse that cannot
be started or reached: ``CONFIGURATION``). Passwords are masked unless ``--show-password`` is given.
"""

from __future__ import annotations

import shlex

import click

from scorecard import warehouse as wh
from scorecard.cli import exits
from scorecard.settings import (
    NOTICE_SECRET_KEYS,
    ROLE_KEYS,
    get_settings,
    libpq_url,
    runtime_environment,
)
from scorecard.settings.embedded import secret_path

SECRET_KEYS = ("AIRFLOW_CONN_SCORECARD_WAREHOUSE", "SCORECARD_DBT_PASSWORD", *NOTICE_SECRET_KEYS)
"""Variables of ``scorecard env`` that carry a password."""

_show_password = click.option(
    "--show-password",
    is_flag=True,
    help="Print the password in clear (it is masked by default).",
)


@click.group()
def warehouse() -> None:
    """Manage the warehouse: the embedded PostgreSQL unless SCORECARD_WAREHOUSE_URL is set."""


@warehouse.command()
def start() -> None:
    """Start the embedded PostgreSQL (created on first use; data kept across runs)."""
    click.echo(wh.start().describe())


@warehouse.command()
def stop() -> None:
    """Stop the embedded PostgreSQL; its data is kept."""
    click.echo(wh.stop().describe())


@warehouse.command()
def status() -> None:
    """Say whether the warehouse is running and where its data is (exit 4 if stopped)."""
    current = wh.status()
    click.echo(current.describe())
    if not current.running:
        raise SystemExit(exits.CONFIGURATION)


@warehouse.command()
@click.option(
    "--role",
    type=click.Choice([*ROLE_KEYS, "admin"]),
    default="owner",
    show_default=True,
    help="Whose connection string to print (admin: the owner, as before).",
)
@_show_password
def url(role: str, show_password: bool) -> None:
    """Print a role's connection string: psql "$(scorecard warehouse url --show-password)"."""
    chosen = get_settings().role_url("owner" if role == "admin" else role)
    click.echo(libpq_url(chosen, hide_password=not show_password))


@warehouse.command()
@click.argument("role", type=click.Choice(ROLE_KEYS))
def rekey(role: str) -> None:
    """Give ROLE a new password: a new secret file and the role changed to it (embedded only)."""
    click.echo(wh.rekey_role(role).describe())
    click.echo(f"{role}: new secret in {secret_path(get_settings().home, role)}")


@warehouse.command()
def migrate() -> None:
    """Apply the warehouse migrations as the owner (schemas, tables, grants); safe to re-run."""
    from scorecard.warehouse.migrations import migrate as run_migrations

    wh.ensure_running()
    applied = run_migrations()
    click.echo(f"applied {len(applied)} migration(s): {', '.join(applied) or 'none pending'}")


@click.command()
@_show_password
def env(show_password: bool) -> None:
    """Print the environment the pipeline runs with, as shell exports (passwords masked unless
    --show-password: eval "$(scorecard env --show-password)")."""
    for key, value in sorted(runtime_environment().items()):
        if key in SECRET_KEYS and not show_password:
            value = _masked(key, value)
        click.echo(f"export {key}={shlex.quote(value)}")


def _masked(key: str, value: str) -> str:
    if key == "SCORECARD_DBT_PASSWORD" or key in NOTICE_SECRET_KEYS:
        return "***" if value else ""
    from sqlalchemy.engine import make_url

    return make_url(value).render_as_string(hide_password=True)
