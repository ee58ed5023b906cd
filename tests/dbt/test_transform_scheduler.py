"""``scorecard_transform`` under Airflow's real scheduler, with a dbt test that fails: the
build task fails in a worker (after its retries) with dbt's message naming the test,
``publish_marts`` does not run, and the BI reader's marts stay exactly as they were.

(``dag.test()`` runs the same tasks: ``test_transform_dag.py``.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from airflowkit import AirflowStack
from dbtkit import FORGED_QUARTERS as QUARTERS
from dbtkit import forged_reissue, load_truths
from samplekit import SAMPLES_DIR, dump_schema

from scorecard.settings import Settings

pytestmark = pytest.mark.slow

DAG = "scorecard_transform"
BUILD = "dbt_build"


def test_a_failed_dbt_test_fails_the_build_in_a_worker_and_blocks_publish(
    scratch_warehouse: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scorecard import transform
    from scorecard.load import load_extraction

    settings = scratch_warehouse
    monkeypatch.setenv("SCORECARD_DBT_DBNAME", settings.db_name)  # dbt follows the scratch db
    load_truths(settings, [SAMPLES_DIR / f"{name}.json" for name in QUARTERS])
    transform.build(settings, target_path=tmp_path / "target")  # the last good marts
    good = dump_schema(settings, "marts")
    load_extraction(
        forged_reissue(QUARTERS[-1]),
        source_uri="file:///forged/derby-scorecard-2018-03-31.pdf",
        settings=settings,
        require_validated=False,
    )

    overrides = {"SCORECARD_DB_NAME": settings.db_name, "SCORECARD_RETRY_DELAY_SECONDS": "1"}
    with AirflowStack(tmp_path / "airflow", overrides) as stack:
        stack.cli("dags", "unpause", DAG)
        stack.cli("dags", "trigger", DAG, "--run-id", "forged")
        state = stack.wait_for(
            lambda: {"success", "failed"} & {stack.runs(DAG).get("forged")},
            "the transform run to end",
            timeout=600,
            every=1,
        )
        assert state == {"failed"}
        tasks = stack.tasks(DAG, "forged")
        logs = sorted((stack.home / "logs").rglob(f"task_id={BUILD}/attempt=*.log"))
        log = logs[-1].read_text()

    assert tasks[BUILD] == "failed", tasks
    assert tasks["publish_marts"] == "upstream_failed", tasks
    assert "assert_status_consistent_with_polarity" in log
    assert dump_schema(settings, "marts") == good
