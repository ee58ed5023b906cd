"""``scorecard_transform`` through ``dag.test()``: one dbt build, then the swap, and
write-audit-publish: a failing dbt test leaves the marts exactly as they were and fails the run,
naming the test.

A scratch database is loaded with two sample quarters through the load stage, then a forged
re-issue of one quarter (every Red turned Green, the kind of report the singular tests catch)
is loaded on top.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from airflowkit import task_states
from dbtkit import FORGED_QUARTERS as QUARTERS
from dbtkit import forged_reissue, load_truths
from samplekit import SAMPLES_DIR, dump_schema

from scorecard.settings import Settings, get_settings, libpq_url

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def transform_dag() -> Any:
    """The real DAG file, parsed with a 1 s retry delay (a dbt test failure must not wait)."""
    from scorecard.orchestration.airflow_home import ensure_airflow_db

    saved = os.environ.get("SCORECARD_RETRY_DELAY_SECONDS")
    os.environ["SCORECARD_RETRY_DELAY_SECONDS"] = "1"
    try:
        ensure_airflow_db()
        from airflow.dag_processing.dagbag import DagBag

        bag = DagBag(dag_folder=str(get_settings().dags_folder / "scorecard_transform.py"))
        assert bag.import_errors == {}
        return bag.get_dag("scorecard_transform")
    finally:
        if saved is None:
            os.environ.pop("SCORECARD_RETRY_DELAY_SECONDS", None)
        else:
            os.environ["SCORECARD_RETRY_DELAY_SECONDS"] = saved


@pytest.fixture
def loaded(scratch_warehouse: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """Two quarters loaded into a scratch database that Cosmos's connection points at."""
    settings = scratch_warehouse
    monkeypatch.setenv("AIRFLOW_CONN_SCORECARD_WAREHOUSE", libpq_url(settings.transformer_url))
    monkeypatch.setenv("SCORECARD_DBT_DBNAME", settings.db_name)
    load_truths(settings, [SAMPLES_DIR / f"{name}.json" for name in QUARTERS])
    yield settings


def test_one_build_then_the_swap_each_with_the_timeout_from_settings(transform_dag: Any) -> None:
    from scorecard.settings import get_transform_settings

    timeout = get_transform_settings().task_timeout
    assert sorted(transform_dag.task_dict) == ["dbt_build", "publish_marts"]
    for task in transform_dag.tasks:
        assert task.execution_timeout == timeout, task.task_id
    build = transform_dag.get_task("dbt_build")
    assert type(build).__module__ == "cosmos.operators.local"  # Cosmos's operator, as shipped
    publish = transform_dag.get_task("publish_marts")
    assert publish.upstream_task_ids == {"dbt_build"}  # the build passed: every node did
    assert [outlet.name for outlet in publish.outlets] == ["scorecard_marts"]
    assert [asset.name for asset in transform_dag.timetable.asset_condition.objects] == [
        "scorecard_raw"
    ]
    assert transform_dag.max_active_runs == 1  # events that arrive meanwhile fold into one run


def _run(dag: Any) -> tuple[str, dict[str, str]]:
    run = dag.test()
    return str(run.state), task_states(dag.dag_id, run.run_id)


def test_failing_dbt_test_leaves_the_marts_exactly_as_they_were(
    transform_dag: Any, loaded: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from scorecard import transform
    from scorecard.load import load_extraction

    transform.build(loaded, target_path=tmp_path)  # the last good marts, published
    good = dump_schema(loaded, "marts")
    assert good["fct_measure_quarter"], "the build published no marts"
    load_extraction(
        forged_reissue(QUARTERS[-1]),
        source_uri="file:///forged/derby-scorecard-2018-03-31.pdf",
        settings=loaded,
        require_validated=False,
    )
    caplog.clear()
    state, tasks = _run(transform_dag)

    assert state == "failed", tasks
    assert tasks["dbt_build"] == "failed", tasks
    assert tasks["publish_marts"] == "upstream_failed", tasks
    assert dump_schema(loaded, "marts") == good
    failures = [
        r.getMessage() for r in caplog.records if r.name == "scorecard.orchestration.defaults"
    ]
    assert any(
        line.startswith("scorecard_transform.dbt_build failed in run ")
        and "assert_status_consistent_with_polarity" in line
        for line in failures
    ), failures

    # the BI reader sees the published marts and nothing of the audit schema
    with psycopg.connect(libpq_url(loaded.reader_url), autocommit=True) as conn:
        conn.execute("select 1 from marts.fct_measure_quarter limit 1")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("select 1 from marts_audit.fct_measure_quarter limit 1")

    # Cosmos's cache (profile, partial parse) is private to this project home, holds no secret
    cache = Path(os.environ["AIRFLOW__COSMOS__CACHE_DIR"])
    assert cache.is_relative_to(loaded.home), cache
    assert cache.stat().st_mode & 0o777 == 0o700
    files = [path for path in cache.rglob("*") if path.is_file()]
    assert any(path.name == "profiles.yml" for path in files), files
    password = (loaded.transformer_url.password or "").encode()
    for path in files:
        assert not password or password not in path.read_bytes(), path
