"""The pipeline on Airflow's CeleryExecutor, as ``make airflow-celery`` runs it: the real
scheduler, API server, DAG processor and triggerer, Debian's ``redis-server`` as the broker and
two ``airflow celery worker`` processes, one started stack shared by the scenario's steps (the
API server moved with Airflow's own ``AIRFLOW__API__PORT``/``AIRFLOW__API__BASE_URL``: every
task reaches the execution API there).

Both DAGs are unpaused with the schedule set to the twelve bundled quarters, and the first
quarter is triggered twice more by hand (the same quarter three times at once):

1. **a worker dies mid-load**: the loads are held inside their transaction (their COPY waits for
   a lock the test holds on ``raw.measures``) and the worker running one is killed with
   SIGKILL, with everything under it; a new worker joins. No partial report is left;
2. the killed load is **retried on another worker** and its run succeeds;
3. **two workers at once**: every run succeeds, loads ran on both live workers, different
   quarters at once and the same quarter three times (loaded once);
4. the **12-quarter catch-up reaches the marts**, and the raw tables are what one process
   loading every report in turn leaves (content compared, load times and run ids aside).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from airflowkit import free_port
from celerykit import CeleryStack
from dbtkit import drop_database, point_at, recreate_database
from noticekit import LineageSink

from scorecard.settings import PROJECT_DIR, Settings, libpq_url

pytestmark = pytest.mark.slow

INGEST, TRANSFORM = "scorecard_ingest", "scorecard_transform"
TOGETHER = "2016-06-30"  # also triggered twice by hand while the catch-up runs
SCORECARD = str(Path(sys.executable).with_name("scorecard"))
DONE = {"success", "failed"}


@pytest.fixture(scope="module")
def lineage() -> Iterator[LineageSink]:
    """An OpenLineage endpoint on 127.0.0.1 that the stack's tasks send their events to."""
    with LineageSink() as sink:
        yield sink


@pytest.fixture(scope="module")
def stack(
    warehouse: Settings, tmp_path_factory: pytest.TempPathFactory, lineage: LineageSink
) -> Iterator[CeleryStack]:
    from scorecard.warehouse.migrations import migrate

    tmp = tmp_path_factory.mktemp("celery")
    name = f"{warehouse.db_name}_celery"
    recreate_database(warehouse, name)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SCORECARD_DB_NAME", name)
        migrate(point_at(name))
    overrides = {
        "SCORECARD_DB_NAME": name,
        "SCORECARD_FIRST_QUARTER": "2016Q1",
        "SCORECARD_LAST_QUARTER": "2018Q4",
        "SCORECARD_LANDING_URL": f"file://{tmp / 'landing'}",
        "SCORECARD_RETRY_DELAY_SECONDS": "2",
        "SCORECARD_WAIT_HORIZON_DAYS": "100000",
        "SCORECARD_SENSOR_POKE_SECONDS": "120",
        # a task whose worker died is failed (then retried) after this many seconds of silence
        "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT": "20",
        "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT_DETECTION_INTERVAL": "5",
        "SCORECARD_LINEAGE_URL": lineage.url,
        "SCORECARD_CELERY_CONCURRENCY": "2",
        "AIRFLOW__CORE__PARALLELISM": "4",
    }
    try:
        with CeleryStack(tmp / "airflow", overrides, workers=2) as started:
            yield started
    finally:
        drop_database(warehouse, name)


def _settings(stack: CeleryStack) -> Settings:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SCORECARD_DB_NAME", stack.overrides["SCORECARD_DB_NAME"])
        return point_at(stack.overrides["SCORECARD_DB_NAME"])


def _trigger(stack: CeleryStack, period_end: str, tag: str) -> str:
    run_id = f"manual__{period_end}__{tag}"
    conf = json.dumps({"period_end": period_end})
    stack.cli("dags", "trigger", INGEST, "--conf", conf, "--run-id", run_id)
    return run_id


def _rows(settings: Settings, period_end: str) -> tuple[int, int]:
    with psycopg.connect(libpq_url(settings.warehouse_url)) as conn:
        reports = conn.execute(
            "select count(*) from raw.reports where period_end = %s", (period_end,)
        )
        measures = conn.execute(
            "select count(*) from raw.measures where period_end = %s", (period_end,)
        )
        return int(reports.fetchone()[0]), int(measures.fetchone()[0])  # type: ignore[index]


def _blocked_load(settings: Settings) -> int | None:
    """A backend waiting for the lock on ``raw.measures`` (a load's COPY), or None."""
    with psycopg.connect(libpq_url(settings.warehouse_url)) as conn:
        row = conn.execute(
            "select pid from pg_locks where not granted and relation = 'raw.measures'::regclass"
        ).fetchone()
        return int(row[0]) if row else None


def _backend_gone(settings: Settings, pid: int) -> bool:
    with psycopg.connect(libpq_url(settings.warehouse_url)) as conn:
        return conn.execute(
            "select count(*) from pg_stat_activity where pid = %s", (pid,)
        ).fetchone() == (0,)


def _ti(stack: CeleryStack, run_id: str, task_id: str) -> tuple[str, int, int | None]:
    [row] = stack.query(
        "select coalesce(state, 'none'), try_number, pid from task_instance"
        " where dag_id = ? and run_id = ? and task_id = ?",
        INGEST,
        run_id,
        task_id,
    ) or [("none", 0, None)]
    return row[0], int(row[1]), row[2]


def _incomplete_reports(settings: Settings) -> list[tuple[Any, ...]]:
    """Reports whose measures are not all there (a partial load would show here)."""
    with psycopg.connect(libpq_url(settings.warehouse_url)) as conn:
        return conn.execute(
            "select r.report_sha256, r.measure_count, count(m.measure_code) from raw.reports r"
            " left join raw.measures m using (report_sha256)"
            " group by r.report_sha256, r.measure_count having count(m.measure_code) <> r.measure_count"
        ).fetchall()


def _running_loads(stack: CeleryStack) -> list[tuple[str, int, int]]:
    """(run_id, try_number, pid) of every load task running now."""
    rows = stack.query(
        "select run_id, try_number, pid from task_instance where dag_id = ? and task_id = 'load'"
        " and state = 'running' and pid is not null",
        INGEST,
    )
    return [(run, int(number), int(pid)) for run, number, pid in rows]


KILLED: dict[str, Any] = {}
"""What the first step killed: the run, the load's try and the worker (the later steps check)."""


def test_a_worker_killed_mid_load_leaves_no_partial_rows(stack: CeleryStack) -> None:
    settings = _settings(stack)
    holder = psycopg.connect(libpq_url(settings.warehouse_url))
    holder.execute("lock table raw.measures in exclusive mode")  # every load's COPY waits here
    try:
        stack.cli("dags", "unpause", TRANSFORM)
        stack.cli("dags", "unpause", INGEST)  # the catch-up of twelve quarters starts
        KILLED["together"] = [_trigger(stack, TOGETHER, f"twice{i}") for i in range(2)]
        stack.wait_for(
            lambda: _blocked_load(settings), "a load to wait inside its transaction", 600
        )
        run_id, first_try, pid = stack.wait_for(
            lambda: _running_loads(stack), "a running load", 60
        )[0]
        victim = stack.wait_for(lambda: stack.worker_of_pid(pid), "the worker running it", 30)
        stack.kill_worker(victim)  # SIGKILL, mid-load: its report row is written, not committed
        KILLED.update(run=run_id, try_number=first_try, worker=victim)
    finally:
        holder.rollback()
        holder.close()
    stack.add_worker()  # a new machine joins
    stack.wait_for(
        lambda: _ti(stack, run_id, "load")[1] > first_try, "the load to be tried again", 300
    )
    assert _incomplete_reports(settings) == []


def test_the_killed_load_is_retried_on_another_worker_to_the_same_state(stack: CeleryStack) -> None:
    run_id = KILLED["run"]
    stack.wait_for(lambda: stack.runs(INGEST)[run_id] in DONE, "the retried load's run", 600)
    assert stack.runs(INGEST)[run_id] == "success", stack.tasks(INGEST, run_id)
    state, last_try, _ = _ti(stack, run_id, "load")
    assert state == "success" and last_try > KILLED["try_number"]
    assert stack.ran_on()[(INGEST, run_id, "load")] - {KILLED["worker"]}  # ran elsewhere too


def test_two_workers_load_different_quarters_and_the_same_quarter_at_once(
    stack: CeleryStack,
) -> None:
    runs = [*KILLED["together"], *(r for r in stack.runs(INGEST) if r.startswith("scheduled__"))]
    stack.wait_for(lambda: all(stack.runs(INGEST).get(r) in DONE for r in runs), "every run", 900)
    assert len(runs) == 14
    failed = {r: stack.tasks(INGEST, r) for r in runs if stack.runs(INGEST)[r] != "success"}
    assert failed == {}
    ran = stack.ran_on()
    loaded_by = set().union(*(ran.get((INGEST, r, "load"), set()) for r in runs))
    assert len(loaded_by - {KILLED["worker"]}) >= 2, loaded_by  # both live workers loaded
    assert _rows(_settings(stack), TOGETHER) == (1, _rows(_settings(stack), TOGETHER)[1])


def test_the_catch_up_reaches_the_marts_in_the_state_of_one_process(stack: CeleryStack) -> None:
    def transformed() -> bool:
        runs = stack.runs(TRANSFORM)
        done = bool(runs) and all(state in DONE for state in runs.values())
        return done and _marts_quarters(stack) == 12

    stack.wait_for(transformed, "the transform to publish twelve quarters", 600)
    assert set(stack.runs(TRANSFORM).values()) == {"success"}
    _same_raw_as_one_process(_settings(stack))


def _marts_quarters(stack: CeleryStack) -> int:
    settings = _settings(stack)
    with psycopg.connect(libpq_url(settings.warehouse_url)) as conn:
        try:
            row = conn.execute(
                "select count(distinct period_end) from marts.fct_measure_quarter"
            ).fetchone()
        except psycopg.errors.UndefinedTable:
            return 0
        return int(row[0]) if row else 0


RAW_COLUMNS = {
    "reports": "report_sha256, period_end, measure_count, is_current, superseded_by",
    "measures": "*",
}


def _raw(settings: Settings) -> dict[str, list[tuple[Any, ...]]]:
    with psycopg.connect(libpq_url(settings.warehouse_url)) as conn:
        return {
            table: sorted(conn.execute(f"select {columns} from raw.{table}").fetchall(), key=repr)
            for table, columns in RAW_COLUMNS.items()
        }


def _same_raw_as_one_process(celery: Settings) -> None:
    """The raw tables equal those one process leaves loading every report in turn."""
    from samplekit import cached_extraction

    from scorecard.load import Loader
    from scorecard.settings import get_settings

    name = f"{celery.db_name}_one"
    admin = get_settings()
    recreate_database(admin, name)
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("SCORECARD_DB_NAME", name)
            one = point_at(name)
            pdfs = sorted((PROJECT_DIR / "samples" / "reports").glob("derby-scorecard-*.pdf"))
            extractions = sorted(
                ((cached_extraction(pdf), pdf) for pdf in pdfs),
                key=lambda item: item[0]["report"]["time_fetched"],
            )
            with Loader(one) as loader:
                for extraction, pdf in extractions:
                    loader.load(extraction, source_uri=pdf.as_uri(), require_validated=False)
            assert _raw(celery) == _raw(one)
    finally:
        drop_database(admin, name)


def _datasets(events: list[dict[str, Any]], job: str, side: str) -> set[str]:
    return {
        f"{d['namespace']}/{d['name']}"
        for e in events
        if e.get("job", {}).get("name") == job and e.get("eventType") == "COMPLETE"
        for d in e.get(side) or []
    }


def test_lineage_names_the_report_the_landed_file_the_raw_tables_and_the_models(
    stack: CeleryStack, lineage: LineageSink
) -> None:
    """OpenLineage events (the provider's, sent where SCORECARD_LINEAGE_URL says) draw
    report -> landed file -> raw tables -> dbt models."""
    events = lineage.bodies
    fetch_in = _datasets(events, f"{INGEST}.fetch", "inputs")
    fetch_out = _datasets(events, f"{INGEST}.fetch", "outputs")
    load_in = _datasets(events, f"{INGEST}.load", "inputs")
    load_out = _datasets(events, f"{INGEST}.load", "outputs")
    assert any(
        name.endswith("derby-scorecard-2018-03-31.pdf") and "samples" in name for name in fetch_in
    ), fetch_in
    landed = {name for name in fetch_out if "/landing/" in name}
    assert landed and landed & load_in, (fetch_out, load_in)
    assert {name.rsplit("/", 1)[-1] for name in load_out} >= {
        f"{stack.overrides['SCORECARD_DB_NAME']}.raw.reports",
        f"{stack.overrides['SCORECARD_DB_NAME']}.raw.measures",
    }, load_out
    models = _datasets(events, f"{TRANSFORM}.dbt_build", "outputs")
    assert any("fct_measure_quarter" in name for name in models), sorted(models)[:20]


def test_celery_workers_are_airflows_own(stack: CeleryStack) -> None:
    """The workers answer Celery's own ping on the broker (the provider's app)."""
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("celery")),
            "--app",
            "airflow.providers.celery.executors.celery_executor.app",
            "inspect",
            "ping",
            "--json",
        ],
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    answered = json.loads(result.stdout.strip().splitlines()[-1])
    assert len(answered) >= 2 and all(name.startswith("scorecard-worker-") for name in answered)


def _status(stack: CeleryStack, **env: str) -> tuple[int, list[str]]:
    """``scorecard status``'s exit code, and its lines from its first own line on."""
    result = subprocess.run(
        [SCORECARD, "status", "--no-freshness"],
        env={**stack.env, **env},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    lines = result.stdout.splitlines()
    first = next(
        (i for i, line in enumerate(lines) if line.startswith(("tasks can start", "failing to"))),
        0,
    )
    return result.returncode, lines[first:]


def test_status_tells_a_deployment_that_cannot_start_tasks(stack: CeleryStack) -> None:
    """Healthy, then the execution API out of the tasks' reach, then no worker, then no broker:
    each named on status's first line, and a quarter held by it shown as failing to start."""
    code, lines = _status(stack)
    assert code == 0 and lines[0].startswith("tasks can start: CeleryExecutor, 2 worker(s)"), lines

    closed = f"http://127.0.0.1:{free_port()}/execution/"
    code, lines = _status(stack, AIRFLOW__CORE__EXECUTION_API_SERVER_URL=closed)
    assert code == 4 and lines[0].startswith(
        f"failing to start: tasks cannot reach the execution API at {closed}"
    ), lines

    for name in [n for n in stack.procs if n.startswith("worker-")]:
        stack.kill_worker(name)
    stack.cli("dags", "unpause", INGEST)  # as the scenario left it (this test alone, too)
    run_id = _trigger(stack, "2017-03-31", "no-worker")
    stack.wait_for(
        # the run's first task: the councils its steps are mapped over
        lambda: _ti(stack, run_id, "councils")[0] in {"scheduled", "queued"},
        "the task to be scheduled",
        120,
    )
    code, lines = _status(stack)
    assert code == 4 and "no Celery worker answers on the broker" in lines[0], lines
    [line] = [line for line in lines if run_id in line]
    assert "failing to start" in line and "councils cannot start" in line, line

    stack.procs["redis"].terminate()
    stack.procs["redis"].wait(timeout=30)
    code, lines = _status(stack)
    assert code == 4 and lines[0].startswith("failing to start: no broker: redis://127.0.0.1:"), (
        lines
    )
