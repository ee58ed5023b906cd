"""Where every quarter stands: ``scorecard status``, from Airflow's runs of ``scorecard_ingest``.

One line per quarter from the schedule's first quarter to the latest one due (and any other
quarter that has a run), with the state of its latest run in a council analyst's words:

| state | meaning |
|---|---|
| ``loaded`` | the run loaded a report (or reloaded a new version) |
| ``unchanged`` | every published version was already loaded |
| ``waiting`` | no report yet; the run looks again later (reschedule mode, nothing held) |
| ``not available`` | no report, and it is past the wait horizon: the run ended without waiting |
| ``failed`` | a task failed; the task and the run id say where to look |
| ``retrying`` | a task failed and waits for its next try (the task is named) |
| ``failing to start`` | the run has tasks to start, but no task can start: the first line of the status says why (the scheduler, the execution API, the broker or the workers; :mod:`scorecard.orchestration.health`) |
| ``queued``/``running`` | the run has not finished |
| ``no run`` | no run for this quarter (e.g. before a backfill's first quarter): backfill it |
"""

from __future__ import annotations

# nothing here imports Airflow at module level: the command line imports this module before it
# has set Airflow's environment
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from scorecard.orchestration.defaults import INGEST_DAG
from scorecard.quarters import Quarter, quarter_range

NOT_AVAILABLE = "not available"


@dataclass(frozen=True)
class QuarterStatus:
    quarter: Quarter
    state: str
    run_id: str | None = None
    detail: str = ""

    def line(self) -> str:
        head = f"{self.quarter.label:<11} {self.quarter.code:<7} {self.quarter.period_end}"
        return f"{head}  {self.state:<13} {self.run_id or '-'}  {self.detail}".rstrip()


STARTING = {"none", "None", "scheduled", "queued", "up_for_retry"}
"""Task states of a task that has yet to start (again)."""

TELLING = (
    "failed", "upstream_failed", "up_for_retry", "running", "queued", "scheduled",
    "up_for_reschedule", "deferred", "restarting", "success", "skipped",
)  # fmt: skip
"""A step mapped over councils shows as its most telling council's state, in this order: one
council failing or still waiting makes the step so; it is skipped only when every one is."""


def merged_state(seen: str | None, state: str) -> str:
    """The state of a mapped step, given one more council's ``state``."""
    if seen is None:
        return state
    rank = {name: i for i, name in enumerate(TELLING)}
    return min(seen, state, key=lambda s: rank.get(s, len(TELLING)))


def run_state(run_state: str, tasks: dict[str, str], can_start: bool = True) -> tuple[str, str]:
    """A run's state in the table's words, and a detail (the failed task). ``can_start`` is
    whether the deployment can start a task now (:mod:`scorecard.orchestration.health`)."""
    sensor = tasks.get("wait_for_report")
    if sensor == "skipped":
        return NOT_AVAILABLE, ""
    if run_state == "failed":
        failed = [t for t, s in tasks.items() if s in {"failed", "upstream_failed"}]
        return "failed", f"task {failed[0]} failed" if failed else ""
    if run_state in {"queued", "running"} and not can_start:
        pending = [t for t, s in tasks.items() if s in STARTING] or list(tasks)
        if sensor != "up_for_reschedule" or run_state == "queued":
            return "failing to start", f"task {pending[0]} cannot start" if pending else ""
    if sensor == "up_for_reschedule" and run_state == "running":
        return "waiting", ""
    retrying = [t for t, s in tasks.items() if s == "up_for_retry"]
    if retrying and run_state == "running":
        return "retrying", f"task {retrying[0]} failed and will be tried again"
    if run_state == "success":
        if "success" in (tasks.get("load"), tasks.get("reload")):
            return "loaded", ""
        return "unchanged", ""
    return run_state, ""


def quarter_statuses(
    first: Quarter, latest_due: Quarter, can_start: bool = True
) -> list[QuarterStatus]:
    """Every quarter's status, from Airflow's REST API (the latest run of each quarter);
    ``can_start``: whether the deployment can start tasks now (see :func:`run_state`)."""
    from scorecard.orchestration.api import AirflowApi
    from scorecard.orchestration.timetable import quarter_of_run

    latest: dict[Quarter, QuarterStatus] = {}
    with AirflowApi() as api:
        runs = list(api.pages(f"dags/{INGEST_DAG}/dagRuns", "dag_runs", order_by="id"))
        tasks: dict[str, dict[str, str]] = {}
        for ti in api.pages(f"dags/{INGEST_DAG}/dagRuns/~/taskInstances", "task_instances"):
            run_tasks = tasks.setdefault(ti["dag_run_id"], {})
            task_id = ti["task_id"]
            run_tasks[task_id] = merged_state(run_tasks.get(task_id), str(ti.get("state")))
    for run in runs:  # creation order: the last one per quarter wins
        quarter = quarter_of_run(run.get("conf"), _moment(run.get("data_interval_end")))
        if quarter is None:
            continue
        state, detail = run_state(
            str(run.get("state")), tasks.get(run["dag_run_id"], {}), can_start
        )
        if state == "waiting":
            detail = f"not available after {_wait_ends(quarter):%Y-%m-%d}"
        latest[quarter] = QuarterStatus(quarter, state, run["dag_run_id"], detail)
    for quarter in quarter_range(first, latest_due):
        latest.setdefault(quarter, QuarterStatus(quarter, "no run"))
    return [latest[q] for q in sorted(latest)]


def _moment(text: Any) -> datetime | None:
    return datetime.fromisoformat(str(text).replace("Z", "+00:00")) if text else None


def _wait_ends(quarter: Quarter) -> datetime:
    from scorecard.orchestration.runs import wait_ends
    from scorecard.settings import get_schedule

    return wait_ends(quarter, get_schedule())


def schedule_bounds(now: datetime | None = None) -> tuple[Quarter, Quarter]:
    """The schedule's first quarter and the latest quarter due now (its last one if earlier)."""
    from datetime import timedelta

    from scorecard.orchestration.timetable import QuarterlyTimetable
    from scorecard.settings import get_schedule

    schedule = get_schedule()
    timetable = QuarterlyTimetable(timedelta(days=schedule.publication_lag_days))
    latest = timetable.latest_due(now or datetime.now(UTC))
    if schedule.last_quarter:
        latest = min(latest, Quarter.parse(schedule.last_quarter))
    return Quarter.parse(schedule.first_quarter), latest


def not_available() -> list[Quarter]:
    """Quarters whose latest run ended as "not available"."""
    first, latest = schedule_bounds()
    return [s.quarter for s in quarter_statuses(first, latest) if s.state == NOT_AVAILABLE]
