"""``scorecard airflow ARGS...``: Airflow's own CLI on the project's home and settings."""

from __future__ import annotations

import os
import sys

import click

from scorecard import warehouse
from scorecard.airflow_home import ensure_airflow_db
from scorecard.settings import get_settings


@click.command(
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    add_help_option=False,
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def airflow(args: tuple[str, ...]) -> None:
    """Run the airflow CLI with the project's environment, e.g. `scorecard airflow standalone`
    or `scorecard airflow backfill create --dag-id scorecard_ingest --from-date ... --to-date ...`.

    Starts the embedded warehouse and migrates Airflow's metadata first when needed.
    """
    settings = get_settings()
    if args and args[0] not in {"--help", "-h", "version", "info", "config"}:
        from scorecard.backfill import ensure_manifest

        warehouse.ensure_running(settings)
        ensure_airflow_db(settings)
        ensure_manifest(settings)  # scorecard_transform renders from dbt's manifest
    executable = os.path.join(os.path.dirname(sys.executable), "airflow")
    os.execv(executable, [executable, *args])
