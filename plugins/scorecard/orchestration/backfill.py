"""Run the real DAGs for a range of quarters without a scheduler (``scorecard backfill``).

One ``dag.test()`` run of ``scorecard_ingest`` per quarter, in order, then (when anything was
loaded) one run of ``scorecard_transform`` and, once it has published the marts, one of
``scorecard_docs``: the same DAGs, tasks and code the scheduler runs,
recorded in Airflow's metadata database so the runs show in the UI afterwards. How each task
ended comes from Airflow's listener interface (:mod:`scorecard.orchestration.outcomes`), not from
its database or its logs. Airflow's own log lines go to a log file under ``.scorecard/logs/``;
the terminal shows progress and results. A run does not wait for a report that is not
published: it ends "not available" at once (the scheduler is what waits).
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
from scorecard.orchestration.defaults import DOCS_DAG, INGEST_DAG, TRANSFORM_DAG
from scorecard.orchestration.outcomes import TaskOutcome, recording
from scorecard.orchestration.status import NOT_AVAILABLE
from scorecard.quarters import Quarter, quarter_range
from scorecard.settings import Settings, get_settings

SENSOR = "wait_for_report"
LOADS = ("load", "reload")
"""The tasks whose return value says what a run loaded (a first load, a re-extraction)."""


class BackfillError(StepFailed):
    """The backfill could not run (set-up failed) or some quarters failed."""


@dataclass
class QuarterOutcome:
    quarter: Quarter
    state: str
    """``loaded``, ``unchanged`` (nothing new to load), ``not available`` (no report, past the
    wait horizon) or ``failed``."""
    tasks: dict[str, TaskOutcome]
    loads: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    reason: str | None = None

    def line(self) -> str:
        head = f"{self.quarter.label:<11} {self.quarter.period_end}  {self.state:<9}"
        if self.state == "failed":
            return f"{head} {self.reason or ''}".rstrip()
        if self.state == NOT_AVAILABLE:
            return f"{head} no report published"
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
    """Everything the DAGs need on embedded defaults: the warehouse, its migrations, Airflow's DB."""
    from scorecard import warehouse
    from scorecard.orchestration.airflow_home import ensure_airflow_db
    from scorecard.warehouse.migrations import migrate

    s = settings or get_settings()
    warehouse.ensure_running(s)
    migrate(s)
    ensure_airflow_db(s)
    return s


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


def _ends(outcomes: list[TaskOutcome]) -> dict[str, TaskOutcome]:
    """task id (``task_id[i]`` for council ``i`` of a mapped step) -> how it ended (the last
    outcome of a task that was retried)."""
    return {outcome.key: outcome for outcome in outcomes}


def _all(ends: dict[str, TaskOutcome], task_id: str) -> list[TaskOutcome]:
    """Every council's end of one step."""
    return [end for end in ends.values() if end.task_id == task_id]


def ingest_quarter(dag: Any, quarter: Quarter, log_file: Path) -> QuarterOutcome:
    """One ``dag.test()`` run of the ingest DAG for ``quarter`` (not waiting for its report)."""
    started = time.perf_counter()
    with _output_to(log_file), recording() as outcomes:
        dag.test(
            # the logical date of the scheduler's run of the quarter (its first day), inside
            # the DAG's start and end dates; the quarter itself comes from period_end
            logical_date=datetime.combine(quarter.period_start, datetime.min.time(), tzinfo=UTC),
            run_conf={"period_end": quarter.period_end.isoformat(), "wait": False},
        )
    ends = _ends(outcomes)
    seconds = time.perf_counter() - started
    failed = [end for end in ends.values() if end.state == "failed"]
    if failed:
        reason = f"task {failed[0].task_id} failed: {failed[0].reason} (log: {log_file})"
        return QuarterOutcome(quarter, "failed", ends, seconds=seconds, reason=reason)
    if all(end.state == "skipped" for end in _all(ends, SENSOR)):  # none published
        return QuarterOutcome(quarter, NOT_AVAILABLE, ends, seconds=seconds)
    loads = [
        load
        for task in LOADS
        for end in _all(ends, task)
        if end.state == "success"
        for load in end.value or []
    ]
    state = "loaded" if any(load.get("outcome") != "unchanged" for load in loads) else "unchanged"
    return QuarterOutcome(quarter, state, ends, loads=loads, seconds=seconds)


def run_transform(dag: Any, log_file: Path, docs: Any = None) -> str:
    """One ``dag.test()`` run of the transform DAG, then (when it published the marts) of the
    docs DAG that the scheduler runs after it; the final state."""
    for each in (dag, docs):
        if each is None:
            continue
        with _output_to(log_file), recording() as outcomes:
            each.test(run_conf={})
        if any(end.state == "failed" for end in _ends(outcomes).values()):
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
