"""Every DAG file imports cleanly and follows the project's DAG policy."""

from __future__ import annotations

import pytest

from scorecard.settings import get_settings


@pytest.fixture(scope="module")
def dagbag():  # type: ignore[no-untyped-def]
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(get_settings().dags_folder))


def test_no_import_errors(dagbag) -> None:  # type: ignore[no-untyped-def]
    assert dagbag.import_errors == {}


def test_dag_policy(dagbag) -> None:  # type: ignore[no-untyped-def]
    for dag_id, dag in dagbag.dags.items():
        assert dag.tags, f"{dag_id}: no tags"
        assert dag.doc_md, f"{dag_id}: no doc_md"
        assert dag.max_active_runs is not None, f"{dag_id}: no max_active_runs"
        for task in dag.tasks:
            assert task.owner and task.owner != "airflow", f"{dag_id}.{task.task_id}: no owner"
            assert task.retries >= 2, f"{dag_id}.{task.task_id}: retries < 2"
            assert task.on_failure_callback, f"{dag_id}.{task.task_id}: no failure callback"


def test_ingest_tasks_have_a_timeout_and_waiting_quarters_cannot_fill_the_run_slots(
    dagbag,  # type: ignore[no-untyped-def]
) -> None:
    from scorecard.settings import get_schedule

    dag = dagbag.get_dag("scorecard_ingest")
    schedule = get_schedule()
    for task in dag.tasks:
        assert task.execution_timeout is not None, f"{task.task_id}: no execution_timeout"
    # at most the quarters due within one wait horizon can be waiting at a time (plus one):
    # the run limit leaves room beyond them for catch-up and manual runs
    waiting_at_most = schedule.wait_horizon_days // 91 + 2
    assert dag.max_active_runs >= waiting_at_most + 4
    sensor = dag.get_task("wait_for_report")
    assert sensor.mode == "reschedule"
    assert sensor.poke_interval == schedule.poke_seconds
