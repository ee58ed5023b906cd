"""DAG tests need what `scorecard backfill` prepares: the dbt manifest Cosmos renders from and
Airflow's metadata database (a fresh clone has neither)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session", autouse=True)
def airflow_ready() -> None:
    from scorecard.orchestration.airflow_home import ensure_airflow_db
    from scorecard.orchestration.backfill import ensure_manifest

    ensure_manifest()
    ensure_airflow_db()
