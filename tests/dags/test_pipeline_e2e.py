"""End to end through the real DAGs (``dag.test()``), fed by a local HTTP server.

Sample reports are served from 127.0.0.1 with scripted answers; ``scorecard_ingest`` waits,
fetches, extracts, validates and loads them into a scratch database of the embedded warehouse;
``scorecard_transform`` builds the marts through Cosmos. The marts are checked against the
samples' truth files, and a rerun of a quarter must change nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from airflowkit import latest_tries, task_states
from fetchkit import Reply, ScriptedServer

from scorecard.quarters import Quarter
from scorecard.settings import PROJECT_DIR, Settings, get_settings, libpq_url

pytestmark = pytest.mark.slow

SAMPLES = PROJECT_DIR / "samples" / "reports"


def _pdf(name: str) -> bytes:
    return (SAMPLES / f"derby-scorecard-{name}.pdf").read_bytes()


def _truth(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SAMPLES / f"derby-scorecard-{name}.json").read_text())
    return data


@pytest.fixture(scope="module")
def server() -> Iterator[ScriptedServer]:
    srv = ScriptedServer()
    yield srv
    srv.close()


@pytest.fixture
def pipeline_env(
    scratch_warehouse: Settings,
    server: ScriptedServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Settings:
    """Scratch warehouse + landing area + a sources file pointing at the local server."""
    sources = tmp_path / "sources.yml"
    sources.write_text(
        "version: 1\n"
        "allow_http: true\n"
        f"template: {server.base}/reports/derby-scorecard-{{period_end}}.pdf\n"
        "periods:\n"
        "  2018-09-30:\n"
        f"    - {server.base}/reports/derby-scorecard-2018-09-30.pdf\n"
        f"    - {server.base}/reports/derby-scorecard-2018-09-30-v2.pdf\n"
    )
    monkeypatch.setenv("SCORECARD_SOURCES", str(sources))
    monkeypatch.setenv("SCORECARD_FETCH_ALLOW_ADDRESSES", "127.0.0.1")  # the local test server
    monkeypatch.setenv("SCORECARD_LANDING_URL", f"file://{tmp_path / 'landing'}")
    settings = get_settings()
    # Cosmos reaches the warehouse through the Airflow connection: point it at the scratch db
    monkeypatch.setenv("AIRFLOW_CONN_SCORECARD_WAREHOUSE", libpq_url(settings.transformer_url))
    monkeypatch.setenv("SCORECARD_DBT_DBNAME", settings.db_name)
    return settings


@pytest.fixture(scope="module")
def dags() -> dict[str, Any]:
    """The real DAG files, parsed with a 1 s sensor poke, short retry delays, no wait horizon."""

    from scorecard.orchestration.airflow_home import ensure_airflow_db

    parse_env = {
        "SCORECARD_SENSOR_POKE_SECONDS": "1",
        "SCORECARD_RETRY_DELAY_SECONDS": "1",
        # the sample quarters are years past due: wait for them as if they were recent
        "SCORECARD_WAIT_HORIZON_DAYS": "100000",
    }
    with pytest.MonkeyPatch.context() as mp:
        for key, value in parse_env.items():
            mp.setenv(key, value)
        ensure_airflow_db()
        from airflow.dag_processing.dagbag import DagBag

        bag = DagBag(dag_folder=str(get_settings().dags_folder))
        assert bag.import_errors == {}
        return {
            dag_id: bag.get_dag(dag_id) for dag_id in ("scorecard_ingest", "scorecard_transform")
        }


def _reports_loaded(settings: Settings, period_end: str) -> int:
    """How many versions of a quarter's report ``raw`` holds."""
    query = "select count(*) from raw.reports where period_end = %s"
    return int(_rows(settings, query, period_end)[0][0])


def _ingest(dag: Any, period_end: str) -> tuple[str, dict[str, str]]:
    quarter = Quarter.parse(period_end)
    logical = datetime.combine(quarter.period_start, datetime.min.time(), tzinfo=UTC)
    run = dag.test(logical_date=logical, run_conf={"period_end": period_end})
    return str(run.state), task_states(dag.dag_id, run.run_id)


def _rows(settings: Settings, query: str, *params: Any) -> list[tuple[Any, ...]]:
    with psycopg.connect(libpq_url(settings.warehouse_url)) as conn:
        return conn.execute(query, params).fetchall()


def _raw_dump(settings: Settings) -> list[list[tuple[Any, ...]]]:
    return [
        _rows(settings, f"select * from raw.{table} order by 1, 2")
        for table in ("reports", "measures", "report_supersessions")
    ]


def test_two_quarters_through_both_dags(
    dags: dict[str, Any], pipeline_env: Settings, server: ScriptedServer
) -> None:
    for name in ("2018-03-31", "2018-09-30", "2018-09-30-v2"):
        server.script(f"/reports/derby-scorecard-{name}.pdf", Reply(200, _pdf(name)))

    for period in ("2018-03-31", "2018-09-30"):
        state, tasks = _ingest(dags["scorecard_ingest"], period)
        assert state == "success", tasks
        assert tasks["load"] == "success"

    reports = _rows(
        pipeline_env, "select period_end::text, is_current from raw.reports order by 1, 2"
    )
    assert reports == [("2018-03-31", True), ("2018-09-30", False), ("2018-09-30", True)]

    run = dags["scorecard_transform"].test()
    states = task_states("scorecard_transform", run.run_id)
    assert set(states.values()) == {"success"}, states

    facts = {
        (code, str(period)): (target, actual, variance, on_target, revised)
        for code, period, target, actual, variance, on_target, revised in _rows(
            pipeline_env,
            "select measure_code, period_end, quarterly_target::float8, quarterly_actual::float8,"
            " variance::float8,"
            " is_on_target, is_revised from marts.fct_measure_quarter",
        )
    }
    assert facts[("CM PM09a", "2018-03-31")][:4] == (98.0, 97.8, pytest.approx(-0.2), False)
    assert facts[("AHH Local 2A2 (ii)", "2018-03-31")][1:2] == (593.6,)
    assert facts[("AHH Local 2A2 (ii)", "2018-03-31")][3] is True
    # the re-issued 2018-09-30 report corrected GOV PM01's quarterly actual
    corrected = next(
        m for m in _truth("2018-09-30-v2")["measures"] if m["measure_code"] == "GOV PM01"
    )
    assert facts[("GOV PM01", "2018-09-30")][1] == pytest.approx(corrected["quarterly_actual"])
    assert facts[("GOV PM01", "2018-09-30")][4] is True
    # one row per measure of the current report, and none for quarters not ingested
    for name, period in (("2018-03-31", "2018-03-31"), ("2018-09-30-v2", "2018-09-30")):
        codes = {m["measure_code"] for m in _truth(name)["measures"]}
        assert {code for code, p in facts if p == period} == codes
    assert {p for _, p in facts} == {"2018-03-31", "2018-09-30"}

    # the same quarter again: fetch finds it loaded, nothing downstream runs, nothing changes
    before = _raw_dump(pipeline_env)
    state, tasks = _ingest(dags["scorecard_ingest"], "2018-03-31")
    assert tasks["fetch"] == "success" and tasks["load"] == "skipped", tasks
    assert tasks["find_outdated"] == "success" and tasks["reload"] == "skipped", tasks
    assert _raw_dump(pipeline_env) == before


@pytest.mark.parametrize(
    ("period_end", "failures", "min_heads"),
    [
        # not published yet: the sensor pokes, is told 404, pokes again, then it loads
        ("2017-06-30", (404, 404), 2),
        # server errors: the fetch is retried, then it loads
        ("2017-09-30", (500, 503), 0),
    ],
    ids=["not-published-then-published-waits", "server-errors-are-retried"],
)
def test_the_report_loads_after_waiting_or_retrying(
    dags: dict[str, Any],
    pipeline_env: Settings,
    server: ScriptedServer,
    period_end: str,
    failures: tuple[int, ...],
    min_heads: int,
) -> None:
    path = f"/reports/derby-scorecard-{period_end}.pdf"
    server.script(path, *(Reply(status) for status in failures), Reply(200, _pdf(period_end)))
    state, tasks = _ingest(dags["scorecard_ingest"], period_end)
    assert state == "success", tasks
    assert len(server.seen(path, "HEAD")) >= min_heads
    assert _reports_loaded(pipeline_env, period_end) == 1


def test_html_error_page_fails_the_run_and_loads_nothing(
    dags: dict[str, Any], pipeline_env: Settings, server: ScriptedServer
) -> None:
    path = "/reports/derby-scorecard-2017-12-31.pdf"
    page = b"<!doctype html><html><body>Sorry, this page is unavailable</body></html>"
    server.script(path, Reply(200, page, {"Content-Type": "text/html"}))
    before = _raw_dump(pipeline_env)
    state, tasks = _ingest(dags["scorecard_ingest"], "2017-12-31")
    assert state == "failed"
    assert tasks["fetch"] == "failed" and tasks["load"] in {"upstream_failed", "none"}, tasks
    assert _raw_dump(pipeline_env) == before

    from scorecard.ingest.fetch import NotAPdf
    from scorecard.orchestration.pipeline import fetch_quarter

    with pytest.raises(NotAPdf, match=r"127\.0\.0\.1.*derby-scorecard-2017-12-31\.pdf"):
        fetch_quarter("2017-12-31", settings=pipeline_env)
    assert latest_tries("scorecard_ingest", "fetch") == 1  # refused at once, not retried


def test_bad_period_end_fails_at_once_with_one_attempt(
    dags: dict[str, Any], pipeline_env: Settings
) -> None:
    dag = dags["scorecard_ingest"]
    run = dag.test(
        logical_date=datetime(2018, 1, 1, tzinfo=UTC), run_conf={"period_end": "2018-03-15"}
    )
    tasks = task_states(dag.dag_id, run.run_id)
    assert str(run.state) == "failed" and tasks["wait_for_report"] == "failed", tasks
    assert latest_tries(dag.dag_id, "wait_for_report") == 1


def test_a_backfill_run_does_not_wait_for_a_missing_report(
    dags: dict[str, Any], pipeline_env: Settings, server: ScriptedServer, tmp_path: Path
) -> None:
    """``scorecard backfill``'s runs do not wait (the DAG here waits 100000 days): the run ends
    at once, its sensor skipped, and the outcome (read through the listener) says so."""
    from scorecard.orchestration.backfill import ingest_quarter

    server.script("/reports/derby-scorecard-2016-09-30.pdf", Reply(404))
    quarter = Quarter.parse("2016Q2")
    outcome = ingest_quarter(dags["scorecard_ingest"], quarter, tmp_path / "run.log")
    assert outcome.state == "not available", outcome.tasks
    assert outcome.tasks["wait_for_report[0]"].state == "skipped"  # the one council's
    assert "not available" in outcome.line()
