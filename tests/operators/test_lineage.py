"""OpenLineage through Airflow's provider: off unless configured, and then sent where configured.

Both runs go through ``airflow dags test`` of a two-task DAG (the task runner calls the
provider's listener, as a worker does) with an OpenLineage HTTP endpoint listening on 127.0.0.1:

- configured (``SCORECARD_LINEAGE_URL``): it receives a START and a COMPLETE event per task, in
  the pipeline's namespace;
- not configured, even with a stray ``OPENLINEAGE_URL`` pointing at it: it receives nothing by
  the time the run has ended.
"""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

import pytest
from airflowkit import AIRFLOW, migrated_home, stack_environment
from noticekit import LineageSink

from scorecard.settings import runtime_environment
from scorecard.settings.env import SettingError

pytestmark = pytest.mark.slow

DAG = textwrap.dedent(
    """
    from datetime import UTC, datetime

    from airflow.sdk import dag, task


    @dag(dag_id="lineage_probe", schedule=None, start_date=datetime(2016, 4, 1, tzinfo=UTC))
    def lineage_probe():
        @task
        def first():
            return 1

        @task
        def second(value):
            return value + 1

        second(first())


    lineage_probe()
    """
)


def _run(tmp_path: Path, overrides: dict[str, str]) -> None:
    dags = tmp_path / "dags"
    dags.mkdir()
    (dags / "lineage_probe.py").write_text(DAG)
    home = tmp_path / "airflow"
    env = stack_environment(home, overrides)
    env["AIRFLOW__CORE__DAGS_FOLDER"] = str(dags)
    env.update({k: v for k, v in overrides.items() if k.startswith("OPENLINEAGE")})
    migrated_home(home, env)
    result = subprocess.run(
        [AIRFLOW, "dags", "test", "lineage_probe"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_events_go_to_the_configured_endpoint(tmp_path: Path) -> None:
    with LineageSink() as sink:
        _run(tmp_path, {"SCORECARD_LINEAGE_URL": sink.url})
        events = sink.wait_for(4)
    assert set(sink.paths) == {"/api/v1/lineage"}
    by_task = {
        (event["job"]["name"], event["eventType"])
        for event in events
        if "job" in event and "." in event["job"]["name"]
    }
    for name in ("lineage_probe.first", "lineage_probe.second"):
        assert {(name, "START"), (name, "COMPLETE")} <= by_task, by_task
    assert {event["job"]["namespace"] for event in events} == {"council-scorecard"}


def test_nothing_is_sent_unless_configured(tmp_path: Path) -> None:
    with LineageSink() as sink:
        # a variable left in a shell must not switch lineage on: only the project's setting does
        _run(tmp_path, {"OPENLINEAGE_URL": sink.url})
    assert sink.bodies == []


@pytest.mark.parametrize(
    ("url", "transport"),
    [
        (
            "http://marquez:5000",
            {
                "type": "http",
                "url": "http://marquez:5000",
                "endpoint": "api/v1/lineage",
                "timeout": 5,
            },
        ),
        (
            "file:///var/lineage/events.jsonl",
            {"type": "file", "log_file_path": "/var/lineage/events.jsonl", "append": True},
        ),
    ],
)
def test_the_transport_follows_the_setting(
    monkeypatch: pytest.MonkeyPatch, url: str, transport: dict[str, object]
) -> None:
    monkeypatch.delenv("AIRFLOW__OPENLINEAGE__DISABLED", raising=False)
    monkeypatch.setenv("SCORECARD_LINEAGE_URL", url)
    env = runtime_environment()
    assert json.loads(env["AIRFLOW__OPENLINEAGE__TRANSPORT"]) == transport
    assert "AIRFLOW__OPENLINEAGE__DISABLED" not in env
    monkeypatch.setenv("SCORECARD_LINEAGE_URL", "kafka://broker:9092")
    with pytest.raises(SettingError, match="SCORECARD_LINEAGE_URL"):
        runtime_environment()
