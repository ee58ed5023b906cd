"""Run the real DAGs for a range of quarters without a scheduler (``scorecard backfill``).

One ``dag.test()`` run of ``scorecard_ingest`` per quarter, in order, then (when anything was
loaded) one run of ``scorecard_transform`` and, once it has published the marts, one of
``scorecard_docs``: the same DAGs, tasks and code the scheduler runs,
recorded in Airflow's metadata database so the runs show in the UI afterwards. Airflow's own
log lines go to a log file under ``.scorecard/logs/``; the terminal shows progress and results.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scorecard.errors import StepFailed
from scorecard.orchestration.status import NOT_AVAILABLE
from scorecard.quarters import Quarter, quarter_range
from scorecard.settings import Settings, apply_runtime_environment, get_settings

INGEST_DAG = "scorecard_ingest"
TRANSFORM_DAG = "scorecard_transform"
DOCS_DAG = "scorecard_docs"


class BackfillError(StepFailed):
    """The backfill could not run (set-up failed) or some quarters failed."""


@dataclass
class QuarterOutcome:
    quarter: Quarter
    state: str
    """``loaded``, ``unchanged`` (nothing new to load), ``not available`` (no report, past the
    wait horizon) or ``failed``."""
    task_states: dict[str, str]
    loads: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    reason: str | None = None

    def line(self) -> str:
        head = f"{self.quarter.label:<11} {self.quarter.period_end}  {self.state:<9}"
        if self.state == "failed":
            return f"{head} {self.reason or ''}".rstrip()
        if self.state == NOT_AVAILABLE:
            return f"{head} no report published, past the wait horizon"
        if self.loads:
            return f"{head} " + "; ".join(load["line"] for load in self.loads)
        return f"{head} every version already loaded"


@dataclass
class BackfillResult:
    quarters: list[QuarterOutcome]
    transform_state: str | None
    """``success``/``failed``, or ``None`` when nothing was loaded and dbt did not need to run."""
    log_file: Path
    stage_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(q.state != "failed" for q in self.quarters) and self.transform_state != "failed"


def prepare(settings: Settings | None = None) -> Settings:
    """Everything the DAGs need on embedded defaults: warehouse, migrations, Airflow DB, manifest."""
    from scorecard import warehouse
    from scorecard.orchestration.airflow_home import ensure_airflow_db
    from scorecard.warehouse.migrations import migrate

    s = settings or get_settings()
    apply_runtime_environment(s)
    # without a scheduler, a retry waits in this process: keep it short (the DAGs' default is
    # minutes, for a flaky council web site)
    os.environ.setdefault("SCORECARD_RETRY_DELAY_SECONDS", "5")
    # nor does it wait for reports: one not published by its due date is "not available" at
    # once (the scheduler is what waits, for a recent quarter, in reschedule mode)
    os.environ.setdefault("SCORECARD_WAIT_HORIZON_DAYS", "0")
    warehouse.ensure_running(s)
    migrate(s)
    ensure_airflow_db(s)
    ensure_manifest(s)
    return s


def ensure_manifest(settings: Settings | None = None) -> Path:
    """``dbt parse`` when the manifest Cosmos renders from is missing or older than the project."""
    from scorecard.transform.dbt import parse

    s = settings or get_settings()
    manifest = s.dbt_project_dir / "target" / "manifest.json"
    sources = [
        path
        for folder in ("models", "seeds", "macros", "tests")
        for path in (s.dbt_project_dir / folder).rglob("*")
        if path.is_file()
    ]
    sources += [s.dbt_project_dir / "dbt_project.yml", s.dbt_project_dir / "profiles.yml"]
    if manifest.exists() and all(p.stat().st_mtime <= manifest.stat().st_mtime for p in sources):
        return manifest
    return parse(s)


@contextlib.contextmanager
def _output_to(log_file: Path) -> Iterator[None]:
    """Send this process's stdout/stderr (fd level: Airflow and dbt write there) to a file."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with open(log_file, "a") as sink:
        os.dup2(sink.fileno(), 1)
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


def _dagbag(settings: Settings) -> Any:
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(settings.dags_folder))
    if bag.import_errors:
        problems = "; ".join(
            f"{path}: {error.splitlines()[-1]}" for path, error in bag.import_errors.items()
        )
        raise BackfillError(f"DAG files failed to import: {problems}")
    return bag


def _task_states(dag_id: str, run_id: str) -> dict[str, str]:
    from airflow.models.taskinstance import TaskInstance
    from airflow.utils.session import create_session

    with create_session() as session:
        rows = session.query(TaskInstance.task_id, TaskInstance.state).filter(
            TaskInstance.dag_id == dag_id, TaskInstance.run_id == run_id
        )
        return {task_id: str(getattr(state, "value", state)) for task_id, state in rows}


def _xcom(dag_id: str, run_id: str, task_id: str) -> Any:
    from airflow.models.xcom import XComModel
    from airflow.utils.session import create_session

    with create_session() as session:
        row = (
            session.query(XComModel.value)
            .filter(
                XComModel.dag_id == dag_id,
                XComModel.run_id == run_id,
                XComModel.task_id == task_id,
                XComModel.key == "return_value",
            )
            .first()
        )
    if row is None:
        return None
    value = row[0]
    if isinstance(value, str | bytes):
        import json

        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _failure_reason(states: dict[str, str], log_file: Path) -> str:
    failed = [task for task, state in states.items() if state in {"failed", "upstream_failed"}]
    first = failed[0] if failed else "?"
    reason = ""
    with contextlib.suppress(OSError):
        for line in reversed(log_file.read_text(errors="replace").splitlines()[-400:]):
            if " failed for quarter " in line or " failed in run " in line:
                reason = (
                    line.split(": ", 1)[-1].split(" [scorecard.orchestration.pipeline]")[0].strip()
                )
                break
    return f"task {first} failed{': ' + reason if reason else ''} (log: {log_file})"


def ingest_quarter(dag: Any, quarter: Quarter, log_file: Path) -> QuarterOutcome:
    """One ``dag.test()`` run of the ingest DAG for ``quarter``."""
    started = time.perf_counter()
    logical_date = datetime.combine(quarter.period_start, datetime.min.time(), tzinfo=UTC)
    with _output_to(log_file):
        run = dag.test(
            logical_date=logical_date, run_conf={"period_end": quarter.period_end.isoformat()}
        )
    states = _task_states(dag.dag_id, run.run_id)
    seconds = time.perf_counter() - started
    if str(run.state) != "success" and "failed" in "".join(states.values()):
        return QuarterOutcome(
            quarter, "failed", states, seconds=seconds, reason=_failure_reason(states, log_file)
        )
    if states.get("wait_for_report") == "skipped":
        return QuarterOutcome(quarter, NOT_AVAILABLE, states, seconds=seconds)
    loads = _xcom(dag.dag_id, run.run_id, "load") or []
    state = "loaded" if any(load.get("outcome") != "unchanged" for load in loads) else "unchanged"
    return QuarterOutcome(quarter, state, states, loads=list(loads), seconds=seconds)


def run_transform(dag: Any, log_file: Path, docs: Any = None) -> str:
    """One ``dag.test()`` run of the transform DAG, then (when it published the marts) of the
    docs DAG that the scheduler runs after it; the final state."""
    for each in (dag, docs):
        if each is None:
            continue
        with _output_to(log_file):
            run = each.test(run_conf={})
        states = _task_states(each.dag_id, run.run_id)
        if any(state in {"failed", "upstream_failed"} for state in states.values()):
            return "failed"
    return "success"


def backfill(
    first: Quarter,
    last: Quarter,
    *,
    settings: Settings | None = None,
    on_quarter: Callable[[QuarterOutcome], None] | None = None,
    on_stage: Callable[[str], None] | None = None,
    transform: str = "auto",
    docs: bool = True,
) -> BackfillResult:
    """Ingest every quarter from ``first`` to ``last`` through the DAGs, then transform.

    ``transform``: ``auto`` (run dbt when anything was loaded or the marts do not exist yet),
    ``always`` or ``never``. ``docs``: run ``scorecard_docs`` after a transform.
    """
    timings: dict[str, float] = {}
    notify = on_stage or (lambda _stage: None)
    clock = time.perf_counter()
    notify("preparing the warehouse, Airflow and the dbt manifest")
    s = prepare(settings)
    timings["prepare"] = time.perf_counter() - clock
    log_file = s.home / "logs" / f"backfill-{datetime.now(UTC):%Y%m%dT%H%M%S}.log"

    clock = time.perf_counter()
    with _output_to(log_file):
        bag = _dagbag(s)
    timings["parse_dags"] = time.perf_counter() - clock

    outcomes = []
    clock = time.perf_counter()
    for quarter in quarter_range(first, last):
        outcome = ingest_quarter(bag.get_dag(INGEST_DAG), quarter, log_file)
        outcomes.append(outcome)
        if on_quarter:
            on_quarter(outcome)
    timings["ingest"] = time.perf_counter() - clock

    loaded = any(o.state == "loaded" for o in outcomes)
    run_dbt = transform == "always" or (transform == "auto" and (loaded or not _marts_exist(s)))
    transform_state = None
    if run_dbt:
        notify("dbt build through Cosmos (scorecard_transform)")
        clock = time.perf_counter()
        transform_state = run_transform(
            bag.get_dag(TRANSFORM_DAG), log_file, docs=bag.get_dag(DOCS_DAG) if docs else None
        )
        timings["transform"] = time.perf_counter() - clock
    return BackfillResult(outcomes, transform_state, log_file, timings)


def _marts_exist(settings: Settings) -> bool:
    import psycopg

    from scorecard.settings import libpq_url

    with psycopg.connect(libpq_url(settings.warehouse_url)) as conn:
        row = conn.execute("select to_regclass('marts.fct_measure_quarter') is not null").fetchone()
    return bool(row and row[0])


def bundled_range(settings: Settings | None = None) -> tuple[Quarter, Quarter]:
    """First and last quarter of the bundled sample reports."""
    s = settings or get_settings()
    quarters = sorted(
        {
            Quarter.from_period_end(
                datetime.strptime(path.stem[len("derby-scorecard-") :][:10], "%Y-%m-%d").date()
            )
            for path in s.samples_dir.glob("derby-scorecard-*.pdf")
        },
        key=lambda q: q.period_end,
    )
    if not quarters:
        raise BackfillError(f"no sample reports in {s.samples_dir}")
    return quarters[0], quarters[-1]
