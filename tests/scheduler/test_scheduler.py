"""The pipeline under Airflow's real scheduler, as a data engineer runs it from the README.

One scenario on one set of services (API server, scheduler, DAG processor, triggerer on free
ports, an isolated Airflow home, a scratch warehouse), the schedule limited to 2016Q1..2017Q2
and the report of 2017Q1 missing from the sources:

1. the DAG starts paused; the README's ``airflow backfill create`` for the four quarters of
   2016/17 makes runs that wait while it is paused;
2. unpaused with the README's commands: the backfill loads all four, catch-up runs 2017Q1
   (waits for its report, in reschedule mode) and 2017Q2 (loads); a manual run completes while
   2017Q1 waits, and a bad ``period_end`` fails its run at once, with one attempt;
3. every load updates the ``scorecard_raw`` asset; the transform runs it schedules (one at a
   time, events folded) all succeed, the last one starts after the last load, and the marts
   end complete: every loaded quarter is there; ``scorecard status`` (the REST API) lists
   2017Q1 as waiting; every backfill run's data interval is its quarter (Airflow names backfill
   runs itself); no ingest task log has a deprecation warning;
4. meanwhile ``scorecard backfill`` (``dag.test()``, no scheduler, its own Airflow home) of the
   same quarters into a second database of the same server: both end in the same raw tables
   and marts (compared on content; run ids and timestamps aside).
"""

from __future__ import annotations

import dataclasses
import json
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from airflowkit import AirflowStack, migrated_home, stack_environment
from psycopg import sql

from scorecard.settings import PROJECT_DIR, Settings, libpq_url

pytestmark = pytest.mark.slow

INGEST = "scorecard_ingest"
TRANSFORM = "scorecard_transform"
BACKFILL_QUARTERS = ["2016-06-30", "2016-09-30", "2016-12-31", "2017-03-31"]
MISSING = "2017-06-30"  # 2017Q1: no report in the sources, recent enough to be waited for
CAUGHT_UP = "2017-09-30"  # 2017Q2: after the missing one, loaded by catch-up
DONE = {"success", "failed"}
SCORECARD = str(Path(sys.executable).with_name("scorecard"))


def readme_backfill(from_date: str, to_date: str) -> tuple[list[str], list[list[str]]]:
    """The README's backfill steps (after ``uv run scorecard airflow``): the ``backfill create``
    command with the test's dates, then its ``dags unpause`` commands. The README's steps are
    the tested ones."""
    text = (PROJECT_DIR / "README.md").read_text()
    match = re.search(r"uv run scorecard airflow (backfill create .*?)\n(?!\s)", text, re.S)
    assert match, "README.md has no `uv run scorecard airflow backfill create` command"
    args = shlex.split(match.group(1).replace("\\\n", " "))
    args[args.index("--from-date") + 1] = from_date
    args[args.index("--to-date") + 1] = to_date
    unpause = re.findall(r"uv run scorecard airflow (dags unpause \S+)", text)
    assert len(unpause) >= 2, "README.md does not unpause both DAGs"
    return args, [command.split() for command in unpause]


@dataclasses.dataclass
class Scenario:
    stack: AirflowStack
    dag_test: subprocess.Popen[str]
    """``scorecard backfill`` of the same quarters into ``dag_test_db``, started with the stack."""
    dag_test_db: Settings
    dag_test_home: Path


@pytest.fixture
def scenario(scratch_warehouse: Settings, tmp_path: Path) -> Iterator[Scenario]:
    reports = tmp_path / "reports"
    reports.mkdir()
    for pdf in (PROJECT_DIR / "samples" / "reports").glob("derby-scorecard-20??-??-??.pdf"):
        if MISSING not in pdf.name:
            (reports / pdf.name).symlink_to(pdf)
    sources = tmp_path / "sources.yml"
    sources.write_text(f"version: 1\ntemplate: {reports}/derby-scorecard-{{period_end}}.pdf\n")
    common = {
        "SCORECARD_SOURCES": str(sources),
        "SCORECARD_FIRST_QUARTER": "2016Q1",
        "SCORECARD_LAST_QUARTER": "2017Q2",
        "SCORECARD_RETRY_DELAY_SECONDS": "5",
    }
    overrides = {
        **common,
        "SCORECARD_DB_NAME": scratch_warehouse.db_name,
        "SCORECARD_LANDING_URL": f"file://{tmp_path / 'landing'}",
        "SCORECARD_WAIT_HORIZON_DAYS": "100000",  # historic quarters waited for as if recent
        # not shorter: Airflow 3.3 can fail a reschedule sensor whose executor event is read
        # after its next poke was queued (apache/airflow#71172), likely on a loaded machine
        "SCORECARD_SENSOR_POKE_SECONDS": "120",
    }
    # the dag.test path: its own Airflow home and database, no wait horizon (it does not wait)
    other_db = dataclasses.replace(scratch_warehouse, db_name=f"{scratch_warehouse.db_name}_dt")
    home = tmp_path / "dag-test-home"
    env = stack_environment(
        home,
        {
            **common,
            "SCORECARD_DB_NAME": other_db.db_name,
            "SCORECARD_LANDING_URL": f"file://{tmp_path / 'landing-dag-test'}",
        },
    )
    migrated_home(home, env)
    _drop(other_db)
    dag_test = subprocess.Popen(
        [SCORECARD, "backfill", "--from", "2016Q1", "--to", "2017Q2", "--no-docs"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    try:
        with AirflowStack(tmp_path / "airflow", overrides) as stack:
            yield Scenario(stack, dag_test, other_db, home)
    finally:
        if dag_test.poll() is None:
            dag_test.kill()
            dag_test.wait()
        _drop(other_db)


def _drop(settings: Settings) -> None:
    admin = libpq_url(settings.superuser_url.set(database="postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("drop database if exists {} with (force)").format(
                sql.Identifier(settings.db_name)
            )
        )


def content(settings: Settings) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table in ``raw`` and ``marts``, without time stamps and generated
    ids (``timestamptz`` and ``uuid`` columns): what a load or a transform decides."""
    dump = {}
    with psycopg.connect(libpq_url(settings.warehouse_url)) as conn:
        tables = conn.execute(
            "select c.table_schema, c.table_name, array_agg(c.column_name::text order by c.column_name)"
            " from information_schema.columns c join information_schema.tables t"
            " using (table_schema, table_name)"
            " where c.table_schema in ('raw', 'marts') and t.table_type = 'BASE TABLE'"
            " and c.data_type not in ('timestamp with time zone', 'uuid')"
            " group by 1, 2"
        ).fetchall()
        for schema, table, columns in tables:
            query = sql.SQL("select {} from {}.{}").format(
                sql.SQL(", ").join(map(sql.Identifier, columns)),
                sql.Identifier(schema),
                sql.Identifier(table),
            )
            dump[f"{schema}.{table}"] = sorted(conn.execute(query).fetchall(), key=repr)
    return dump


def _marts_quarters(settings: Settings) -> set[str]:
    with psycopg.connect(libpq_url(settings.warehouse_url)) as conn:
        rows = conn.execute("select distinct period_end::text from marts.fct_measure_quarter")
        return {row[0] for row in rows}


def _run_of(stack: AirflowStack, period_end: str, run_type: str) -> str | None:
    """The run id of the ingest run of one type for a quarter (by conf or data interval)."""
    for run_id, conf, interval_end in stack.query(
        "select run_id, conf, data_interval_end from dag_run where dag_id = ? and run_type = ?",
        INGEST,
        run_type,
    ):
        wanted = _conf_period_end(conf) or str(interval_end or "")[:10]
        if wanted == period_end:
            return str(run_id)
    return None


def _conf_period_end(conf: object) -> str | None:
    if isinstance(conf, bytes | str) and conf:
        try:
            value = json.loads(conf)
        except ValueError:
            return None
        return value.get("period_end") if isinstance(value, dict) else None
    return None


def test_backfill_paused_then_unpaused_catch_up_past_a_missing_quarter(
    scenario: Scenario, scratch_warehouse: Settings
) -> None:
    stack = scenario.stack
    assert stack.query("select is_paused from dag where dag_id = ?", INGEST) == [(1,)]

    # 1. paused: the backfill's runs are created and wait
    create, unpause = readme_backfill("2016-04-01", "2017-01-01")
    stack.cli(*create)
    backfill = stack.wait_for(
        lambda: [r for r in stack.runs(INGEST) if r.startswith("backfill__")], "backfill runs"
    )
    assert len(backfill) == 4, backfill
    assert {stack.runs(INGEST)[r] for r in backfill} == {"queued"}

    # 2. unpaused (the README's commands), a bad period_end and a manual run at the same time
    bad_conf = json.dumps({"period_end": "2018-03-15"})
    trigger = subprocess.Popen([SCORECARD, "trigger", "2016Q1"], env=stack.env, text=True)
    stack.cli_all(*unpause, ["dags", "trigger", INGEST, "--conf", bad_conf])
    assert trigger.wait(timeout=180) == 0
    waiting = stack.wait_for(
        lambda: _waiting_run(stack), f"the {MISSING} run to wait for its report", timeout=420
    )
    assert waiting == "scheduled__2017Q1"  # run ids carry the quarter
    status = subprocess.Popen(  # read at the end: it lists 2017Q1 as waiting
        [SCORECARD, "status"], env=stack.env, stdout=subprocess.PIPE, text=True
    )

    bad = stack.wait_for(lambda: _finished_manual(stack, "2018-03-15"), "the bad run to fail")
    assert stack.runs(INGEST)[bad] == "failed"
    [(try_number, state, seconds)] = stack.query(
        "select try_number, state, (julianday(end_date) - julianday(start_date)) * 86400"
        " from task_instance where dag_id = ? and run_id = ? and task_id = 'wait_for_report'",
        INGEST,
        bad,
    )
    assert (try_number, state) == (1, "failed")
    assert seconds < 60

    manual = stack.wait_for(lambda: _finished_manual(stack, "2016-06-30"), "the manual run", 420)
    assert manual.startswith("manual__2016Q1__")
    assert stack.runs(INGEST)[manual] == "success", stack.tasks(INGEST, manual)
    [(first_wait,)] = stack.query(
        "select min(x.start_date) from task_reschedule x join task_instance t on t.id = x.ti_id"
        " where t.dag_id = ? and t.run_id = 'scheduled__2017Q1'",
        INGEST,
    )
    [(manual_end,)] = stack.query("select end_date from dag_run where run_id = ?", manual)
    assert first_wait < manual_end  # it completed while 2017Q1 was waiting

    # 3. every other run finishes; the transforms the loads schedule build complete marts
    def settled() -> bool:
        runs = stack.runs(INGEST)
        if not all(s in DONE for r, s in runs.items() if r != "scheduled__2017Q1"):
            return False
        [(last_load,)] = stack.query(
            "select max(end_date) from task_instance where dag_id = ? and task_id = 'load'",
            INGEST,
        )
        after = stack.query(
            "select state from dag_run where dag_id = ? and start_date >= ?", TRANSFORM, last_load
        )
        queued = stack.query("select count(*) from asset_dag_run_queue")[0][0]
        return bool(after) and {state for (state,) in after} <= DONE and not queued

    stack.wait_for(settled, "the ingest runs, then the transforms", timeout=600)
    transforms = stack.runs(TRANSFORM)
    assert set(transforms.values()) == {"success"}, transforms
    [(events,)] = stack.query(
        "select count(*) from asset_event e join asset a on a.id = e.asset_id"
        " where a.name = 'scorecard_raw'"
    )
    [(loads,)] = stack.query(
        "select count(*) from task_instance where dag_id = ? and task_id = 'load'"
        " and state = 'success'",
        INGEST,
    )
    assert events == loads >= 5  # every load, and only a load, updates scorecard_raw
    print(f"{events} scorecard_raw events scheduled {len(transforms)} transform run(s)")
    expected = {*BACKFILL_QUARTERS, CAUGHT_UP}
    assert _marts_quarters(scratch_warehouse) == expected
    for period_end in BACKFILL_QUARTERS:
        run_id = _run_of(stack, period_end, "backfill")
        assert run_id and stack.runs(INGEST)[run_id] == "success"
        assert stack.tasks(INGEST, run_id)["load"] == "success"
    assert stack.runs(INGEST)["scheduled__2017Q2"] == "success"
    assert _waiting_run(stack) == "scheduled__2017Q1"
    from scorecard.quarters import Quarter

    # Airflow names backfill runs after their due date (the README says so); the data interval
    # is the quarter, and status names the run of each quarter
    assert _run_of(stack, "2016-06-30", "backfill") == "backfill__2016-08-30T00:00:00+00:00"
    intervals = stack.query(
        "select run_id, data_interval_start, data_interval_end from dag_run"
        " where dag_id = ? and run_type = 'backfill'",
        INGEST,
    )
    for period_end in BACKFILL_QUARTERS:
        quarter = Quarter.from_period_end(_date(period_end))
        run_id = _run_of(stack, period_end, "backfill")
        [(start, end)] = [(s, e) for r, s, e in intervals if r == run_id]
        assert (str(start)[:10], str(end)[:10]) == (str(quarter.period_start), period_end)

    listed, _ = status.communicate(timeout=120)
    assert status.returncode == 0
    line = next(line for line in listed.splitlines() if MISSING in line)
    assert "waiting" in line, listed
    logs = (stack.home / "logs" / f"dag_id={INGEST}").rglob("*.log")
    warned = [str(path) for path in logs if "deprecat" in path.read_text().lower()]
    assert warned == []

    # 4. the dag.test path, run meanwhile into its own database, ends in the same state (without
    # the docs, which both would write to the same folder)
    dag_test_output, _ = scenario.dag_test.communicate(timeout=600)
    assert scenario.dag_test.returncode == 0, dag_test_output
    assert f"{MISSING}  not available" in dag_test_output, dag_test_output
    assert f"{CAUGHT_UP}  loaded" in dag_test_output, dag_test_output
    by_dag_test, by_scheduler = content(scenario.dag_test_db), content(scratch_warehouse)
    differences = {
        table: (
            sorted({repr(r) for r in by_dag_test[table]} - {repr(r) for r in theirs})[:3],
            sorted({repr(r) for r in theirs} - {repr(r) for r in by_dag_test[table]})[:3],
        )
        for table in by_dag_test
        if by_dag_test[table] != (theirs := by_scheduler.get(table, []))
    }
    assert differences == {}, differences


def _date(iso: str) -> Any:
    from datetime import date

    return date.fromisoformat(iso)


def _waiting_run(stack: AirflowStack) -> str | None:
    """The running run whose sensor has been rescheduled and is not finished, if any."""
    rows = stack.query(
        "select r.run_id from dag_run r join task_instance t"
        " on t.dag_id = r.dag_id and t.run_id = r.run_id"
        " where r.dag_id = ? and r.state = 'running' and t.task_id = 'wait_for_report'"
        " and t.state in ('up_for_reschedule', 'scheduled', 'queued', 'running')"
        " and exists (select 1 from task_reschedule x where x.ti_id = t.id)",
        INGEST,
    )
    return str(rows[0][0]) if rows else None


def _finished_manual(stack: AirflowStack, period_end: str) -> str | None:
    run_id = _run_of(stack, period_end, "manual")
    return run_id if run_id and stack.runs(INGEST).get(run_id) in DONE else None
