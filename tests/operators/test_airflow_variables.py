"""Airflow's own variables for the API port, base URL and executor are honoured, or refused in
one line naming the project's setting: never silently ignored (a port moved with Airflow's own
variables once left every task calling the execution API on the old port)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scorecard.settings import runtime_environment
from scorecard.settings.env import EXPORTED, SettingError

SCORECARD = str(Path(sys.executable).with_name("scorecard"))
OURS = ("SCORECARD_AIRFLOW_PORT", "SCORECARD_AIRFLOW_URL", "SCORECARD_EXECUTOR")
AIRFLOWS = (
    "AIRFLOW__API__PORT",
    "AIRFLOW__API__BASE_URL",
    "AIRFLOW__CORE__EXECUTION_API_SERVER_URL",
    "AIRFLOW__CORE__EXECUTOR",
)


@pytest.fixture
def clean(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in (*OURS, *AIRFLOWS):
        monkeypatch.delenv(name, raising=False)
        # as in a new shell: nothing of this process's own exports is taken for Airflow's
        monkeypatch.delitem(EXPORTED, name, raising=False)
    return monkeypatch


@pytest.mark.parametrize(
    ("given", "port", "base"),
    [
        ({"AIRFLOW__API__PORT": "9191"}, "9191", "http://localhost:9191"),
        (
            {"AIRFLOW__API__PORT": "9191", "AIRFLOW__API__BASE_URL": "http://127.0.0.1:9191"},
            "9191",
            "http://127.0.0.1:9191",
        ),
        (
            {"SCORECARD_AIRFLOW_PORT": "9191", "AIRFLOW__API__PORT": "9191"},
            "9191",
            "http://localhost:9191",
        ),
        (  # behind a proxy: another host may name another port
            {"AIRFLOW__API__BASE_URL": "https://airflow.example.org"},
            "8080",
            "https://airflow.example.org",
        ),
    ],
)
def test_airflows_own_port_and_url_are_honoured_and_the_tasks_follow(
    clean: pytest.MonkeyPatch, given: dict[str, str], port: str, base: str
) -> None:
    for name, value in given.items():
        clean.setenv(name, value)
    env = runtime_environment()
    assert env["AIRFLOW__API__PORT"] == port
    assert env["AIRFLOW__API__BASE_URL"] == base
    assert env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] == f"{base}/execution/"


@pytest.mark.parametrize(
    ("given", "named"),
    [
        (
            {"AIRFLOW__API__PORT": "9191", "SCORECARD_AIRFLOW_PORT": "8090"},
            "set SCORECARD_AIRFLOW_PORT only",
        ),
        ({"AIRFLOW__API__BASE_URL": "http://localhost:9191"}, "set SCORECARD_AIRFLOW_PORT=9191"),
        (
            {"AIRFLOW__API__PORT": "9191", "AIRFLOW__API__BASE_URL": "http://localhost:8080"},
            "set SCORECARD_AIRFLOW_PORT=8080",
        ),
        (
            {"AIRFLOW__CORE__EXECUTOR": "CeleryExecutor", "SCORECARD_EXECUTOR": "LocalExecutor"},
            "set SCORECARD_EXECUTOR only",
        ),
        (
            {"AIRFLOW__CORE__EXECUTOR": "KubernetesExecutor"},
            "SCORECARD_EXECUTOR='KubernetesExecutor'",
        ),
    ],
)
def test_disagreeing_variables_are_refused_naming_the_setting(
    clean: pytest.MonkeyPatch, given: dict[str, str], named: str
) -> None:
    for name, value in given.items():
        clean.setenv(name, value)
    with pytest.raises(SettingError) as raised:
        runtime_environment()
    assert named in str(raised.value)
    assert "\n" not in str(raised.value)


def test_airflows_own_executor_brings_its_broker(clean: pytest.MonkeyPatch) -> None:
    clean.setenv("AIRFLOW__CORE__EXECUTOR", "CeleryExecutor")
    env = runtime_environment()
    assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
    assert env["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://127.0.0.1:")
    assert (
        env["AIRFLOW__CELERY__RESULT_BACKEND"] == f"db+{env['AIRFLOW__DATABASE__SQL_ALCHEMY_CONN']}"
    )


def test_a_command_refuses_at_start_in_one_line(clean: pytest.MonkeyPatch) -> None:
    import os

    env = {**os.environ, "AIRFLOW__API__PORT": "9191", "SCORECARD_AIRFLOW_PORT": "8090"}
    result = subprocess.run(
        [SCORECARD, "airflow", "version"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 4  # a configuration error (the README's exit codes)
    assert result.stderr.strip().splitlines() == [
        "Error: AIRFLOW__API__PORT=9191 disagrees with SCORECARD_AIRFLOW_PORT=8090: set "
        "SCORECARD_AIRFLOW_PORT only (the API server, the tasks' execution API URL and the "
        "workers follow it)"
    ]
