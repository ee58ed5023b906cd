"""Scheduling and port settings: one variable each, read by the DAG file from scorecard.settings."""

from __future__ import annotations

from datetime import timedelta

import pytest

from scorecard.settings import airflow_ports_environment, get_schedule, get_settings

SCHEDULE_VARS = {
    "SCORECARD_PUBLICATION_LAG_DAYS": "45",
    "SCORECARD_WAIT_HORIZON_DAYS": "200",
    "SCORECARD_SENSOR_POKE_SECONDS": "600",
    "SCORECARD_RETRY_DELAY_SECONDS": "30",
    "SCORECARD_TASK_TIMEOUT_MINUTES": "12",
    "SCORECARD_MAX_ACTIVE_QUARTERS": "9",
    "SCORECARD_FIRST_QUARTER": "2017Q2",
    "SCORECARD_LAST_QUARTER": "2018Q1",
}


def test_one_setting_moves_the_api_port_and_the_execution_api(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SCORECARD_AIRFLOW_PORT", "18090")
    monkeypatch.setenv("SCORECARD_WORKER_LOG_PORT", "18793")
    monkeypatch.setenv("SCORECARD_TRIGGER_LOG_PORT", "18794")
    monkeypatch.delenv("SCORECARD_AIRFLOW_URL", raising=False)
    env = airflow_ports_environment()
    assert env["AIRFLOW__API__PORT"] == "18090"
    assert env["AIRFLOW__API__BASE_URL"] == "http://localhost:18090"
    assert env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] == "http://localhost:18090/execution/"
    assert env["AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT"] == "18793"
    assert env["AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT"] == "18794"


def test_defaults_are_documented_values(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SCHEDULE_VARS:
        monkeypatch.delenv(name, raising=False)
    schedule = get_schedule()
    assert (schedule.publication_lag_days, schedule.wait_horizon_days) == (60, 365)
    assert (schedule.poke_seconds, schedule.retry_delay_seconds) == (21600, 300)
    assert (schedule.first_quarter, schedule.last_quarter) == ("2016Q1", None)


def test_the_ingest_dag_reads_its_schedule_from_the_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from airflow.dag_processing.dagbag import DagBag

    for name, value in SCHEDULE_VARS.items():
        monkeypatch.setenv(name, value)
    bag = DagBag(dag_folder=str(get_settings().dags_folder / "scorecard_ingest.py"))
    assert bag.import_errors == {}
    dag = bag.get_dag("scorecard_ingest")
    assert dag.timetable.publication_lag == timedelta(days=45)
    assert dag.max_active_runs == 9
    assert dag.start_date.date().isoformat() == "2017-07-01"
    assert dag.end_date.date().isoformat() == "2018-04-01"  # 2018Q1 = Apr-Jun 2018
    sensor = dag.get_task("wait_for_report")
    assert sensor.poke_interval == 600
    assert sensor.schedule.wait_horizon_days == 200
    for task in dag.tasks:
        assert task.retry_delay == timedelta(seconds=30)
        assert task.execution_timeout == timedelta(minutes=12)
