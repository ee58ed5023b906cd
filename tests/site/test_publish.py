"""publish_docs ends its process without error-level noise: dbt's adapter locks are released,
so an Airflow task that exits with ``os._exit`` leaves no "leaked semaphore" warning behind."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from scorecard.settings import Settings

RUN_DBT_THEN_EXIT = """
import os, pathlib, sys
from scorecard.site.publish import release_dbt_adapters
from scorecard.transform.dbt import run_dbt
run_dbt(["parse"], target_path=pathlib.Path(sys.argv[1]))
release_dbt_adapters()
sys.stderr.flush()
os._exit(0)
"""


def test_dbt_leaves_no_leaked_semaphores_at_exit(warehouse: Settings, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", RUN_DBT_THEN_EXIT, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    assert "leaked" not in done.stderr, done.stderr
    assert (tmp_path / "manifest.json").exists()
