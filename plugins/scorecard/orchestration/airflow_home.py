"""Airflow's home for the embedded defaults: a git-ignored folder of the repo, SQLite metadata.

Everything Airflow needs comes from environment variables (``scorecard.settings``): the DAGs
and plugins folders point at the repo, examples are off, and the warehouse is the connection
``AIRFLOW_CONN_SCORECARD_WAREHOUSE``, so nobody types a connection into the UI.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from scorecard.errors import ConfigurationError
from scorecard.settings import Settings, get_settings, runtime_environment


class AirflowSetupError(ConfigurationError):
    """Airflow's metadata database could not be prepared."""


def _stamp(airflow_home: Path) -> Path:
    return airflow_home / ".scorecard-db-migrated"


def mark_migrated(airflow_home: Path) -> None:
    """Record that ``airflow db migrate`` ran in this home for the installed Airflow."""
    _stamp(airflow_home).write_text(_airflow_version() + "\n")


def _airflow_version() -> str:
    from importlib.metadata import version

    return version("apache-airflow")


def ensure_airflow_db(settings: Settings | None = None) -> Path:
    """Create the Airflow home and migrate its metadata database once per Airflow version.

    Returns the Airflow home. ``airflow db migrate`` takes ~12 s, so a stamp file records that
    it ran for this Airflow version and later calls return at once.
    """
    s = settings or get_settings()
    s.airflow_home.mkdir(parents=True, exist_ok=True)
    stamp = _stamp(s.airflow_home)
    wanted = _airflow_version()
    if (
        stamp.exists()
        and stamp.read_text().strip() == wanted
        and (s.airflow_home / "airflow.db").exists()
    ):
        return s.airflow_home
    result = subprocess.run(
        [sys.executable, "-m", "airflow", "db", "migrate"],
        env=_child_env(s),
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    if result.returncode != 0:
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-15:])
        raise AirflowSetupError(f"airflow db migrate failed in {s.airflow_home}:\n{tail}")
    mark_migrated(s.airflow_home)
    return s.airflow_home


def _child_env(settings: Settings) -> dict[str, str]:
    import os

    return {**os.environ, **runtime_environment(settings)}
