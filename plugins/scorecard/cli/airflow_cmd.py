"""``scorecard airflow ARGS...``: Airflow's own CLI on the project's home and settings.

Services (``standalone``, ``scheduler``, ``api-server``, ...) replace this process. Other
commands run as a child and their output is shown when they end: when one fails with a Python traceback (Airflow prints one for a
refused ``dags trigger`` conf, for instance), only its last line is shown, the error itself; the
whole output is kept in a log file under the project home.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime

import click

from scorecard import warehouse
from scorecard.orchestration.airflow_home import ensure_airflow_db
from scorecard.settings import get_settings

SERVICES = {
    "standalone",
    "scheduler",
    "api-server",
    "dag-processor",
    "triggerer",
    "celery",
    "kerberos",
    "shell",
}
"""Long-running or interactive commands: they keep the terminal (no capture)."""


def _error_line(stderr: str) -> str | None:
    """The exception line at the end of a traceback, or None when there is no traceback."""
    if "Traceback (most recent call last)" not in stderr:
        return None
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    return lines[-1] if lines else None


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
        warehouse.ensure_running(settings)
        ensure_airflow_db(settings)
    executable = os.path.join(os.path.dirname(sys.executable), "airflow")
    if not args or args[0] in SERVICES:
        os.execv(executable, [executable, *args])
    result = subprocess.run([executable, *args], capture_output=True, text=True, check=False)
    error = _error_line(result.stderr) if result.returncode != 0 else None
    if error is None:
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
        raise SystemExit(result.returncode)
    log = settings.home / "logs" / f"airflow-cli-{datetime.now(UTC):%Y%m%dT%H%M%S}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(result.stdout + result.stderr)
    raise click.ClickException(f"{error} (full output: {log})")
