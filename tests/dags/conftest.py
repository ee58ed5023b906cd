"""DAG tests need what `scorecard backfill` prepares: Airflow's metadata database (a fresh
clone has none)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session", autouse=True)
def airflow_ready() -> None:
    from scorecard.orchestration.airflow_home import ensure_airflow_db

    ensure_airflow_db()
