"""The pipeline under Airflow's real scheduler, as a data engineer runs it from the README.

One scenario on one set of services (API server, scheduler, DAG processor, triggerer on free
ports, an isolated Airflow home, a scratch warehouse), the schedule limited to 2016Q1..2017Q2
and the report of 2017Q1 missing from the sources:

1. the DAG starts paused; the README's ``airflow backfill create`` for the four quarters of
   2016/17 makes runs that wait while it is paused;
2. unpaused: the backfill loads all four, catch-up runs 2017Q1 (waits for its report, in
   reschedule mode) and 2017Q2 (loads); a manual run completes meanwhile and a bad
   ``period_end`` fails its run at once, with one attempt;
3. the asset-scheduled transform builds the marts: every loaded quarter is there, and
   ``scorecard status`` lists 2017Q1 as waiting; no ingest task log has a deprecation warning;
4. ``scorecard backfill`` (``dag.test()``, no scheduler) of two of those quarters finds
   nothing to change: both paths agree on the warehouse state.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from airflowkit import AirflowStack, stack_environment
from samplekit import dump_schema

from scorecard.settings import PROJECT_DIR, Settings, libpq_url

pytestmark = pytest.mark.slow

INGEST = "scorecard_ingest"
BACKFILL_QUARTERS = ["2016-06-30", "2016-09-30", "2016-12-31", "2017-03-31"]
MISSING = "2017-06-30"  # 2017Q1: no report in the sources, recent enough to be waited for
CAUGHT_UP = "2017-09-30"  # 2017Q2: after the missing one, loaded by catch-up
DONE = {"success", "failed"}


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


@pytest.fixture
def stack(scratch_warehouse: Settings, tmp_path: Path) -> Iterator[AirflowStack]:
    from scorecard.backfill import ensure_manifest

    ensure_manifest()
    reports = tmp_path / "reports"
    reports.mkdir()
    for pdf in (PROJECT_DIR / "samples" / "reports").glob("derby-scorecard-20??-??-??.pdf"):
        if MISSING not in pdf.name:
            (reports / pdf.name).symlink_to(pdf)
    sources = tmp_path / "sources.yml"
    sources.write_text(f"version: 1\ntemplate: {reports}/derby-scorecard-{{period_end}}.pdf\n")
    overrides = {
        "SCORECARD_DB_NAME": scratch_warehouse.db_name,
        "SCORECARD_SOURCES": str(sources),
        "SCORECARD_LANDING_URL": f"file://{tmp_path / 'landing'}",
        "SCORECARD_FIRST_QUARTER": "2016Q1",
        "SCORECARD_LAST_QUARTER": "2017Q2",
        "SCORECARD_WAIT_HORIZON_DAYS": "100000",  # historic quarters waited for as if recent
        # not shorter: Airflow 3.3 can fail a reschedule sensor whose executor event is read
        # after its next poke was queued (apache/airflow#71172), likely on a loaded machine
        "SCORECARD_SENSOR_POKE_SECONDS": "120",
        "SCORECARD_RETRY_DELAY_SECONDS": "5",
    }
    with AirflowStack(tmp_path / "airflow", overrides) as running:
        yield running


def _marts_quarters(settings: Settings) -> set[str]:
    with psycopg.connect(libpq_url(settings.warehouse_url)) as conn:
        if not conn.execute("select to_regclass('marts.fct_measure_quarter')").fetchone()[0]:
            return set()
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
    stack: AirflowStack, scratch_warehouse: Settings, tmp_path: Path
) -> None:
    assert stack.query("select is_paused from dag where dag_id = ?", INGEST) == [(1,)]

    # 1. paused: the backfill's runs are created and wait
    create, unpause = readme_backfill("2016-04-01", "2017-01-01")
    stack.cli(*create)
    backfill = stack.wait_for(
        lambda: [r for r in stack.runs(INGEST) if r.startswith("backfill__")], "backfill runs"
    )
    assert len(backfill) == 4, backfill
    assert {stack.runs(INGEST)[r] for r in backfill} == {"queued"}

    # 2. unpaused: backfill and catch-up run; a manual run and a bad period_end meanwhile
    for command in unpause:
        stack.cli(*command)
    stack.cli("dags", "trigger", INGEST, "--conf", json.dumps({"period_end": "2018-03-15"}))
    waiting = stack.wait_for(
        lambda: _waiting_run(stack), f"the {MISSING} run to wait for its report", timeout=420
    )
    assert waiting == "scheduled__2017Q1"  # run ids carry the quarter

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

    scorecard = str(Path(sys.executable).with_name("scorecard"))
    subprocess.run([scorecard, "trigger", "2016Q1"], env=stack.env, check=True, timeout=180)
    manual = stack.wait_for(
        lambda: _finished_manual(stack, "2016-06-30"), "the manual run", timeout=420
    )
    assert manual.startswith("manual__2016Q1__")
    assert stack.runs(INGEST)[manual] == "success", stack.tasks(INGEST, manual)

    # 3. every quarter asked for and caught up is in the marts; the missing one still waits
    expected = {*BACKFILL_QUARTERS, CAUGHT_UP}
    stack.wait_for(
        lambda: expected <= _marts_quarters(scratch_warehouse),
        f"quarters {sorted(expected)} in the marts",
        timeout=600,
        every=5,
    )
    assert _marts_quarters(scratch_warehouse) == expected
    for period_end in BACKFILL_QUARTERS:
        run_id = _run_of(stack, period_end, "backfill")
        assert run_id and stack.runs(INGEST)[run_id] == "success"
        assert stack.tasks(INGEST, run_id)["load"] == "success"
    assert stack.runs(INGEST)["scheduled__2017Q2"] == "success"
    assert _waiting_run(stack) == "scheduled__2017Q1"
    notes = dict(
        stack.query(
            "select r.run_id, n.content from dag_run r join dag_run_note n on n.dag_run_id = r.id"
            " where r.dag_id = ?",
            INGEST,
        )
    )
    assert "2016Q1" in notes[_run_of(stack, "2016-06-30", "backfill") or ""]

    status = subprocess.run(
        [scorecard, "status"],
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert status.returncode == 0, status.stderr
    line = next(line for line in status.stdout.splitlines() if MISSING in line)
    assert "waiting" in line, status.stdout
    logs = (stack.home / "logs" / f"dag_id={INGEST}").rglob("*.log")
    warned = [str(path) for path in logs if "deprecat" in path.read_text().lower()]
    assert warned == []

    # 4. the dag.test path (its own Airflow home) sees the same state: nothing to change
    before = {schema: dump_schema(scratch_warehouse, schema) for schema in ("raw", "audit")}
    dag_test_env = stack_environment(tmp_path / "dag-test-home", stack.overrides)
    backfill = subprocess.run(
        [scorecard, "backfill", "--from", "2016Q3", "--to", "2016Q4", "--transform", "never"],
        env=dag_test_env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert backfill.returncode == 0, backfill.stdout + backfill.stderr
    lines = [line for line in backfill.stdout.splitlines() if "already loaded" in line]
    assert len(lines) == 2, backfill.stdout
    assert {schema: dump_schema(scratch_warehouse, schema) for schema in before} == before


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
