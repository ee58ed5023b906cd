"""``scorecard_transform`` under Airflow's real scheduler, triggerer and workers, with a dbt test
that fails: the model and test tasks that passed end in the triggerer without a worker, the
failed test's task resumes in a worker and fails, ``publish_marts`` does not run, and the BI
reader's marts stay exactly as they were.

(``dag.test()`` runs the same tasks as plain sensors: ``test_transform_dag.py``.)
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
FAILING = "dbt.fct_measure_quarter.test"


def test_a_failed_dbt_test_fails_its_task_in_a_worker_and_blocks_publish(
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
        where = dict(
            stack.query(
                "select task_id, coalesce(hostname, '') from task_instance"
                " where dag_id = ? and run_id = ?",
                DAG,
                "forged",
            )
        )
        [(xcoms,)] = stack.query(
            "select count(*) from xcom where dag_id = ? and run_id = ? and task_id = ?",
            DAG,
            "forged",
            "dbt.dbt_producer_watcher",
        )
        log = next((stack.home / "logs").rglob(f"task_id={FAILING}/attempt=1.log")).read_text()

    assert tasks["dbt.dbt_producer_watcher"] == "failed", tasks
    assert tasks[FAILING] == "failed", tasks
    assert tasks["publish_marts"] == "upstream_failed", tasks
    # the nodes that passed ended in the triggerer, without a worker; the failed test's task
    # was resumed in one (models dbt skipped after the failure fail too, and retry alone)
    passed = [t for t, s in tasks.items() if s == "success" and where[t] == ""]
    assert len(passed) >= 20, (tasks, where)
    assert where[FAILING] != ""
    assert "'model.scorecard.fct_measure_quarter' finished with status 'fail'" in log
    assert dump_schema(settings, "marts") == good
    # the build wrote only the XComs a node task reads (Cosmos alone writes one per lifecycle
    # event of every node and test: over 150 here)
    assert xcoms < 100, xcoms
