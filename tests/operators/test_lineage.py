"""OpenLineage through Airflow's provider: off unless configured, and then sent where configured.

Not configured, even with a stray ``OPENLINEAGE_URL`` pointing at an OpenLineage endpoint on
127.0.0.1, a run through ``airflow dags test`` (the task runner calls the provider's listener, as
a worker does) sends it nothing. Configured, the events of the real DAGs on Celery workers name
the report, the landed file, the raw tables and the dbt models: ``tests/celery``.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from airflowkit import dags_test
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
    result = dags_test(tmp_path, DAG, "lineage_probe", overrides)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


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


def test_a_reports_web_address_is_a_dataset_of_the_lineage() -> None:
    """The OpenLineage provider converts an https report's address through the converter the
    project registers as provider information (no installed provider converts https). Fails
    when either side of that public interface changes."""
    from airflow.providers.openlineage.utils.utils import translate_airflow_asset
    from airflow.providers_manager import ProvidersManager
    from airflow.sdk import Asset

    assert "council-scorecard" in ProvidersManager().providers
    url = "https://democracy.example.gov.uk/documents/s123/Scorecard%20Q4.pdf?T=9"
    dataset = translate_airflow_asset(Asset(url), None)
    assert dataset is not None
    assert (dataset.namespace, dataset.name) == (
        "https://democracy.example.gov.uk",
        "/documents/s123/Scorecard%20Q4.pdf?T=9",
    )
    local = translate_airflow_asset(Asset("http://127.0.0.1:8765/reports/q4.pdf"), None)
    assert local is not None and local.namespace == "http://127.0.0.1:8765"
