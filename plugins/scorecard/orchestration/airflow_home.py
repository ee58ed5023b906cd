"""Airflow's home for the embedded defaults: a git-ignored folder of the repo, SQLite metadata.

Everything Airflow needs comes from environment variables (``scorecard.settings``): the DAGs
and plugins folders point at the repo, examples are off, and the warehouse is the connection
``AIRFLOW_CONN_SCORECARD_WAREHOUSE``, so nobody types a connection into the UI. The pool of the
tasks that parse untrusted PDFs (``scorecard_extract``, sized by ``SCORECARD_EXTRACT_POOL_SLOTS``)
is made here too: ``python -m scorecard.orchestration.airflow_home`` makes it for a deployment
whose metadata database is migrated elsewhere (docker compose).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from scorecard.errors import ConfigurationError
from scorecard.settings import Settings, get_settings, runtime_environment
from scorecard.settings.limits import EXTRACT_POOL


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
    if not (
        stamp.exists()
        and stamp.read_text().strip() == wanted
        and (s.airflow_home / "airflow.db").exists()
    ):
        _airflow(s, "db", "migrate")
        mark_migrated(s.airflow_home)
    ensure_pool(s)
    return s.airflow_home


def pool_arguments(settings: Settings) -> list[str]:
    """``airflow pools set`` arguments that size the PDF-parsing pool from the settings."""
    slots = settings.limits.pool_slots()
    about = (
        f"fetches and extractions at once, each a child within "
        f"{settings.limits.extract_memory_bytes >> 20} MiB (SCORECARD_EXTRACT_POOL_SLOTS)"
    )
    return ["pools", "set", EXTRACT_POOL, str(slots), about]


def ensure_pool(settings: Settings | None = None) -> int:
    """Create or resize the pool when its size changed (a stamp in the home remembers it)."""
    s = settings or get_settings()
    arguments = pool_arguments(s)
    stamp = s.airflow_home / ".scorecard-pool"
    if not stamp.exists() or stamp.read_text().strip() != " ".join(arguments[2:4]):
        _airflow(s, *arguments)
        mark_pooled(s.airflow_home, arguments)
    return int(arguments[3])


def mark_pooled(airflow_home: Path, arguments: list[str]) -> None:
    """Record the pool this home's metadata database holds (``pool_arguments``)."""
    (airflow_home / ".scorecard-pool").write_text(" ".join(arguments[2:4]) + "\n")


def _airflow(settings: Settings, *arguments: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "airflow", *arguments],
        env=_child_env(settings),
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    if result.returncode != 0:
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-15:])
        raise AirflowSetupError(
            f"airflow {' '.join(arguments[:2])} failed in {settings.airflow_home}:\n{tail}"
        )


def _child_env(settings: Settings) -> dict[str, str]:
    import os

    return {**os.environ, **runtime_environment(settings)}


if __name__ == "__main__":  # a deployment's init step: the pool, whatever stamps say
    _settings = get_settings()
    _airflow(_settings, *pool_arguments(_settings))
    print(f"pool {EXTRACT_POOL}: {_settings.limits.pool_slots()} slots")
